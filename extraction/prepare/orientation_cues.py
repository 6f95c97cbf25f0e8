"""Layout cues of a page's orientation, measured on a binary work copy (see orientation.py)."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare.layout import Layout, glyph_blobs

_MAX_BLOBS = 2500


def _neighbour_links(layout: Layout) -> float:
    """Horizontal minus vertical glyph-to-nearest-glyph links, as a fraction of both."""
    boxes = glyph_blobs(layout)
    if len(boxes) < 8:
        return 0.0
    if len(boxes) > _MAX_BLOBS:
        boxes = boxes[:: len(boxes) // _MAX_BLOBS + 1]
    centres = boxes[:, :2] + boxes[:, 2:] / 2.0
    horizontal = vertical = 0
    for start in range(0, len(centres), 512):  # chunked brute force: no scipy here
        chunk = centres[start : start + 512]
        d = chunk[:, None, :] - centres[None, :, :]
        dist = np.hypot(d[..., 0], d[..., 1])
        rows = np.arange(len(chunk))
        dist[rows, rows + start] = np.inf
        nearest = np.argmin(dist, axis=1)
        ok = dist[rows, nearest] < 2.5 * layout.glyph
        dx, dy = np.abs(d[rows, nearest, 0])[ok], np.abs(d[rows, nearest, 1])[ok]
        horizontal += int(np.count_nonzero(dx > 2 * dy))
        vertical += int(np.count_nonzero(dy > 2 * dx))
    return (horizontal - vertical) / max(1, horizontal + vertical)


def _smear_lines(layout: Layout) -> float:
    """Text lines formed by joining glyphs along x, minus those formed along y, as a fraction of both."""
    k = max(2, round(layout.glyph * 0.6))
    counts = []
    for kernel in ((k, 1), (1, k)):
        joined = cv2.morphologyEx(layout.text, cv2.MORPH_CLOSE, np.ones(kernel[::-1], np.uint8))
        _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        length = stats[1:, cv2.CC_STAT_WIDTH] if kernel[0] > 1 else stats[1:, cv2.CC_STAT_HEIGHT]
        counts.append(int(np.count_nonzero(length > 2.5 * layout.glyph)))
    return (counts[0] - counts[1]) / max(1, sum(counts))


def horizontal_score(layout: Layout) -> float:
    """In [-1, 1]; > 0 when text runs left-right. Two cues: a glyph's nearest neighbour sits beside it
    (glyph gaps are narrower than line gaps), and joining glyphs along the row makes long lines."""
    if layout.glyph <= 0:
        return 0.0
    return (_neighbour_links(layout) + _smear_lines(layout)) / 2


def title_score(layout: Layout, lines: np.ndarray) -> float:
    """+1 when the big-type text (the title) outside the table is above it, -1 when below, else 0."""
    if layout.table is None or len(lines) == 0:
        return 0.0
    _, top, _, bottom = layout.table
    inside = lines[(lines[:, 1] >= top) & (lines[:, 1] + lines[:, 3] <= bottom)]
    if len(inside) == 0:
        return 0.0
    typical = max(float(np.percentile(inside[:, 3], 75)), layout.glyph)
    big = lines[lines[:, 3] >= 1.3 * typical]
    # Widths, not counts: a title may break into several pieces at wide glyph gaps.
    above = float(big[big[:, 1] + big[:, 3] < top, 2].sum())
    below = float(big[big[:, 1] > bottom, 2].sum())
    if max(above, below) < 4 * typical or min(above, below) > 0.5 * max(above, below):
        return 0.0
    return 1.0 if above > below else -1.0


def alignment_score(layout: Layout, lines: np.ndarray) -> float:
    """Mean vote of the text lines in table cells: +1 left-aligned, -1 right-aligned, 0 centred."""
    if layout.table is None:
        return 0.0
    votes = []
    for x, y, w, h in lines:
        row = layout.vertical[y + h // 2]
        left = np.flatnonzero(row[:x])
        right = np.flatnonzero(row[x + w :])
        if len(left) == 0 or len(right) == 0:
            continue
        cell_w = (x + w + right[0]) - left[-1]
        if w > 0.8 * cell_w:
            continue  # a full line says nothing about alignment
        diff = ((right[0]) - (x - left[-1])) / cell_w
        votes.append(np.sign(diff) if abs(diff) > 0.25 else 0.0)
    return float(np.mean(votes)) if len(votes) >= 3 else 0.0
