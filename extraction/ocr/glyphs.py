"""A lone comparison operator told by its strokes, where the recogniser has no context to go on.

The 指标性质 column holds one glyph per cell: =, ≥ / ≧ / ⩾ or ≤. Alone in a crop, the recogniser reads a
faxed = as 三 or 川 (a speck above the bars), a slanted ⩾ on a fax as W, a sealed ⩽ as 八 or nothing
(measured on the sample scans; see tests/extraction/ocr/test_ocr_glyphs.py). Their strokes are plain,
though: = is two flat bars of one length stacked; ≥ and ≤ are a chevron over one or two bars, the
chevron's arms converging to the right (≥) or to the left (≤). Only ink that is exactly such a
figure, about one glyph in size, is named; anything else (二 with its short upper bar, 三's three
bars, a digit, broken photo strokes) gets None and the reading stands.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

NOISE = 0.15  # line heights: a blob no larger than this either way is a speck, not a stroke
MAX_GLYPH = 1.4  # line heights: ink wider or taller than this is more than one glyph
FLAT = 2.5  # a flat bar's width over its height
BAR = 1.8  # a bar under a chevron may slant (⩾): width over height
SAME_LENGTH = 0.85  # the bars of = : the shorter at least this share of the longer (二: 0.75–0.83)
BAR_SPACING = 0.4  # line heights between the tops of the bars of = (about 0.25; 二: about 0.6)
SHARED_SPAN = 0.8  # the bars of = overlap across this share of the shorter one
CHEVRON_HEIGHT = 0.3  # line heights: the least height of the > or < of an operator
CHEVRON_WIDTH = 2.5  # and its greatest width over its height (a flatter blob is a bar)
CHEVRON_NARROW = 0.7  # and its least (a narrower one is a bracket, or a 2 whose diagonal broke off)
CONVERGE = 2.0  # a chevron's arms span this many times more rows at the open end than at the apex
SYMMETRY = 0.85  # the least share of a chevron's strokes its mirror image covers
APEX_OFFSET = 0.15  # of its height: how far from halfway down a chevron's apex may be


class Blob(NamedTuple):
    x: int
    y: int
    w: int
    h: int


def _blobs(text: np.ndarray, line_height: float) -> tuple[list[tuple[int, Blob]], np.ndarray]:
    """The strokes of the mask (specks dropped), top to bottom, each with its component label; and
    the labels."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(text.astype(np.uint8), connectivity=8)
    keep = [
        (i, Blob(int(s[0]), int(s[1]), int(s[2]), int(s[3])))
        for i, s in enumerate(stats[1:], start=1)
        if max(s[2], s[3]) > NOISE * line_height
    ]
    keep.sort(key=lambda item: item[1].y + item[1].h / 2)
    return keep, labels


def _shared(a: Blob, b: Blob) -> int:
    return max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))


def _is_equals(top: Blob, bottom: Blob, line_height: float) -> bool:
    flat = all(b.w >= FLAT * b.h for b in (top, bottom))
    shorter, longer = sorted((top.w, bottom.w))
    return (
        flat
        and shorter >= SAME_LENGTH * longer
        and _shared(top, bottom) >= SHARED_SPAN * shorter
        and top.y + top.h <= bottom.y <= top.y + BAR_SPACING * line_height  # stacked, close
    )


def _rows(part: np.ndarray) -> tuple[int, int]:
    rows = np.flatnonzero(part.any(axis=1))
    return (int(rows[0]), int(rows[-1]) + 1) if rows.size else (0, 0)


def _mirror_overlap(mask: np.ndarray) -> float:
    """How much of the strokes (thickened a pixel) the upside-down strokes cover: about 1 for a
    chevron, whose arms mirror each other; far less for the hook of a 2."""
    thick = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return float((thick & mask[::-1]).sum() / max(1, int(mask.sum())))


def _chevron_direction(mask: np.ndarray) -> str | None:
    """'>' when the arms meet at the right, '<' at the left: rows spanned by the outer quarters. The
    arms meet halfway down, as a chevron's do (a 2 broken from its foot ends at its bottom left)."""
    cols = np.flatnonzero(mask.any(axis=0))
    top, bottom = _rows(mask)
    if cols.size < 4 or bottom - top < 4:
        return None
    quarter = max(1, (cols[-1] - cols[0] + 1) // 4)
    left = _rows(mask[:, cols[0] : cols[0] + quarter])
    right = _rows(mask[:, cols[-1] + 1 - quarter : cols[-1] + 1])
    if _mirror_overlap(mask[top:bottom]) < SYMMETRY:
        return None
    spans = {">": (left, right), "<": (right, left)}
    for direction, (open_end, apex) in spans.items():
        middle = (apex[0] + apex[1]) / 2
        halfway = abs(middle - (top + bottom) / 2) <= APEX_OFFSET * (bottom - top)
        if open_end[1] - open_end[0] >= CONVERGE * (apex[1] - apex[0]) and halfway:
            return direction
    return None


def _is_chevron(blob: Blob, line_height: float) -> bool:
    return (
        blob.h >= CHEVRON_HEIGHT * line_height and CHEVRON_NARROW * blob.h <= blob.w <= CHEVRON_WIDTH * blob.h
    )


def _is_bar_under(bar: Blob, chevron: Blob) -> bool:
    return (
        bar.w >= BAR * bar.h
        and bar.w >= 0.6 * chevron.w
        and bar.y + bar.h / 2 > chevron.y + chevron.h / 2
        and _shared(bar, chevron) >= 0.6 * min(bar.w, chevron.w)
    )


def operator_glyph(text: np.ndarray, line_height: float) -> str | None:
    """'=', '≥' or '≤' when the text mask of a cell is that operator alone; None otherwise."""
    if line_height <= 0 or not text.any():
        return None
    labelled, labels = _blobs(text, line_height)
    blobs = [blob for _, blob in labelled]
    if not 2 <= len(blobs) <= 3:
        return None
    x0, y0 = min(b.x for b in blobs), min(b.y for b in blobs)
    x1, y1 = max(b.x + b.w for b in blobs), max(b.y + b.h for b in blobs)
    if max(x1 - x0, y1 - y0) > MAX_GLYPH * line_height:
        return None
    if len(blobs) == 2 and _is_equals(blobs[0], blobs[1], line_height):
        return "="
    chevron, bars = blobs[0], blobs[1:]
    if _is_chevron(chevron, line_height) and all(_is_bar_under(b, chevron) for b in bars):
        direction = _chevron_direction(labels == labelled[0][0])
        return {">": "≥", "<": "≤"}.get(direction or "")
    return None
