"""Figures of interleaved rounds: per-page medians, minima, renderings, paired ratios, the tables."""

from bench.speed.__main__ import pick_pages
from bench.speed.rounds import ContenderRun, Timing
from bench.speed.stats import figures, paired_ratio, speed_tables

RENDERINGS = {"a": "scan", "b": "fax"}


def t(
    file: str, rnd: int, cpu: float, wall: float | None = None, pages: int = 1, error: str | None = None
) -> Timing:
    return Timing(file=file, round=rnd, cpu_s=cpu, wall_s=wall or 2 * cpu, pages=pages, error=error)


def test_medians_minima_renderings_and_ratios() -> None:
    base = figures(
        ContenderRun(
            name="formtally",
            timings=[
                t("a", 0, 1.0),
                t("a", 1, 3.0),
                t("a", 2, 2.0),
                t("b", 0, 4.0, pages=2),
                t("b", 1, 8.0, pages=2),
            ],
            peak_rss_mb=400,
            init_s=2.0,
        ),
        RENDERINGS,
    )
    assert base.per_file_cpu == {"a": 2.0, "b": 3.0}  # b: 2.0 and 4.0 per page
    assert base.cpu_median == 2.5 and base.cpu_min == 1.0 and base.wall_min == 2.0
    assert base.by_rendering == {"scan": 2.0, "fax": 3.0}
    peer = figures(
        ContenderRun(
            name="rapidocr-page",
            timings=[t("a", 0, 10.0), t("a", 1, 12.0), t("b", 0, 9.0), t("b", 1, 1.0, error="ValueError: x")],
            peak_rss_mb=900,
        ),
        RENDERINGS,
    )
    assert peer.per_file_cpu == {"a": 11.0, "b": 9.0} and peer.errors == ["ValueError: x"]
    assert paired_ratio(peer, base) == (11.0 / 2.0 + 9.0 / 3.0) / 2
    missing = figures(ContenderRun(name="paddleocr-page", unavailable="paddleocr not installed"), RENDERINGS)
    table = speed_tables([base, peer, missing], ["scan", "fax"])
    assert "| formtally | table pipeline" in table
    assert "| 10.00 | 9.00 | 20.00 | 18.00 | 4.00× | 4.25× | 900 |" in table
    assert "| paddleocr-page | whole-page OCR" in table and "not available: paddleocr not installed" in table
    assert "| rapidocr-page | 11.00 | 9.00 |" in table
    assert "- rapidocr-page: ValueError: x" in table


def test_pages_of_every_rendering_from_distinct_forms(tmp_path) -> None:
    import json

    entries = []
    for form in ("f1", "f2", "f3"):
        for rendering in ("scan", "fax"):
            (tmp_path / form).mkdir(exist_ok=True)
            (tmp_path / form / f"{rendering}.png").write_bytes(b"")
            entries.append(
                {"form_id": form, "rendering": rendering, "file": f"{form}/{rendering}.png", "pages": 1,
                 "layout": "national", "truth": f"{form}/truth.json"}
            )  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps(entries), encoding="utf-8")
    pages = pick_pages(tmp_path, ["scan", "fax"], 1)
    assert sorted(pages.values()) == ["fax", "scan"]
    assert len({p.parent.name for p in pages}) == 2  # the fax page is of a form not yet timed
