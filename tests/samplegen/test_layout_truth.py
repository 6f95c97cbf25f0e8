"""The ground truth of a rendered form agrees with the generator's layout record and with the pixels.

Renders with the committed subset fonts only (samplegen/fonts), never with system fonts.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from models.paths import iter_fields
from models.record import Document, Source, Table
from samplegen.draw import RULE, render
from samplegen.fonts import FONT_DIR, font_path
from samplegen.forms import ALL_FORMS, form_by_id
from samplegen.layout import LayoutRecord, layout_form
from samplegen.truth import build_document

FORMS = ["shanxi_hospital_2021_jbgw", "sichuan_county_2023_yygs"]  # two pages; split op/unit columns
DARK = 128
NUMBER = re.compile(r"^[0-9.%]+$")


def _doc(layout: LayoutRecord, form_id: str) -> Document:
    source = Source(
        path=f"{form_id}/clean.png", sha256="0" * 64, page_count=len(layout.pages), media_type="image/png"
    )
    doc = build_document(form_by_id(form_id), layout, source)
    return Document.model_validate(doc.model_dump(mode="json"))


@pytest.fixture(scope="module", params=FORMS)
def rendered(request: pytest.FixtureRequest) -> tuple[LayoutRecord, list[np.ndarray], Document]:
    layout = layout_form(form_by_id(request.param))
    return layout, render(layout), _doc(layout, request.param)


def test_fonts_are_the_committed_subsets() -> None:
    for face in ("song", "hei", "hei_bold"):
        assert font_path(face).parent == FONT_DIR and font_path(face).is_file()
    assert (FONT_DIR / "OFL.txt").is_file()


def test_truth_cells_equal_layout_cells(rendered) -> None:
    layout, _, doc = rendered
    assert [t.page for t in doc.tables] == [p.index for p in layout.pages]
    for table, page in zip(doc.tables, layout.pages, strict=True):
        drawn = page.tables[0]
        assert table.bbox == drawn.bbox and (table.n_rows, table.n_cols) == (drawn.n_rows, drawn.n_cols)
        assert len(table.cells) == len(drawn.cells)
        for cell, box in zip(table.cells, drawn.cells, strict=True):
            assert cell.id == f"p{page.index}t0r{box.row}c{box.col}"
            assert (cell.row, cell.col, cell.row_span, cell.col_span) == (
                box.row,
                box.col,
                box.row_span,
                box.col_span,
            )
            assert cell.bbox == box.bbox and cell.text == box.text
            assert "".join(line.text for line in box.lines) == box.text  # wrapping drops nothing
            # the cell's box is exactly the rules of its grid slots
            assert box.bbox == (
                drawn.col_x[box.col],
                drawn.row_y[box.row],
                drawn.col_x[box.col + box.col_span],
                drawn.row_y[box.row + box.row_span],
            )
            for line in box.lines:
                lx0, ly0, lx1, ly1 = line.bbox
                assert box.bbox[0] < lx0 <= lx1 < box.bbox[2] and box.bbox[1] < ly0 <= ly1 < box.bbox[3]


def _coverage(table: Table) -> np.ndarray:
    grid = np.zeros((table.n_rows, table.n_cols), dtype=int)
    for c in table.cells:
        assert c.row_span >= 1 and c.col_span >= 1
        grid[c.row : c.row + c.row_span, c.col : c.col + c.col_span] += 1
    return grid


def test_grid_fully_covered_without_overlap(rendered) -> None:
    _, _, doc = rendered
    for table in doc.tables:
        assert (_coverage(table) == 1).all(), table.id


def test_every_field_points_at_existing_cells(rendered) -> None:
    _, _, doc = rendered
    ids = {c.id for t in doc.tables for c in t.cells}
    form = doc.forms[0]
    fields = list(iter_fields(form))
    assert fields
    for path, field in fields:
        assert set(field.cells) <= ids, path
        if path.startswith("indicators"):
            assert len(field.cells) == 1, path
            cell = next(c for t in doc.tables for c in t.cells if c.id == field.cells[0])
            assert cell.text == field.text, path
    for row in form.funds.rows:
        assert set(row.label_cells) <= ids
    for item in form.unmapped:
        assert set(item.cells) <= ids
    assert len(form.indicators) == len(form_by_id(doc.source.path.split("/")[0]).indicators)


def test_cell_text_is_on_the_pixels(rendered) -> None:
    _, pages, doc = rendered
    for table in doc.tables:
        img = pages[table.page]
        for c in table.cells:
            x0, y0, x1, y1 = c.bbox
            inner = img[y0 + RULE : y1 - RULE + 1, x0 + RULE : x1 - RULE + 1]
            dark = int((inner < DARK).sum())
            if c.text.strip():
                assert dark > 15, (c.id, c.text)
            else:
                assert dark == 0, c.id


def test_rules_lie_on_the_cell_edges(rendered) -> None:
    _, pages, doc = rendered
    for table in doc.tables:
        img = pages[table.page]
        for c in table.cells:
            x0, y0, x1, y1 = c.bbox
            edges = {
                "top": img[y0, x0:x1],
                "bottom": img[y1, x0:x1],
                "left": img[y0:y1, x0],
                "right": img[y0:y1, x1],
            }
            for name, line in edges.items():
                assert (line < DARK).mean() > 0.99, (c.id, name)
            # and just outside the rule band the page is not one solid rule
            assert (img[y0 + RULE + 2, x0 + RULE + 2 : x1 - RULE - 2] < DARK).mean() < 0.9, c.id


def test_every_form_lays_out_and_builds_its_truth() -> None:
    for spec in ALL_FORMS:
        layout = layout_form(spec)
        doc = _doc(layout, spec.form_id)
        form = doc.forms[0]
        assert form.layout == spec.layout
        assert len(form.indicators) == len(spec.indicators)
        assert [r.row for r in form.funds.rows] == [line.row for line in spec.funds]
        assert form.fields.total_score is not None and form.fields.total_score.text == spec.total_score
        for table in doc.tables:
            assert (_coverage(table) == 1).all(), (spec.form_id, table.id)
        for page in layout.pages:  # a printed number is never broken over two lines
            for box in page.tables[0].cells:
                assert len(box.lines) == 1 or not NUMBER.match(box.text), (spec.form_id, box.text)
    assert len(ALL_FORMS) >= 20
    assert sum(len(layout_form(s).pages) > 1 for s in ALL_FORMS) >= 3
