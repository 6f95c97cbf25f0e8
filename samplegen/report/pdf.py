"""A born-digital PDF: each page's rendering as its picture, and a real text layer on top.

The text is drawn invisibly (render mode 3) with a CJK CID font, one text line per layout line,
stretched to the line's box, so a PDF reader finds exactly the characters printed where they are.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from samplegen.layout import LineBox, PageBox

DPI = 300
_FONT = "STSong-Light"
_PT = 72.0 / DPI  # points per pixel


def _lines(page: PageBox) -> list[LineBox]:
    lines = [line for text in page.texts for line in text.lines]
    return lines + [line for table in page.tables for cell in table.cells for line in cell.lines]


def _text_layer(pdf: canvas.Canvas, page: PageBox) -> None:
    for line in _lines(page):
        x0, y0, x1, y1 = line.bbox
        size = max(1.0, (y1 - y0) * _PT)
        natural = pdfmetrics.stringWidth(line.text, _FONT, size)
        text = pdf.beginText()
        text.setTextRenderMode(3)  # invisible: the picture shows the page, the layer carries its text
        text.setFont(_FONT, size)
        if natural > 0:
            text.setHorizScale(100.0 * (x1 - x0) * _PT / natural)
        # baseline a sixth of the size above the box's bottom: the glyphs' centres fall in the box
        text.setTextOrigin(x0 * _PT, (page.height - y1) * _PT + size / 6)
        text.textOut(line.text)
        pdf.drawText(text)


def write_digital_pdf(path: Path, pages: list[PageBox], images: list[np.ndarray]) -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    pdf = canvas.Canvas(str(path), pagesize=(pages[0].width * _PT, pages[0].height * _PT), invariant=1)
    for page, image in zip(pages, images, strict=True):
        pdf.setPageSize((page.width * _PT, page.height * _PT))
        buffer = io.BytesIO()
        Image.fromarray(image).save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, page.width * _PT, page.height * _PT)
        _text_layer(pdf, page)
        pdf.showPage()
    pdf.save()
