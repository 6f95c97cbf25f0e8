"""Which segments cross which: drop strays, group the rest into tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from extraction.structure.lines import Segment


def dominant_slope(segs: Sequence[Segment], min_len: float) -> float:
    """Length-weighted median slope of the long segments: the page's residual skew (or 0)."""
    long = [s for s in segs if s.length >= min_len and len(s.along) > 1]
    if not long:
        return 0.0
    slopes = np.array([s.slope for s in long])
    weights = np.array([s.length for s in long])
    order = np.argsort(slopes)
    cum = np.cumsum(weights[order])
    return float(slopes[order][np.searchsorted(cum, cum[-1] / 2)])


def aligned(segs: Sequence[Segment], slope: float, unit: float, spread: float = 0.02) -> list[Segment]:
    """Segments that run along the page's rulings (not arrows, diagonal strokes or a slanted scanner
    streak), each then extrapolated with the page's slope: a short segment's own slope is noise.

    `spread`: how far (as a slope) a ruling may turn from the page's, for what deskewing leaves."""
    out = []
    for s in segs:
        if len(s.along) > 2:  # least squares: one wavering end does not tip a long rule
            own = float(np.polyfit(s.along, s.across, 1)[0])
        elif len(s.along) == 2:
            own = float((s.across[1] - s.across[0]) / max(s.along[1] - s.along[0], 1e-6))
        else:
            own = slope
        drift = abs(own - slope) * s.length  # how far it strays from a ruling through its start
        if drift <= max(2.0, 0.25 * unit) + spread * s.length:
            out.append(dataclasses.replace(s, slope=slope))
    return out


def _linear(segs: Sequence[Segment]) -> tuple[np.ndarray, ...]:
    lo = np.array([s.lo for s in segs])
    hi = np.array([s.hi for s in segs])
    mid = (lo + hi) / 2
    centre = np.array([float(s.cross_at(m)) for s, m in zip(segs, mid, strict=True)])
    slope = np.array([s.slope for s in segs])
    return lo, hi, mid, centre, slope


def crossings(
    hsegs: Sequence[Segment], vsegs: Sequence[Segment], tol: float, long: float
) -> tuple[np.ndarray, ...]:
    """Pairs (h, v) that cross or meet, with whether each runs on past the crossing by `long` both ways.

    A pair meets when the end of one stops within `tol` of the other line's edge (gaps where a scan
    dropped ink at a junction). Returns `hit[h, v]`, `h_through[h, v]`, `v_through[h, v]`, and the
    crossing point `x[h, v]`, `y[h, v]`.
    """
    shape = (len(hsegs), len(vsegs))
    x_all, y_all = np.zeros(shape), np.zeros(shape)
    hit, h_through, v_through = np.zeros(shape, bool), np.zeros(shape, bool), np.zeros(shape, bool)
    if not hsegs or not vsegs:
        return hit, h_through, v_through, x_all, y_all
    hlo, hhi, hm, hc, hs = (a[:, None] for a in _linear(hsegs))
    vlo, vhi, vm, vc, vs = (a[None, :] for a in _linear(vsegs))
    # straight-line crossing first (h: y = hc + hs (x - hm); v: x = vc + vs (y - vm)), generous
    # enough for curved lines, then refined on the profiles of the candidates
    x = (vc + vs * (hc - hs * hm - vm)) / (1.0 - vs * hs)
    y = hc + hs * (x - hm)
    slack = 4 * tol + 4
    near = (x >= hlo - slack) & (x <= hhi + slack) & (y >= vlo - slack) & (y <= vhi + slack)
    ii, jj = np.nonzero(near)
    px, py = x[ii, jj], y[ii, jj]
    for _ in range(2):
        for j in np.unique(jj):
            sel = jj == j
            px[sel] = vsegs[j].cross_at(py[sel])
        for i in np.unique(ii):
            sel = ii == i
            py[sel] = hsegs[i].cross_at(px[sel])
    h_thick = np.array([s.thickness for s in hsegs])[ii]
    v_thick = np.array([s.thickness for s in vsegs])[jj]
    lo_h, hi_h = hlo[ii, 0], hhi[ii, 0]
    lo_v, hi_v = vlo[0, jj], vhi[0, jj]
    gap_h = np.maximum(np.maximum(lo_h - px, px - hi_h), 0) - v_thick / 2
    gap_v = np.maximum(np.maximum(lo_v - py, py - hi_v), 0) - h_thick / 2
    ok = (gap_h <= tol) & (gap_v <= tol)
    hit[ii, jj] = ok
    h_through[ii, jj] = ok & (px - lo_h >= long) & (hi_h - px >= long)
    v_through[ii, jj] = ok & (py - lo_v >= long) & (hi_v - py >= long)
    x_all[ii, jj], y_all[ii, jj] = px, py
    return hit, h_through, v_through, x_all, y_all


def _distinct(hit: np.ndarray, pos: np.ndarray, tol: float) -> np.ndarray:
    """Per row of `hit`: how many distinct lines it meets (crossings closer than tol are one double rule)."""
    out = np.zeros(hit.shape[0], np.int64)
    for i in np.nonzero(hit.any(axis=1))[0]:
        p = np.sort(pos[i, hit[i]])
        out[i] = 1 + int((np.diff(p) > tol).sum())
    return out


def connected(
    hsegs: Sequence[Segment], vsegs: Sequence[Segment], tol: float, snap: float, long: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of the segments that belong to a grid, and the crossing matrix among them.

    A grid line meets two distinct crossing lines, or passes right through one, running on `long`
    both ways (a two-column table whose side borders are missing). A stray stroke meets nothing,
    ends on a single line, or (text touching a rule from both sides) pokes through it briefly.
    """
    hit, h_through, v_through, x, y = crossings(hsegs, vsegs, tol, long)
    keep_h = np.ones(len(hsegs), bool)
    keep_v = np.ones(len(vsegs), bool)
    while True:
        live = hit & keep_h[:, None] & keep_v[None, :]
        n_h = _distinct(live, x, snap)
        n_v = _distinct(live.T, y.T, snap)
        new_h = keep_h & ((n_h >= 2) | (n_h == 1) & (h_through & live).any(axis=1))
        new_v = keep_v & ((n_v >= 2) | (n_v == 1) & (v_through & live).any(axis=0))
        if (new_h == keep_h).all() and (new_v == keep_v).all():
            return keep_h, keep_v, live
        keep_h, keep_v = new_h, new_v


def groups(live: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """Connected components of the crossing graph: (h indices, v indices) per table."""
    n_h, n_v = live.shape
    parent = list(range(n_h + n_v))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for h, v in zip(*np.nonzero(live), strict=True):
        parent[find(int(h))] = find(n_h + int(v))
    comps: dict[int, tuple[list[int], list[int]]] = {}
    for h in range(n_h):
        if live[h].any():
            comps.setdefault(find(h), ([], []))[0].append(h)
    for v in range(n_v):
        if live[:, v].any():
            comps.setdefault(find(n_h + v), ([], []))[1].append(v)
    return list(comps.values())
