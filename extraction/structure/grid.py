"""One table's segments → row/column edges → cells with spans.

Every slot between neighbouring edges starts as its own cell; a slot side that is not ruled merges
the two slots (a spanning cell), and an unruled outer side opens the slot to the outside, where it
is no cell at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extraction.structure.edges import Edge, infer_borders, reach, snap
from extraction.structure.lines import Segment
from extraction.structure.params import StructureParams
from extraction.structure.slivers import SLIVER

Rect = tuple[int, int, int, int]  # r0, c0, r1, c1: slots [r0, r1) x [c0, c1)


@dataclass(frozen=True)
class Lattice:
    rows: list[Edge]
    cols: list[Edge]
    x: np.ndarray  # x[i, j]: where row edge i meets column edge j
    y: np.ndarray


def lattice(
    hsegs: Sequence[Segment], vsegs: Sequence[Segment], unit: float, params: StructureParams
) -> Lattice | None:
    """Row and column edges of one table (with inferred outer borders) and their crossing points."""
    hslope, vslope = hsegs[0].slope, vsegs[0].slope
    x_ref = float(np.mean([(s.lo + s.hi) / 2 for s in hsegs]))
    y_ref = float(np.mean([(s.lo + s.hi) / 2 for s in vsegs]))
    tol = params.snap_tol * unit
    rows = snap(hsegs, hslope, x_ref, tol)
    cols = snap(vsegs, vslope, y_ref, tol)
    join = params.join_tol * unit
    rows = infer_borders(rows, vsegs, hslope, x_ref, join)
    cols = infer_borders(cols, hsegs, vslope, y_ref, join)
    # a double border (or double rule) thinner than a character: one edge, or its ring of slots
    # would close into one cell around the whole table
    rows = merge_close(rows, SLIVER * unit)
    cols = merge_close(cols, SLIVER * unit)
    if len(rows) < 2 or len(cols) < 2:
        return None
    y = np.array([[r.key] * len(cols) for r in rows], dtype=np.float64)
    x = np.zeros_like(y)
    for _ in range(3):  # fixed point: each edge is nearly straight and nearly axis-aligned
        for j, c in enumerate(cols):
            x[:, j] = c.cross_at(y[:, j])
        for i, r in enumerate(rows):
            y[i, :] = r.cross_at(x[i, :])
    return Lattice(rows, cols, x, y)


def merge_close(edges: list[Edge], tol: float) -> list[Edge]:
    """Edges closer than `tol` kept once: of an outermost pair the inner one (the table's rules end
    on it), else the one with more ruled length."""
    out = list(edges)
    k = 0
    while k < len(out) - 1:
        a, b = out[k], out[k + 1]
        if b.key - a.key >= tol:
            k += 1
            continue
        if k == 0 and len(out) > 2:
            drop = k
        elif k + 1 == len(out) - 1 and len(out) > 2:
            drop = k + 1
        else:
            drop = k if _ruled_length(a) < _ruled_length(b) else k + 1
        del out[drop]
    return out


def _ruled_length(edge: Edge) -> float:
    return sum(hi - lo for lo, hi in edge.ruled)


def coverage(
    edges: Sequence[Edge], cuts: np.ndarray, crossing: Sequence[Segment], unit: float, params: StructureParams
) -> tuple[np.ndarray, np.ndarray]:
    """Inked length and length of edge i between its crossings j and j+1 (cuts[i, j], cuts[i, j+1])."""
    margin = 0.3 * unit  # the crossing line's own ink and a little overshoot
    join = params.join_tol * unit
    inked = np.zeros((len(edges), cuts.shape[1] - 1))
    length = np.zeros_like(inked)
    for i, edge in enumerate(edges):
        span = reach(edge, crossing, i == 0, join) if i in (0, len(edges) - 1) else None
        for j in range(cuts.shape[1] - 1):
            a, b = float(cuts[i, j]) + margin, float(cuts[i, j + 1]) - margin
            length[i, j] = max(b - a, 1.0)
            if span is not None and span[0] - join <= a and b <= span[1] + join:
                inked[i, j] = length[i, j]
            else:
                inked[i, j] = edge.ruled_share(a, b) * length[i, j]
    return inked, length


def decide(inked: np.ndarray, length: np.ndarray, junction: np.ndarray, min_coverage: float) -> np.ndarray:
    """ruled[i, j], judged over whole stretches between junctions (crossing lines that meet the edge).

    A rule runs from one junction to the next, so a stretch hidden under a stamp or a blot is ruled
    when the stretch as a whole is; junction[i, j] says whether a crossing line meets edge i at cut j.
    """
    ruled = np.zeros(inked.shape, bool)
    for i in range(inked.shape[0]):
        start = 0
        for j in range(1, inked.shape[1] + 1):
            if j == inked.shape[1] or junction[i, j]:
                share = inked[i, start:j].sum() / length[i, start:j].sum()
                ruled[i, start:j] = share >= min_coverage
                start = j
    return ruled


def junctions(across_ruled: np.ndarray) -> np.ndarray:
    """junction[i, j] for edges i of one direction from the crossing direction's slot decisions
    across_ruled[j, k] (crossing edge j ruled over slot k): a crossing line meets edge i at j when
    it is ruled just before or just after it. Outer crossing edges always meet."""
    n_cross, n_slots = across_ruled.shape
    out = np.zeros((n_slots + 1, n_cross), bool)
    out[:-1] |= across_ruled.T
    out[1:] |= across_ruled.T
    out[:, 0] = out[:, -1] = True
    return out


def cells(h_ruled: np.ndarray, v_ruled: np.ndarray) -> list[Rect]:
    """Closed regions of slots, each widened to a rectangle; regions open to the outside are dropped.

    h_ruled[i, j]: row edge i is ruled over column slot j; v_ruled[j, i]: column edge j over row slot i.
    """
    n_r, n_c = h_ruled.shape[0] - 1, v_ruled.shape[0] - 1
    outside = n_r * n_c
    parent = list(range(outside + 1))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for i in range(n_r + 1):
        for j in range(n_c):
            if not h_ruled[i, j]:
                above = (i - 1) * n_c + j if i > 0 else outside
                below = i * n_c + j if i < n_r else outside
                union(above, below)
    for j in range(n_c + 1):
        for i in range(n_r):
            if not v_ruled[j, i]:
                left = i * n_c + j - 1 if j > 0 else outside
                right = i * n_c + j if j < n_c else outside
                union(left, right)
    changed = True
    while changed:  # an L-shaped region becomes its bounding rectangle, swallowing what it covers
        changed = False
        out_root = find(outside)
        boxes: dict[int, list[int]] = {}
        for s in range(outside):
            root = find(s)
            if root == out_root:  # open slots are no cell: their extent means nothing
                continue
            r, c = divmod(s, n_c)
            b = boxes.setdefault(root, [r, c, r + 1, c + 1])
            b[:] = [min(b[0], r), min(b[1], c), max(b[2], r + 1), max(b[3], c + 1)]
        for root, (r0, c0, r1, c1) in boxes.items():
            for r in range(r0, r1):
                for c in range(c0, c1):
                    other = find(r * n_c + c)
                    if other not in (find(root), out_root):
                        union(other, root)
                        changed = True
    return sorted((r0, c0, r1, c1) for r0, c0, r1, c1 in boxes.values())


def compact(rects: Sequence[Rect]) -> tuple[list[int], list[int], list[Rect]]:
    """Drop the edges no cell starts or ends on (split by nothing); re-index the rectangles."""
    row_ids = sorted({r for rect in rects for r in (rect[0], rect[2])})
    col_ids = sorted({c for rect in rects for c in (rect[1], rect[3])})
    ri = {r: k for k, r in enumerate(row_ids)}
    ci = {c: k for k, c in enumerate(col_ids)}
    return row_ids, col_ids, [(ri[a], ci[b], ri[c], ci[d]) for a, b, c, d in rects]
