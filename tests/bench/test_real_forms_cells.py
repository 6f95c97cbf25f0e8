"""Printed cells are counted placed only at their grid position with their spans, and read only
with their printed text (dashes and ellipses as the scorer counts them)."""

from __future__ import annotations

from bench.real_forms import fixture_paths, load_fixture
from bench.real_forms_cells import cell_agreement, same_text
from bench.real_forms_ocr import fixture_layout, layout_pages
from models.record import Table
from samplegen.layout import LayoutRecord

NAME = "hunan_2020_hengshan_grain"  # two pages


def _perfect() -> tuple[LayoutRecord, list[Table]]:
    fx = load_fixture(next(p for p in fixture_paths() if p.stem == NAME))
    layout, scales = fixture_layout(fx)
    return layout, [t for page in layout_pages(layout, scales) for t in page.tables]


def test_perfect_tables_place_and_read_every_cell() -> None:
    layout, tables = _perfect()
    got = cell_agreement(layout, tables)
    assert got.cells > 90 and got.placed == got.read == got.cells and not got.misread


def test_a_misread_cell_and_a_shifted_page_are_counted() -> None:
    layout, tables = _perfect()
    first = tables[0]
    cell = next(c for c in first.cells if c.text == "100%")
    tables[0] = first.model_copy(update={"cells": [c.model_copy(update={"text": "1OO%"}) if c is cell else c
                                                   for c in first.cells]})  # fmt: skip
    second = tables[1]  # the continuation page read with an extra row on top: still in place
    shifted = [c.model_copy(update={"row": c.row + 1}) for c in second.cells]
    tables[1] = second.model_copy(update={"cells": shifted})
    got = cell_agreement(layout, tables)
    assert got.placed == got.cells and got.read == got.cells - 1 and got.misread == [("100%", "1OO%")]
    merged = next(c for c in shifted if c.text == "无")  # its cell read one column short: not placed
    tables[1] = tables[1].model_copy(update={"cells": [c.model_copy(update={"col_span": c.col_span - 1})
                                                      if c is merged else c for c in shifted]})  # fmt: skip
    assert cell_agreement(layout, tables).placed == got.cells - 1
    assert cell_agreement(layout, []).placed == 0


def test_same_text_forgives_dash_shapes_and_dropped_ellipses_only() -> None:
    assert same_text("—", "一") and same_text("……", "") and same_text("项目名称：", "项目名称")
    assert not same_text("=", "二") and not same_text("/", "1") and not same_text("≧5", "≥5")
