"""A born-digital PDF as Word and Excel export it: visible text in embedded fonts (the faces the
pictures are painted with, as TrueType) and the tables' ruling as vector rectangles; a page of
narrative draws nothing but its characters.

With `vector_rules=False` the page is a picture instead, ruling included (a form pasted as an
image, or a PDF printer that flattens vectors), so a reader finds no vector grid and must look at
the pixels; its text layer is drawn invisibly (render mode 3) with a CJK CID font, one text line
per layout line, stretched to the line's box, so a PDF reader finds exactly the characters printed
where they are.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from samplegen.draw import render_page, rule_rects
from samplegen.fonts import font
from samplegen.layout import STYLE_FONT, LineBox, PageBox
from samplegen.report.truetype import truetype_path

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


def _styled_lines(page: PageBox) -> list[tuple[str, int, LineBox]]:
    """(face, size in px, line) of every line, in the faces the picture paints them with."""
    lines = [(text.face, text.size, line) for text in page.texts for line in text.lines]
    for table in page.tables:
        for cell in table.cells:
            face, size = STYLE_FONT[cell.style]  # type: ignore[index]
            lines += [(face, size, line) for line in cell.lines]
    return lines


def _visible_text(pdf: canvas.Canvas, page: PageBox) -> None:
    """Each line in its face and size, its ink where the picture would paint it (PIL places a
    line's ink box at the layout's; the PDF places a baseline: the face's ascent below it)."""
    for face, size, line in _styled_lines(page):
        name = f"formtally-{face}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(truetype_path(face))))
        painted = font(face, size)
        ink_x, ink_y, _, _ = painted.getbbox(line.text)
        ascent, _ = painted.getmetrics()
        x = line.bbox[0] - ink_x
        baseline = line.bbox[1] - ink_y + ascent
        pdf.setFont(name, size * _PT)
        pdf.drawString(x * _PT, (page.height - baseline) * _PT, line.text)


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
        if vector_rules:
            _vector_rules(pdf, page)
            _visible_text(pdf, page)
        else:
            _picture(pdf, page, render_page(page))
            _text_layer(pdf, page)
        pdf.showPage()
    pdf.save()
