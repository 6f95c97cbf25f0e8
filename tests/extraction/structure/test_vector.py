"""The grid of a born-digital page from its PDF's vector ruling: the raster stage's grid, found
without looking for lines in the pixels; the raster stage decides whenever the vectors and the
picture disagree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from reportlab.pdfgen import canvas

from extraction.load import open_document
from extraction.load.pdf_paths import read_pdf_page
from extraction.predictions import PagePrediction
from extraction.stages import PrepareStage, StructureStage, VectorStructureStage
from extraction.structure import StructureParams, TableGrid, detect_tables
from extraction.structure.vector import merge_pieces, vector_tables
from samplegen.report import compose
from samplegen.report.pdf import write_digital_pdf

FORM_PAGE = 2  # of the short report: narrative, budget table, form, budget table, form
BUDGET_PAGE = 1


def _page(path: Path, index: int = 0) -> PagePrediction:
    opened = open_document(path)
    original, chars, rules = opened.page_and_layers(index)
    page = PagePrediction(index=index, original=original, chars=chars, rules=rules)
    return PrepareStage()(page)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One form page and one budget-table page of the report, born digital with the ruling drawn
    as vectors, and the same pages with the ruling inside the picture (no vector grid)."""
    pages, _ = compose(short=True)
    folder = tmp_path_factory.mktemp("vector")
    out = {}
    for vector in (True, False):
        path = folder / f"{'vector' if vector else 'picture'}.pdf"
        write_digital_pdf(path, [pages[FORM_PAGE], pages[BUDGET_PAGE]], vector_rules=vector)
        out["vector" if vector else "picture"] = path
    return out


def _same_grid(a: TableGrid, b: TableGrid, tol: int) -> bool:
    """Same cells with the same spans, every box within `tol` pixels (the raster path measures
    at half the page's resolution)."""
    if [(c.row, c.col, c.row_span, c.col_span) for c in a.cells] != [
        (c.row, c.col, c.row_span, c.col_span) for c in b.cells
    ]:
        return False
    boxes_a = np.array([c.bbox for c in a.cells])
    boxes_b = np.array([c.bbox for c in b.cells])
    return bool(np.abs(boxes_a - boxes_b).max() <= tol)


@pytest.mark.parametrize("index", [0, 1])
def test_vector_grid_equals_the_raster_grid(pdfs: dict[str, Path], index: int) -> None:
    page = _page(pdfs["vector"], index)
    assert page.rules is not None and page.rules.count > 100
    vector = VectorStructureStage()(page)
    assert vector.structure_source == "vector"
    raster = StructureStage()(page)
    assert raster.structure_source == "raster"
    assert len(vector.grids) == len(raster.grids) == 1
    assert vector.grids[0].n_rows >= 10 and len(vector.grids[0].cells) >= 60
    assert _same_grid(vector.grids[0], raster.grids[0], tol=3)
    # the raster stage leaves a page the vector stage has read alone
    assert StructureStage()(vector).grids == vector.grids


def test_ruling_inside_the_picture_falls_back_to_the_raster_stage(pdfs: dict[str, Path]) -> None:
    page = _page(pdfs["picture"])
    assert page.rules is not None and page.rules.count == 0  # nothing drawn as vectors
    assert VectorStructureStage()(page).structure_source is None
    done = StructureStage()(VectorStructureStage()(page))
    assert done.structure_source == "raster"
    assert _same_grid(done.grids[0], VectorStructureStage()(_page(pdfs["vector"])).grids[0], tol=3)


def test_a_rule_without_ink_is_ignored_and_a_half_inked_one_means_fallback(pdfs: dict[str, Path]) -> None:
    page = _page(pdfs["vector"])
    assert page.prepared is not None and page.rules is not None
    gray, params = page.prepared.gray, StructureParams()
    horizontal, vertical = page.rules.horizontal, page.rules.vertical
    found = vector_tables(gray, horizontal, vertical, params)
    assert found is not None
    # a white rule across the empty bottom margin: drawn, but nothing shows
    hidden = np.vstack([horizontal, [[200.0, 2200.0, 3400.0, 3.0]]])
    assert vector_tables(gray, hidden, vertical, params) == found
    # the picture shows only part of a vector rule: the two disagree
    half_inked = gray.copy()
    half_inked[3399:3402, 200:1300] = 0
    assert vector_tables(half_inked, hidden, vertical, params) is None


def test_a_scanned_page_is_left_to_the_raster_stage(pdfs: dict[str, Path]) -> None:
    page = _page(pdfs["vector"])
    scanned = page.model_copy(update={"chars": None})  # no text layer: a scan
    assert VectorStructureStage()(scanned).structure_source is None


def test_overlapping_and_touching_pieces_merge_into_one_rule() -> None:
    pieces = np.array(
        [
            [100.0, 400.0, 50.0, 3.0],  # a cell's top side
            [398.0, 700.0, 50.4, 3.0],  # the next cell's, overlapping at the corner
            [98.0, 702.0, 50.0, 5.0],  # the frame over both
            [100.0, 300.0, 90.0, 3.0],  # another line
            [500.0, 700.0, 90.0, 3.0],  # ... with a gap: two pieces
        ]
    )
    merged = merge_pieces(pieces)
    assert merged.shape == (3, 4)
    assert merged[0, :2].tolist() == [98.0, 702.0] and merged[0, 3] == 5.0
    assert merged[1:, :2].tolist() == [[100.0, 300.0], [500.0, 700.0]]


def _shaded_table(path: Path) -> None:
    """A 4×3 table drawn as vector lines whose header row is shaded grey, as Excel exports it."""
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    rows, cols = [700, 670, 640, 610, 580], [50, 200, 350, 545]
    pdf.setFillGray(0.6)
    pdf.rect(cols[0], rows[1], cols[-1] - cols[0], rows[0] - rows[1], stroke=0, fill=1)
    pdf.setLineWidth(0.75)
    for y in rows:
        pdf.line(cols[0], y, cols[-1], y)
    for x in cols:
        pdf.line(x, rows[0], x, rows[-1])
    pdf.setFillGray(0)
    pdf.setFont("Helvetica", 11)
    for r, y in enumerate(rows[1:]):
        for c, x in enumerate(cols[:-1]):
            pdf.drawString(x + 8, y + 10, f"cell {r}-{c} 12.5")
    pdf.showPage()
    pdf.save()


def test_a_shaded_header_row_keeps_the_vector_grid(tmp_path: Path) -> None:
    """Binarisation gives a shading's border a band of ink; with the fill known it is no ruling."""
    _shaded_table(tmp_path / "shaded.pdf")
    image, _, rules = read_pdf_page((tmp_path / "shaded.pdf").read_bytes(), 300, 0)
    assert rules is not None and len(rules.fills) == 1
    gray, params = image[:, :, 0].copy(), StructureParams()
    found = vector_tables(gray, rules.horizontal, rules.vertical, params, rules.fills)
    raster = detect_tables(gray, params)
    assert found is not None and len(found) == len(raster) == 1
    assert (found[0].n_rows, found[0].n_cols) == (4, 3)
    assert _same_grid(found[0], raster[0], tol=3)
    assert vector_tables(gray, rules.horizontal, rules.vertical, params) is None  # the band unexplained
