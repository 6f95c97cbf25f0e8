"""Born-digital report pages are read from their text layer, exactly; pages without one are OCRed."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.metrics.fields import score_fields
from extraction.pipeline import extract_file
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
