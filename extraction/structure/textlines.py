"""Text positions for the boundaries that no ruling draws: text lines (row splits) and blank
columns of aligned text (column splits), read from the ink left once the rulings are erased."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extraction.structure.lines import Segment

Run = tuple[int, int]  # [start, stop) of a run of True values


def text_mask(
    binary: np.ndarray, hsegs: Sequence[Segment], vsegs: Sequence[Segment], unit: float
) -> np.ndarray:
    """The ink mask without the ruling segments and without specks (bool): what is left is text,
    marks and figures. A fax's or a scan's specks would otherwise pass for text in every blank."""
    rules = np.zeros(binary.shape, np.uint8)
    for segs, flip in ((hsegs, False), (vsegs, True)):
        for s in segs:
            # the profile is sampled in bins: run it out to the segment's real ends
            along = np.concatenate([[s.lo], s.along, [s.hi]])
            across = np.asarray(s.cross_at(along), dtype=np.float64)
            pts = np.stack([across, along] if flip else [along, across], 1)
            width = max(3, round(s.thickness) + 2)  # the anti-aliased fringe goes too
            cv2.polylines(rules, [np.round(pts).astype(np.int32).reshape(-1, 1, 2)], False, 255, width)
    text = ((binary > 0) & (rules == 0)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = size >= max(3.0, 0.3 * unit)
    keep[0] = False
    return keep[labels]


def runs(flags: np.ndarray, close: float = 0.0, min_len: float = 1.0) -> list[Run]:
    """Runs of True in a 1-D array, runs closer than `close` joined, runs shorter than `min_len` dropped."""
    padded = np.concatenate([[False], flags.astype(bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    out: list[Run] = []
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if out and start - out[-1][1] < close:
            out[-1] = (out[-1][0], int(stop))
        else:
            out.append((int(start), int(stop)))
    return [r for r in out if r[1] - r[0] >= min_len]


def text_lines(text: np.ndarray, unit: float) -> list[Run]:
    """Text line bands (rows) of a region of the text mask: gaps inside a character (三, 二) are
    thinner than a third of the unit, the gap between lines is wider."""
    return runs(np.asarray(text.any(axis=1)), close=0.3 * unit, min_len=max(2.0, 0.3 * unit))


def covered(text: np.ndarray, unit: float) -> np.ndarray:
    """Per column of a one-line band: inside some word (gaps narrower than a column gap closed)."""
    out = np.zeros(text.shape[1], bool)
    for a, b in runs(np.asarray(text.any(axis=0)), close=0.9 * unit):
        out[a:b] = True
    return out


def column_gaps(
    text: np.ndarray, unit: float, spanning: float = 0.25, beside: float = 0.0, two_lines_gap: float = 0.9
) -> list[float]:
    """x positions (region pixels) of the blank columns between aligned text: blank, once each text
    line's word gaps are closed, in all but `spanning` of the lines (headers spanning columns, an odd
    long entry), at least a column gap wide, with text on both sides; and with text on both sides
    in the same line in at least `beside` of the lines (so each new column holds text of its own).
    From two lines only, a gap must be `two_lines_gap` units wide."""
    lines = text_lines(text, unit)
    if len(lines) < 2:
        return []
    spans = [covered(text[a:b], unit) for a, b in lines]
    occupancy = np.sum(spans, axis=0)
    inked = np.flatnonzero(occupancy)
    if not inked.size:
        return []
    free = occupancy <= spanning * len(lines)
    free[: inked[0]] = free[inked[-1] + 1 :] = False  # the margins are no column gap
    min_gap = (0.9 if len(lines) > 2 else two_lines_gap) * unit
    out = []
    for a, b in runs(free, min_len=min_gap):
        paired = sum(bool(s[:a].any() and s[b:].any()) for s in spans)
        if paired >= max(1.0, beside * len(lines)):
            out.append((a + b) / 2)
    return out
