from bench.speed.phase import PageTiming, PhaseResult
from bench.speed.stats import speed_row, speed_table


def timing(file, seconds, pages=1, error=None):
    return PageTiming(
        file=file, seconds=seconds, pages=pages, stages={"ocr": seconds * 0.8, "total": seconds}, error=error
    )


def phase(workers, timings, wall, rss):
    return PhaseResult(workers=workers, wall_s=wall, timings=timings, peak_rss_mb=rss, init_s=1.0)


def test_medians_throughput_and_ratios():
    formtally = speed_row(
        "formtally",
        [
            phase(
                1,
                [timing("a", 1.0), timing("a", 3.0), timing("a", 2.0), timing("b", 4.0, pages=2)],
                10.0,
                [500],
            ),
            phase(2, [timing("a", 1.0), timing("b", 2.0)], 1.5, [510, 520]),
        ],
    )
    assert formtally.seconds_per_page == 2.0  # per file medians a: 2.0, b: 2.0 (4 s / 2 pages)
    assert formtally.stages["ocr"] == 1.6
    assert formtally.pages_per_minute == {1: 60.0 * 5 / 10.0, 2: 60.0 * 2 / 1.5}
    assert formtally.peak_rss_mb == 520
    peer = speed_row(
        "paddleocr-page",
        [
            phase(1, [timing("a", 9.0), timing("b", 1.0, error="ValueError: x")], 9.0, [900]),
            phase(2, [], 0.0, []),
        ],
    )
    assert peer.seconds_per_page == 9.0 and peer.errors == ["ValueError: x"]
    assert peer.pages_per_minute[2] is None
    missing = speed_row("tesseract-page", [PhaseResult(workers=1, unavailable="no chi_sim")])
    table = speed_table([formtally, peer, missing], [1, 2])
    assert "| paddleocr-page | 9.00 | 4.50× |" in table
    assert "| tesseract-page | not available: no chi_sim |" in table
    assert "- paddleocr-page: ValueError: x" in table
