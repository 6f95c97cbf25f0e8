"""Paint a layout record onto white A4 pages: ruled borders, then every line of text where the
record says it is (the record, not this module, decides positions)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from samplegen.fonts import font
from samplegen.layout import STYLE_FONT, CellBox, LayoutRecord, PageBox, TableBox

RULE = 3  # px, ≈ 0.25 mm at 300 dpi
FRAME = 5  # the outer frame is drawn heavier, as in most printed forms


def rule_rects(table: TableBox) -> list[tuple[int, int, int, int]]:
    """The filled rectangles that draw a table's ruling, inclusive pixel bounds (PIL's convention):
    every cell's four sides, then the heavier outer frame. A born-digital PDF draws the same ones."""
    rects = []
    h = RULE // 2
    for c in table.cells:
        x0, y0, x1, y1 = c.bbox
        rects += [(x0 - h, y0 - h, x1 + h, y0 + h), (x0 - h, y1 - h, x1 + h, y1 + h)]
        rects += [(x0 - h, y0 - h, x0 + h, y1 + h), (x1 - h, y0 - h, x1 + h, y1 + h)]
    x0, y0, x1, y1 = table.bbox
    f = FRAME // 2
    rects += [(x0 - f, y0 - f, x1 + f, y0 + f), (x0 - f, y1 - f, x1 + f, y1 + f)]
    rects += [(x0 - f, y0 - f, x0 + f, y1 + f), (x1 - f, y0 - f, x1 + f, y1 + f)]
    return rects


def _rules(draw: ImageDraw.ImageDraw, table: TableBox) -> None:
    for rect in rule_rects(table):
        draw.rectangle(rect, fill=0)


def _cell_text(draw: ImageDraw.ImageDraw, cell: CellBox) -> None:
    face, size = STYLE_FONT[cell.style]  # type: ignore[index]
    f = font(face, size)
    for line in cell.lines:
        x0, y0, _, _ = f.getbbox(line.text)
        draw.text((line.bbox[0] - x0, line.bbox[1] - y0), line.text, font=f, fill=0)


def render_page(page: PageBox, rules: bool = True) -> np.ndarray:
    """The page painted; `rules=False` leaves the tables' ruling out (a PDF draws it as vectors)."""
    img = Image.new("L", (page.width, page.height), 255)
    draw = ImageDraw.Draw(img)
    for text in page.texts:
        f = font(text.face, text.size)
        for line in text.lines:
            x0, y0, _, _ = f.getbbox(line.text)
            draw.text((line.bbox[0] - x0, line.bbox[1] - y0), line.text, font=f, fill=0)
    for table in page.tables:
        if rules:
            _rules(draw, table)
        for cell in table.cells:
            _cell_text(draw, cell)
    return np.asarray(img, dtype=np.uint8)


def render(layout: LayoutRecord) -> list[np.ndarray]:
    return [render_page(p) for p in layout.pages]
