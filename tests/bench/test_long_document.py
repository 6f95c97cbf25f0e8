"""bench.long_document's long PDF: the source's pages in order, round and round."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from bench.long_document import repeated_pdf


def test_a_long_pdf_repeats_its_source_in_order(tmp_path: Path) -> None:
    source = pdfium.PdfDocument.new()
    for width in (100, 200, 300):
        source.new_page(width, 100)
    source.save(tmp_path / "three.pdf")
    long = pdfium.PdfDocument(repeated_pdf(tmp_path / "three.pdf", 8, tmp_path / "eight.pdf"))
    assert [round(long.get_page_size(i)[0]) for i in range(len(long))] == [100, 200, 300] * 2 + [100, 200]
