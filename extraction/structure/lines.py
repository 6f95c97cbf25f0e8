"""Ink mask → ruling-line segments.

Everything is written for horizontal lines; vertical lines are found on the transposed mask, so a
`Segment` speaks of positions *along* the line (`lo`, `hi`) and *across* it (`cross_at`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extraction.structure.binarize import strokes
from extraction.structure.params import StructureParams


@dataclass(frozen=True, eq=False)
class Segment:
    """One connected stretch of ruling: its extent along the line and its centre-line profile."""

    lo: float
    hi: float
    along: np.ndarray  # sample positions along the line, increasing
    across: np.ndarray  # centre-line position across the line at each sample
    thickness: float = 1.0
    slope: float = 0.0  # d(across)/d(along), for extrapolation past the ends
    gaps: tuple[tuple[float, float], ...] = ()  # stretches without ink, where broken pieces were bridged
    contrast: float = 255.0  # how much darker its core is than its surroundings (median along it)

    @property
    def length(self) -> float:
        return self.hi - self.lo

    @property
    def inked(self) -> list[tuple[float, float]]:
        """[lo, hi] stretches that carry ink."""
        out, start = [], self.lo
        for a, b in self.gaps:
            out.append((start, a))
            start = b
        out.append((start, self.hi))
        return out

    def cross_at(self, t: float | np.ndarray) -> np.ndarray:
        """Centre-line position across the line at `t` along it (straight extrapolation past the ends)."""
        t = np.asarray(t, dtype=np.float64)
        inside = np.interp(t, self.along, self.across)
        before = self.across[0] + self.slope * (t - self.along[0])
        after = self.across[-1] + self.slope * (t - self.along[-1])
        return np.where(t < self.along[0], before, np.where(t > self.along[-1], after, inside))


def line_mask(long: np.ndarray, dashes: np.ndarray, unit: float, params: StructureParams) -> np.ndarray:
    """Keep long horizontal runs of ink: ruling lines, broken or dashed ones with their gaps closed.

    Gaps are closed only next to dashes (including the one between the last dash and a solid
    rule), then pieces of at least a character stroke's length across small breaks: closing the
    whole page would also glue characters onto the rules they nearly touch.
    """
    gap = np.ones((1, round(params.dash_gap * unit) + 1), np.uint8)
    near_dash = cv2.dilate(dashes, gap)
    closed = cv2.bitwise_and(cv2.morphologyEx(cv2.bitwise_or(long, dashes), cv2.MORPH_CLOSE, gap), near_dash)
    mask = cv2.bitwise_or(long, closed)
    piece = max(3, round(params.min_piece * unit))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, piece), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, gap)
    length = max(5, round(params.min_segment * unit))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))


def segments(mask: np.ndarray, depth: np.ndarray, unit: float, params: StructureParams) -> list[Segment]:
    """Connected components of a horizontal line mask as segments with a binned centre-line profile."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    min_len = params.min_segment * unit
    bin_len = max(4, round(2.0 * unit))
    max_thick = max(3.0, params.max_thickness * unit)
    out: list[Segment] = []
    for k in np.nonzero(stats[:, cv2.CC_STAT_WIDTH] >= min_len)[0]:
        if k == 0:
            continue
        x, y, w, h = (int(v) for v in stats[k, :4])
        own = labels[y : y + h, x : x + w] == k
        count = own.sum(axis=0)  # the stroke's thickness in each column
        # a ruling is equally thick all along; a run through bold text or a fill band is thick
        if float(np.median(count)) > max_thick:
            continue
        ys = (own * np.arange(y, y + h)[:, None]).sum(axis=0)
        n_bins = max(1, w // bin_len)
        idx = np.minimum(np.arange(w) * n_bins // w, n_bins - 1)
        c = np.bincount(idx, count, n_bins)
        ok = c > 0
        along = (np.bincount(idx, count * np.arange(x, x + w), n_bins)[ok] / c[ok]).astype(np.float64)
        across = np.bincount(idx, ys, n_bins)[ok] / c[ok]
        slope = float((across[-1] - across[0]) / (along[-1] - along[0])) if len(along) > 1 else 0.0
        # the darkest pixel across the stroke, typically along it: anti-aliased edges do not count
        contrast = float(np.median(np.where(own, depth[y : y + h, x : x + w], 0).max(axis=0)))
        out.append(
            Segment(float(x), float(x + w), along, across, float(np.median(count)), slope, (), contrast)
        )
    return out


def detect_segments(
    long: np.ndarray, dashes: np.ndarray, gray: np.ndarray, unit: float, params: StructureParams
) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical segments of a page; vertical ones in transposed (y along, x across) terms."""
    depth = strokes(gray, unit, params)
    stroke = (depth > 0).astype(np.uint8) * 255
    long, dashes = cv2.bitwise_and(long, stroke), cv2.bitwise_and(dashes, stroke)
    horizontal = segments(line_mask(long, dashes, unit, params), depth, unit, params)
    long_t, dashes_t, depth_t = (np.ascontiguousarray(m.T) for m in (long, dashes, depth))
    vertical = segments(line_mask(long_t, dashes_t, unit, params), depth_t, unit, params)
    return horizontal, vertical


def distinct(segs: Sequence[Segment], reference: float, share: float) -> list[Segment]:
    """Segments at least `share` as dark as the page's rulings: a scanner streak or a crease is a
    faint line among dark ones (a page printed faintly throughout keeps all of its rulings)."""
    return [s for s in segs if s.contrast >= share * reference]


def typical_contrast(segs: Sequence[Segment]) -> float:
    """Length-weighted median contrast of the segments (0 when there are none)."""
    if not segs:
        return 0.0
    contrast = np.array([s.contrast for s in segs])
    order = np.argsort(contrast)
    cum = np.cumsum(np.array([s.length for s in segs])[order])
    return float(contrast[order][np.searchsorted(cum, cum[-1] / 2)])


def bridge(segs: Sequence[Segment], slope: float, unit: float, params: StructureParams) -> list[Segment]:
    """Join collinear pieces of one broken ruling (scanner dropouts, a seal or a character over it).

    Candidates lie within `snap_tol` of each other across, must meet end to end within about a
    rule's thickness and be at most `max_gap` apart. The gaps are remembered, so only inked
    stretches count as ruled later.
    """
    if not segs:
        return []
    tol = params.snap_tol * unit
    meet_tol = max(2.0, 0.25 * unit)
    ref = float(np.mean([(s.lo + s.hi) / 2 for s in segs]))
    keys = np.array([float(s.cross_at((s.lo + s.hi) / 2)) - slope * ((s.lo + s.hi) / 2 - ref) for s in segs])
    order = np.argsort(keys)
    out: list[Segment] = []
    start = 0
    for k in range(1, len(order) + 1):  # runs of nearly equal position across: candidate rulings
        if k < len(order) and keys[order[k]] - keys[order[k - 1]] <= tol:
            continue
        run = sorted((segs[i] for i in order[start:k]), key=lambda s: s.lo)
        start = k
        current = run[0]
        for nxt in run[1:]:
            gap = nxt.lo - current.hi
            meet = abs(float(current.cross_at(nxt.lo)) - float(nxt.cross_at(nxt.lo))) <= meet_tol
            if -tol <= gap <= params.max_gap * unit and meet:
                current = _join(current, nxt)
            elif gap < -tol:  # side by side (a double rule, a stroke beside a rule): snapped later
                out.append(nxt)
            else:
                out.append(current)
                current = nxt
        out.append(current)
    return out


def _join(a: Segment, b: Segment) -> Segment:
    """`a` then `b` (b.lo ≥ a.lo) as one segment; overlapping pieces (a double rule) just merge."""
    gaps = [*a.gaps, *b.gaps]
    if b.lo > a.hi:
        gaps.append((a.hi, b.lo))
    along = np.concatenate([a.along, b.along])
    across = np.concatenate([a.across, b.across])
    order = np.argsort(along, kind="stable")
    thickness = (a.thickness * a.length + b.thickness * b.length) / (a.length + b.length)
    return Segment(
        a.lo, max(a.hi, b.hi), along[order], across[order], thickness, a.slope, tuple(sorted(gaps))
    )
