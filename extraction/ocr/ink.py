"""Ink inside a cell: what is text, what is left of the ruling, and where the text lines are."""

from __future__ import annotations

import cv2
import numpy as np

SLIVER = 0.4  # a band lower than this × the cell's tallest band is part of a neighbouring line


def paper_level(gray: np.ndarray) -> float:
    """The 90th percentile of the gray values: the paper's brightness. Computed once per cell and
    passed on (profile of a sample page: 280–430 percentile calls, three per cell on the same pixels)."""
    return float(np.percentile(gray, 90))


INK = 170.0  # gray levels: the darkest that ink must be, however white the paper
FAINT_INK = 200.0  # in a cell with no ink that dark: thin strokes a photo's blur lightened (a lone =)


def ink_masks(
    gray: np.ndarray, paper: float | None = None, limit: float = INK, off_edges: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(text, ruling): dark pixels that are text, and those of speckle or ruling remnants.

    Dark: below `limit` and 60 levels below the paper. A ruling remnant is long and thin along the
    crop's edge, or a thin stub touching the border it points to: a centred 一, — or 1 stays text.
    With `off_edges`, nothing touching the crop's edge is text (see faint_ink).
    """
    background = paper_level(gray) if paper is None else paper
    dark = (gray < min(limit, background - 60.0)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    height, width = gray.shape
    edge_y, edge_x = max(3.0, 0.1 * height), max(3.0, 0.1 * width)
    # every component at once (one Python iteration per component cost more than the labelling)
    x, y, w, h, area = (stats[:, i].astype(np.int64) for i in range(5))
    ruling_h = (w >= 0.7 * width) & (h <= max(6, 0.08 * height)) & ((y < edge_y) | (y + h > height - edge_y))
    ruling_v = (h >= 0.7 * height) & (w <= max(6, 0.08 * width)) & ((x < edge_x) | (x + w > width - edge_x))
    vertical_stub = (h > w) & (w <= 6) & ((y == 0) | (y + h == height))
    horizontal_stub = (w > h) & (h <= 6) & ((x == 0) | (x + w == width))
    keep = (area >= 3) & ~(ruling_h | ruling_v | vertical_stub | horizontal_stub)
    if off_edges:
        keep &= (x > 0) & (y > 0) & (x + w < width) & (y + h < height)
    keep[0] = False  # the background
    text = keep[labels]
    return text, dark.astype(bool) & ~text


def faint_ink(gray: np.ndarray, paper: float) -> tuple[np.ndarray, np.ndarray]:
    """ink_masks down to FAINT_INK, for a cell with no darker ink: strokes that keep off the crop's
    edges. What touches an edge is the faint remnant of a ruling (scans: 1 px slivers along the top)."""
    return ink_masks(gray, paper, FAINT_INK, off_edges=True)


def faint_lines(gray: np.ndarray, text: np.ndarray, paper: float | None = None) -> np.ndarray:
    """Light straight lines across the cell (scanner streaks, faint ruling) that are not text ink:
    with a — crossed by a streak, the recogniser reads 十 or 王. A column (row) is such a line
    where ≥ 80 % of its pixels are a little darker than the paper."""
    shaded = gray < (paper_level(gray) if paper is None else paper) - 12.0
    columns = shaded.mean(axis=0) >= 0.8
    rows = shaded.mean(axis=1) >= 0.8
    lines = np.zeros_like(shaded)
    lines[:, columns] = True
    lines[rows, :] = True
    return lines & ~text


def clean(gray: np.ndarray, removed: np.ndarray, text: np.ndarray, paper: float | None = None) -> np.ndarray:
    """`gray` with the removed pixels and their anti-aliased fringe painted as paper, text kept whole."""
    if not removed.any():
        return gray
    fringe = cv2.dilate(removed.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~text
    out = gray.copy()
    out[fringe] = int(paper_level(gray) if paper is None else paper)
    return out


def bands(mask: np.ndarray, line_height: float = 0.0) -> list[tuple[int, int]]:
    """Row ranges of text lines: runs of inked rows, where a sliver (a bar of =, 二 or 三, a dot)
    merges into its nearest neighbour. Sliver: lower than SLIVER × the taller of the cell's tallest
    band and the page's `line_height`, or with less ink than a tenth of a line height squared."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = [int(rows[0]), *(int(rows[b + 1]) for b in breaks)]
    ends = [*(int(rows[b]) + 1 for b in breaks), int(rows[-1]) + 1]
    found = list(zip(starts, ends, strict=True))
    tallest = max(line_height, *(e - s for s, e in found))
    typical = line_height or float(np.median([e - s for s, e in found]))
    ink = [int(mask[s:e].sum()) for s, e in found]
    merged = True
    while merged and len(found) > 1:
        merged = False
        for i, (s, e) in enumerate(found):
            # a line is tall enough, and holds more ink than a few specks
            if e - s >= SLIVER * tallest and ink[i] >= 0.1 * typical**2:
                continue
            # merge with the neighbour across the smaller gap
            gap_up = s - found[i - 1][1] if i > 0 else None
            gap_down = found[i + 1][0] - e if i + 1 < len(found) else None
            j = i - 1 if gap_down is None or (gap_up is not None and gap_up <= gap_down) else i + 1
            lo, hi = min(i, j), max(i, j)
            found[lo : hi + 1] = [(found[lo][0], found[hi][1])]
            ink[lo : hi + 1] = [sum(ink[lo : hi + 1])]
            merged = True
            break
    return found


def isolated_specks(text: np.ndarray, gray: np.ndarray, line_height: float) -> np.ndarray:
    """Small blobs (< 0.3 line high and wide) not beside larger ink (within half a line height along
    the line, a fifth across it): scan or fax noise, which a recogniser reads as '.' or '·'.
    Punctuation (. , 、 。 “) sits beside its text. Faint strokes count as larger ink too: in a blurred photo the 一 of
    “一卡通” is too light for the text mask, and its quote mark must not look isolated."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(text.astype(np.uint8), connectivity=8)
    small = np.zeros(n, dtype=bool)
    small[1:] = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]) < 0.3 * line_height
    if not small.any():
        return np.zeros_like(text, dtype=bool)
    faint = (gray < float(np.percentile(gray, 90)) - 25.0).astype(np.uint8)
    m, faint_labels, faint_stats, _ = cv2.connectedComponentsWithStats(faint, connectivity=8)
    big_faint = np.zeros(m, dtype=bool)
    big_faint[1:] = np.maximum(faint_stats[1:, 2], faint_stats[1:, 3]) >= 0.3 * line_height
    large = ((labels > 0) & ~small[labels]) | (big_faint[faint_labels] & ~(labels > 0))
    # beside larger ink on the same line: a speck floating above or below a line is not punctuation
    rx, ry = max(1, round(0.5 * line_height)), max(1, round(0.2 * line_height))
    near = cv2.dilate(large.astype(np.uint8), np.ones((2 * ry + 1, 2 * rx + 1), np.uint8)) > 0
    isolated = small.copy()
    isolated[np.unique(labels[near])] = False  # any pixel of the blob within reach: not isolated
    return isolated[labels]
