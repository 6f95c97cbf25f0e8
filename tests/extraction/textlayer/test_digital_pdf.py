"""Born-digital report pages are read from their text layer, exactly; pages without one are OCRed."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.metrics.fields import score_fields
from extraction.load import PageChars, open_document
from extraction.pipeline import extract_file
from extraction.predictions import PagePrediction
from extraction.stages import PrepareStage, StructureStage
from extraction.textlayer import fill_page
from models.record import Document
from samplegen.report import build_report


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(tmp_path_factory.mktemp("report"), short=True)


def test_digital_report_is_read_without_ocr_and_exactly(report: Path) -> None:
    document = extract_file(report / "digital.pdf")
    truth = Document.model_validate_json((report / "digital.truth.json").read_text(encoding="utf-8"))
    assert [p.text_source for p in document.pages] == ["pdf_text"] * len(truth.pages)
    assert [f.pages for f in document.forms] == [f.pages for f in truth.forms]
    cells = [c for t in document.tables for c in t.cells]
    assert cells and all(c.confidence == 1.0 for c in cells)
    score = score_fields(document, truth)
    assert score.all.total > 300
    assert score.wrong == []


def test_a_scanned_page_inside_a_digital_pdf_is_ocred(report: Path, tmp_path: Path) -> None:
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(report / "digital.pdf"), [0])
    mixed.import_pages(pdfium.PdfDocument(report / "scanned.pdf"), [0])  # a narrative page: no cells to read
    mixed.save(tmp_path / "mixed.pdf")
    document = extract_file(tmp_path / "mixed.pdf")
    assert [p.text_source for p in document.pages] == ["pdf_text", "ocr"]


def test_a_layer_that_misses_the_printed_cells_is_not_used(report: Path) -> None:
    """A scan with an OCR layer over its title only (or a form pasted as a picture): the cells
    hold ink but no characters, so the page must go to OCR."""
    opened = open_document(report / "digital.pdf")
    page = PagePrediction(index=5, original=opened.page(5), chars=opened.text_layer(5))
    page = StructureStage()(PrepareStage()(page))
    assert page.prepared is not None and page.chars is not None and page.grids
    full = fill_page(page.chars, page.prepared.gray, page.grids, 5, page.prepared.transform)
    assert full is not None and full.tables[0].cells
    x0, y0, x1, y1 = page.grids[0].bbox
    centre_x = (page.chars.boxes[:, 0] + page.chars.boxes[:, 2]) / 2
    centre_y = (page.chars.boxes[:, 1] + page.chars.boxes[:, 3]) / 2
    outside = ~((centre_x >= x0) & (centre_x < x1) & (centre_y >= y0) & (centre_y < y1))
    title_only = PageChars(
        text="".join(c for c, keep in zip(page.chars.text, outside, strict=True) if keep),
        boxes=page.chars.boxes[outside],
    )
    assert fill_page(title_only, page.prepared.gray, page.grids, 5, page.prepared.transform) is None


def test_a_page_of_text_alone_is_not_rendered(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A narrative page draws characters and nothing else: no ruling, so no table, and nothing to
    render, unless the caller wants its picture (the review app's page images)."""
    import numpy as np

    import extraction.load.pdf_paths as pdf_paths
    from extraction.pipeline import ExtractOptions, build_page_pipe, run_page

    rendered: list[int] = []
    render = pdf_paths.render_page
    monkeypatch.setattr(
        pdf_paths, "render_page", lambda page, scale: rendered.append(1) or render(page, scale)
    )
    opened = open_document(report / "digital.pdf")
    drawn = [opened.page_and_layers(i, lambda chars, rules: True)[2] for i in range(len(opened.sizes))]
    text_alone = [i for i, rules in enumerate(drawn) if rules is not None and rules.draws_nothing]
    assert text_alone and len(text_alone) < len(drawn)  # the form and budget pages draw ruling
    rendered.clear()
    pipe = build_page_pipe(ExtractOptions())
    shown: list[tuple[int, tuple[int, ...]]] = []
    for index in range(len(opened.sizes)):
        page = run_page(opened, index, pipe, {}, None)
        assert page.info().text_source == "pdf_text"
        assert (page.info().width, page.info().height) == opened.sizes[index]
        if index in text_alone:
            assert page.tables() == [] and page.prepared is not None and page.prepared.image.size == 0
    assert len(rendered) == len(drawn) - len(text_alone)
    run_page(opened, text_alone[0], pipe, {}, lambda i, image: shown.append((i, image.shape)))
    width, height = opened.sizes[text_alone[0]]
    assert shown == [(text_alone[0], (height, width, 3))]
    assert np.all([r is not None for r in drawn])
