"""A born-digital PDF: each page's text as its picture, the tables' ruling as vector rectangles (as
Word and Excel export it) and a real text layer on top.

With `vector_rules=False` the ruling is part of the picture instead (a form pasted as an image, or
a PDF printer that flattens vectors), so a reader finds no vector grid and must look at the pixels.
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

from samplegen.draw import render_page, rule_rects
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


def _vector_rules(pdf: canvas.Canvas, page: PageBox) -> None:
    """The ruling as black filled rectangles covering exactly the pixels the picture would paint."""
    pdf.setFillColorRGB(0, 0, 0)
    for table in page.tables:
        for x0, y0, x1, y1 in rule_rects(table):  # inclusive pixel bounds
            width, height = (x1 + 1 - x0) * _PT, (y1 + 1 - y0) * _PT
            pdf.rect(x0 * _PT, (page.height - y1 - 1) * _PT, width, height, stroke=0, fill=1)


def _picture(pdf: canvas.Canvas, page: PageBox, image: np.ndarray) -> None:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    buffer.seek(0)
    pdf.drawImage(ImageReader(buffer), 0, 0, page.width * _PT, page.height * _PT)


def write_digital_pdf(path: Path, pages: list[PageBox], vector_rules: bool = True) -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    pdf = canvas.Canvas(str(path), pagesize=(pages[0].width * _PT, pages[0].height * _PT), invariant=1)
    for page in pages:
        pdf.setPageSize((page.width * _PT, page.height * _PT))
        _picture(pdf, page, render_page(page, rules=not vector_rules))
        if vector_rules:
            _vector_rules(pdf, page)
        _text_layer(pdf, page)
        pdf.showPage()
    pdf.save()
