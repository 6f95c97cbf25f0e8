"""The generated report: ≥ 40 pages with ≥ 6 forms (one over two pages) among other pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from samplegen.report import build_report, compose


def test_full_report_has_forms_among_other_pages() -> None:
    pages, forms = compose()
    assert len(pages) >= 40
    assert len(forms) >= 6
    assert any(len(f.pages) == 2 and f.pages[1] == f.pages[0] + 1 for f in forms)
    form_pages = {p for f in forms for p in f.pages}
    budget = [p for p in pages if p.tables and p.index not in form_pages]
    assert len(budget) >= 6
    assert all(any(c.text == "合计" for c in p.tables[0].cells) for p in budget)
    assert [p.index for p in pages] == list(range(len(pages)))


def test_digital_pdf_carries_the_printed_text(tmp_path: Path) -> None:
    folder = build_report(tmp_path, short=True)
    pages, _ = compose(short=True)
    pdf = pdfium.PdfDocument(folder / "digital.pdf")
    assert len(pdf) == len(pages) == len(pdfium.PdfDocument(folder / "scanned.pdf"))
    text = pdf[len(pages) - 2].get_textpage().get_text_range()  # the budget table before the last form
    assert "合计" in text and "执行率" in text
