"""Line breaking for CJK cell text: by character, numbers and Latin runs kept whole, no closing
punctuation at a line start. Lines concatenate back to the exact input text."""

from __future__ import annotations

import re
from functools import cache

from PIL import ImageFont

from samplegen.fonts import font

_TOKEN = re.compile(r"[A-Za-z0-9.,%:/\-+≥≤<>=]+|.", re.S)
_NO_LINE_START = set("，。、；：）)」』】〕%％,.;:!?！？…·")


@cache
def _char_width(face: str, size: int, ch: str) -> float:
    return float(font(face, size).getlength(ch))


def text_width(face: str, size: int, text: str) -> float:
    return sum(_char_width(face, size, ch) for ch in text)


def _tokens(face: str, size: int, text: str, width: float) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        # a run wider than the cell is broken like CJK text
        out.extend(tok if text_width(face, size, tok) > width else [tok])
    return out


def wrap(face: str, size: int, text: str, width: float) -> list[str]:
    if not text:
        return []
    lines: list[list[str]] = [[]]
    used = 0.0
    for tok in _tokens(face, size, text, width):
        w = text_width(face, size, tok)
        if used + w <= width or not lines[-1]:
            lines[-1].append(tok)
            used += w
            continue
        carry: list[str] = []
        if tok[0] in _NO_LINE_START and len(lines[-1]) > 1:
            carry = [lines[-1].pop()]  # take the last character along with the punctuation
        lines.append([*carry, tok])
        used = sum(text_width(face, size, t) for t in lines[-1])
    out = ["".join(line) for line in lines]
    assert "".join(out) == text
    return out


def line_box(f: ImageFont.FreeTypeFont, x: int, y: int, text: str) -> tuple[int, int, int, int]:
    """Ink box of `text` drawn with its top-left (ascender) anchor at (x, y)."""
    x0, y0, x1, y1 = f.getbbox(text)
    return (x + int(x0), y + int(y0), x + int(x1), y + int(y1))
