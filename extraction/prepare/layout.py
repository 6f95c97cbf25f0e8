"""Page layout measurements that orientation and perspective share: ruling lines, table box, text lines."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extraction.prepare._util import binarize, line_masks


@dataclass(frozen=True)
class Layout:
    ink: np.ndarray  # binary, ink = 255
    horizontal: np.ndarray  # ruling-line masks
    vertical: np.ndarray
    text: np.ndarray  # ink that is not ruling
    glyph: float  # typical glyph size in pixels (0 when there is no text or it was not measured)
    table: tuple[int, int, int, int] | None  # x0, y0, x1, y1 of the largest ruled region
    table_mask: np.ndarray | None  # its pixels (dilated ruling), bool


def _glyph_size(text: np.ndarray) -> float:
    n, _, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    if n < 2:
        return 0.0
    size = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    size = size[(size >= 4) & (size <= min(text.shape) / 12)]
    # Many CJK glyphs are one component; their size is the upper end of the component sizes.
    return float(np.percentile(size, 80)) if len(size) >= 5 else 0.0


def _table_region(
    lines: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray
) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
    """The connected ruling with the most grid in it: min(horizontal, vertical) ruling pixels.

    Not the largest box: a photographed sheet's outline against the desk, or desk texture, can
    enclose more area than the table but holds far less ruling.
    """
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    if n < 2:
        return None
    h_count = np.bincount(labels[horizontal > 0], minlength=n)
    v_count = np.bincount(labels[vertical > 0], minlength=n)
    score = np.minimum(h_count, v_count)
    score[0] = -1
    best = int(np.argmax(score))
    x, y, w, h = (int(v) for v in stats[best, :4])
    if w * h < 0.05 * lines.shape[0] * lines.shape[1]:
        return None
    return (x, y, x + w, y + h), labels == best


def analyse(gray: np.ndarray, text: bool = True) -> Layout:
    """Binary ink, ruling lines and the largest ruled region; with `text`, also the text and glyph size."""
    ink = binarize(gray)
    horizontal, vertical = line_masks(ink)
    lines = cv2.bitwise_or(horizontal, vertical)
    widened = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    region = _table_region(widened, horizontal, vertical)
    only_text = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(widened, np.ones((3, 3), np.uint8))))
    return Layout(
        ink=ink,
        horizontal=horizontal,
        vertical=vertical,
        text=only_text,
        glyph=_glyph_size(only_text) if text else 0.0,
        table=None if region is None else region[0],
        table_mask=None if region is None else region[1],
    )


def glyph_blobs(layout: Layout) -> np.ndarray:
    """Boxes (x, y, w, h) of text components of glyph or glyph-part size."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(layout.text, connectivity=8)
    boxes = stats[1:, :4]
    size = np.maximum(boxes[:, 2], boxes[:, 3])
    return boxes[(size >= 0.3 * layout.glyph) & (size <= 2 * layout.glyph)]


def text_lines(layout: Layout) -> np.ndarray:
    """Boxes (x, y, w, h) of horizontal text lines (glyphs joined along the row), tallest first kept."""
    g = max(2.0, layout.glyph)
    joined = cv2.morphologyEx(
        layout.text, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (round(g * 0.9), 1))
    )
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = stats[1:, :4]
    keep = (boxes[:, 3] >= 0.5 * g) & (boxes[:, 3] <= 4 * g) & (boxes[:, 2] >= 1.5 * g)
    return boxes[keep]
