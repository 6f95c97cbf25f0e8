"""An office document's page drawn from its cells: the picture the review app shows beside the form.

A spreadsheet or a Word table has no page image, so one is drawn on the synthetic geometry the
office reader gives its cells (extraction.office.grid): every cell a ruled box at its bbox (a merged
cell one box), its text inside, the lines above and below the table at their blocks. Overlays and
the review cursor use the same bboxes, so they sit on the drawn cells. Pure: pixels in memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extraction.types import PageContent
from models.record import BBox

RULE = 2  # px of a ruling line: a printed form's thin rule at 300 dpi
PAD = 8  # px between a cell's rule and its text
FONT_PX = 28  # a 10-pt character at 300 dpi, two lines to a synthetic 80-px row
INK = (0, 0, 0)
# CJK-capable fonts where Debian/Ubuntu, Fedora and macOS put them; FORMTALLY_FONT wins.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=8)
def font(size: int = FONT_PX) -> Font:
    """A CJK font at `size` px; Pillow's own (Latin only) where none is installed."""
    chosen = os.environ.get("FORMTALLY_FONT")
    for candidate in ([chosen] if chosen else []) + list(FONT_FILES):
        if Path(candidate).is_file():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:  # not a font Pillow can read: try the next
                continue
    return ImageFont.load_default(size)


def _wrapped(text: str, face: Font, width: float) -> Iterator[str]:
    """`text` broken into lines no wider than `width` (character by character: Chinese has no spaces)."""
    for paragraph in text.splitlines() or [""]:
        line = ""
        for char in paragraph:
            if line and face.getlength(line + char) > width:
                yield line
                line = ""
            line += char
        yield line


def _draw_text(draw: ImageDraw.ImageDraw, text: str, box: BBox, face: Font, centred: bool) -> None:
    """As many lines of `text` as fit inside `box`, top-down, cut at the box's bottom."""
    x0, y0, x1, y1 = box
    lines = [line for line in _wrapped(text.strip(), face, x1 - x0 - 2 * PAD) if line]
    step = round(face.size * 1.2) if isinstance(face, ImageFont.FreeTypeFont) else FONT_PX
    fitting = max(1, (y1 - y0 - 2 * PAD) // step)
    lines = lines[:fitting]
    top = y0 + max(PAD, (y1 - y0 - step * len(lines)) // 2) if centred else y0 + PAD
    for k, line in enumerate(lines):
        left = x0 + PAD
        if centred:
            left = max(left, round((x0 + x1 - face.getlength(line)) / 2))
        draw.text((left, top + k * step), line, fill=INK, font=face)


def render_office_page(content: PageContent) -> np.ndarray:
    """The page as RGB uint8 (content.height, content.width, 3): ruled cells with their texts."""
    picture = Image.new("RGB", (content.width, content.height), "white")
    draw = ImageDraw.Draw(picture)
    face = font()
    for table in content.tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.bbox
            # a rule on the cell's edge: neighbours share it, as on a printed form
            draw.rectangle((x0, y0, x1, y1), outline=INK, width=RULE)
            _draw_text(draw, cell.text, (x0 + RULE, y0 + RULE, x1 - RULE, y1 - RULE), face, centred=True)
    for block in content.text_blocks:
        _draw_text(draw, block.text, block.bbox, face, centred=False)
    return np.asarray(picture)
