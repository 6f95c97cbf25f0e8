"""The real-form fixtures rendered as pages: every fixture lays out with glyphs the committed fonts
have, the rendered tables give the mapper what the fixture grid gives it, and one small page goes
through the extractor and the scorer end to end."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from bench.real_forms import RealForm, fixture_paths, load_fixture, score
from bench.real_forms_ocr import (
    _code_digest,
    choose,
    extract_and_score,
    fixture_layout,
    layout_pages,
    render_fixture,
)
from extraction.mapping import map_pages
from samplegen.realgrid import drop_unruled, merged_cells
from samplegen.variety.build import missing_glyphs

SMALL = "jiangxi_2021_shangrao_justice_head"  # one page, 7 rows, an unruled column


def _fixtures() -> list[RealForm]:
    return [load_fixture(p) for p in fixture_paths()]


def test_every_fixture_lays_out_round_trips_and_maps_as_its_grid() -> None:
    for fx in _fixtures():
        layout, scales = fixture_layout(fx)
        assert not missing_glyphs(layout), fx.name
        assert len(layout.pages) == len(fx.pages)
        for page, grid in zip(layout.pages, fx.pages, strict=True):
            want = [
                (c.row, c.col, c.row_span, c.col_span, c.text) for c in merged_cells(drop_unruled(grid.rows))
            ]
            got = [(c.row, c.col, c.row_span, c.col_span, c.text) for c in page.tables[0].cells]
            assert got == want, fx.name
            shown = [line.text for t in page.texts for line in t.lines]
            assert "".join(shown) == "".join(grid.above + grid.below), fx.name
        result = score(fx, map_pages(layout_pages(layout, scales)))
        assert result.right == result.total, (fx.name, result.wrong[:3])


def test_choose_by_name_and_limit() -> None:
    fixtures = _fixtures()
    assert [f.name for f in choose(fixtures, ["jiangxi"], None)] == [SMALL]
    picked = choose(fixtures, None, 5)
    assert len(picked) == 5 and len({f.name for f in picked}) == 5


def test_renders_are_cached_by_content(tmp_path: Path) -> None:
    fx = load_fixture(next(p for p in fixture_paths() if p.stem == SMALL))
    code = _code_digest()
    first = render_fixture(fx, ["clean", "fax"], tmp_path, code)
    assert [Path(r.file).suffix for r in first] == [".png", ".png"]
    with Image.open(first[0].file) as img:
        assert img.size == (2480, 3508)
    with Image.open(first[1].file) as img:
        assert img.mode == "1" and img.size[0] < 2480  # 200 dpi, one bit
    stamp = Path(first[0].file).stat().st_mtime_ns
    again = render_fixture(fx, ["clean"], tmp_path, code)
    assert again[0].file == first[0].file and Path(again[0].file).stat().st_mtime_ns == stamp
    other = render_fixture(fx, ["clean"], tmp_path, code + "changed")
    assert other[0].file != first[0].file


def test_one_clean_page_through_the_extractor(tmp_path: Path) -> None:
    from bench.extractors import make_extractor

    fx = load_fixture(next(p for p in fixture_paths() if p.stem == SMALL))
    rendered = render_fixture(fx, ["clean"], tmp_path, _code_digest())[0]
    result = extract_and_score(make_extractor("formtally"), (fx, rendered, tmp_path / "pred"))
    assert result.error is None and result.forms >= 1
    assert result.total == len(fx.expected.fields) + len(fx.expected.funds) + 1 + sum(
        len(r) for r in fx.expected.indicators
    )
    assert result.right / result.total >= 0.9, result.wrong
    assert (tmp_path / "pred" / f"{SMALL}.clean.json").is_file()
