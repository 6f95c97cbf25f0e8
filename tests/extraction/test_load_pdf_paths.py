"""The ruling a PDF draws as vectors: strokes, stroked rectangles and thin filled rectangles become
pieces in page pixels; curves and fills are no ruling; nested forms are placed by their matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from reportlab.pdfgen import canvas

from extraction.load import open_document
from extraction.load.pdf_paths import read_pdf_page

HEIGHT = 200.0  # points; rendered at 72 dpi one point is one pixel


def _pdf(path: Path) -> bytes:
    pdf = canvas.Canvas(str(path), pagesize=(300, HEIGHT))
    pdf.setLineWidth(2)
    pdf.line(10, 190, 110, 190)  # a stroke across: y = 10 px from the top
    pdf.rect(20, 100, 50, 40, stroke=1, fill=0)  # a stroked box: four rules
    pdf.rect(150, 50, 100, 1, stroke=0, fill=1)  # a thin filled rectangle: one rule
    pdf.rect(150, 120, 60, 30, stroke=0, fill=1)  # a fill: no rule
    pdf.bezier(10, 10, 30, 40, 60, 40, 90, 10)  # a curve: no rule
    pdf.beginForm("cell")
    pdf.line(0, 0, 0, 30)  # a vertical stroke inside a form XObject
    pdf.endForm()
    pdf.saveState()
    pdf.translate(280, 60)
    pdf.doForm("cell")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return path.read_bytes()


def _rows(pieces: np.ndarray) -> list[list[float]]:
    return sorted(np.round(pieces, 1).tolist())


def test_strokes_boxes_and_thin_fills_are_rules_and_curves_and_fills_are_not(tmp_path: Path) -> None:
    image, chars, rules = read_pdf_page(_pdf(tmp_path / "paths.pdf"), 72, 0)
    assert image.shape == (200, 300, 3) and chars is not None and rules is not None
    assert _rows(rules.horizontal) == [
        [10.0, 110.0, 10.0, 2.0],  # the stroke (bounds include the line's width)
        [20.0, 70.0, 60.0, 2.0],  # the box's top
        [20.0, 70.0, 100.0, 2.0],  # ... and bottom
        [150.0, 250.0, 149.5, 1.0],  # the thin filled rectangle, at its centre line
    ]
    assert _rows(rules.vertical) == [
        [60.0, 100.0, 20.0, 2.0],  # the box's sides
        [60.0, 100.0, 70.0, 2.0],
        [110.0, 140.0, 280.0, 2.0],  # the form's stroke, moved by the form's matrix
    ]
    assert rules.other == 2  # the fill and the curve


def test_an_image_has_no_layers_and_a_pdf_page_matches_its_render(tmp_path: Path) -> None:
    path = tmp_path / "paths.pdf"
    _pdf(path)
    opened = open_document(path, dpi=72)
    image, _, rules = opened.page_and_layers(0)
    assert np.array_equal(image, opened.page(0))
    assert rules is not None and rules.count == 7
    # the stroke's pixels are dark where the piece says
    assert image[10, 50].max() < 100 and image[30, 50].min() > 200
