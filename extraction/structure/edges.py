"""Segments → grid edges: collinear segments snapped into one edge, missing outer borders inferred.

Like `lines`, written for row edges (from horizontal segments); column edges are the same code on
transposed terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extraction.structure.lines import Segment


@dataclass(frozen=True, eq=False)
class Edge:
    """One grid line: where it runs (a centre-line profile) and which stretches of it are ruled."""

    key: float  # position across, at the reference point along (for ordering)
    along: np.ndarray
    across: np.ndarray
    slope: float
    ruled: tuple[tuple[float, float], ...]  # merged [lo, hi] stretches carrying ink
    virtual: bool = False

    def cross_at(self, t: float | np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.float64)
        inside = np.interp(t, self.along, self.across)
        before = self.across[0] + self.slope * (t - self.along[0])
        after = self.across[-1] + self.slope * (t - self.along[-1])
        return np.where(t < self.along[0], before, np.where(t > self.along[-1], after, inside))

    def ruled_share(self, a: float, b: float) -> float:
        """Share of [a, b] that carries ink."""
        if b <= a:
            return 1.0
        covered = sum(max(0.0, min(hi, b) - max(lo, a)) for lo, hi in self.ruled)
        return covered / (b - a)


def _merge(intervals: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _key(seg: Segment, ref: float) -> float:
    return float(seg.cross_at((seg.lo + seg.hi) / 2)) - seg.slope * ((seg.lo + seg.hi) / 2 - ref)


def snap(segs: Sequence[Segment], slope: float, ref: float, tol: float) -> list[Edge]:
    """Cluster segments by their position across (after removing the page skew); one edge per cluster."""
    if not segs:
        return []
    keys = np.array([_key(s, ref) for s in segs])
    order = np.argsort(keys)
    edges: list[Edge] = []
    start = 0
    for k in range(1, len(order) + 1):
        if k == len(order) or keys[order[k]] - keys[order[k - 1]] > tol:
            members = [segs[i] for i in order[start:k]]
            edges.append(_edge(members, float(np.mean(keys[order[start:k]])), slope))
            start = k
    return edges


def _edge(members: Sequence[Segment], key: float, slope: float) -> Edge:
    along = np.concatenate([s.along for s in members])
    across = np.concatenate([s.across for s in members])
    order = np.argsort(along, kind="stable")
    return Edge(key, along[order], across[order], slope, _merge([p for s in members for p in s.inked]))


def _straight(key: float, lo: float, hi: float, slope: float, ref: float) -> Edge:
    along = np.array([lo, hi])
    return Edge(key, along, key + slope * (along - ref), slope, (), virtual=True)


def ends(crossing: Sequence[Segment], first: bool) -> tuple[np.ndarray, np.ndarray]:
    """Where crossing segments start (first=True) or stop: (position along this edge, across it)."""
    across = np.array([s.lo if first else s.hi for s in crossing])
    along = np.array([float(s.cross_at(a)) for s, a in zip(crossing, across, strict=True)])
    return along, across


def infer_borders(
    edges: list[Edge], crossing: Sequence[Segment], slope: float, ref: float, tol: float
) -> list[Edge]:
    """Add the outer borders a table lacks: where ≥ 2 crossing lines run past the outermost edge and
    stop together, the border would have been."""
    if not edges:
        return edges
    out = list(edges)
    for first in (True, False):
        outer = out[0] if first else out[-1]
        along, across = ends(crossing, first)
        limit = outer.cross_at(along)
        past = across < limit - tol if first else across > limit + tol
        if past.sum() < 2:
            continue
        keys = across[past] - slope * (along[past] - ref)
        pos = along[past]
        order = np.argsort(keys) if first else np.argsort(-keys)
        # the largest group of ≥ 2 line ends that agree within tol (a lone overshoot is no border);
        # of equal ones the innermost, as lines that run on past it still reach it
        group = _largest_group(keys[order], tol)
        if group is None:
            continue
        members = order[group]
        border = _straight(
            float(np.median(keys[members])), float(pos[members].min()), float(pos[members].max()), slope, ref
        )
        out = [border, *out] if first else [*out, border]
    return out


def _largest_group(values: np.ndarray, tol: float) -> slice | None:
    """Longest run (the last of equally long ones) of ≥ 2 consecutive values stepping by ≤ tol."""
    best: slice | None = None
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or abs(values[k] - values[k - 1]) > tol:
            if k - start >= 2 and (best is None or k - start >= best.stop - best.start):
                best = slice(start, k)
            start = k
    return best


def reach(edge: Edge, crossing: Sequence[Segment], first: bool, tol: float) -> tuple[float, float] | None:
    """Span along an outer edge between the outermost crossing lines that reach it.

    An outer border is drawn between the lines that end on it: there a faint or dropped-out stretch
    of border is still a border.
    """
    if not crossing:
        return None
    along, across = ends(crossing, first)
    at = edge.cross_at(along)
    far = np.array([s.hi if first else s.lo for s in crossing])
    ok = (across <= at + tol) & (far > at + tol) if first else (across >= at - tol) & (far < at - tol)
    if ok.sum() < 2:
        return None
    return float(along[ok].min()), float(along[ok].max())
