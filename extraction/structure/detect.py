"""Orchestration: page → segments → tables → grids, with the intermediate state kept inspectable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extraction.structure.across import across_tables
from extraction.structure.binarize import binarize, to_gray, unit_and_rulings, work_scale
from extraction.structure.grid import Lattice, cells, compact, coverage, decide, junctions, lattice
from extraction.structure.lines import Segment, bridge, detect_segments, distinct, typical_contrast
from extraction.structure.params import StructureParams
from extraction.structure.partial import col_splits, row_splits, split_cols, split_rows
from extraction.structure.result import BBox, GridCell, LineSegment, TableGrid
from extraction.structure.slivers import drop_slivers
from extraction.structure.textlines import text_mask
from extraction.structure.topology import aligned, connected, dominant_slope, groups


@dataclass(frozen=True)
class PageLines:
    """A page's ruling segments at the working scale, and which of them cross which."""

    scale: float  # working / input pixels
    unit: float  # working pixels
    binary: np.ndarray
    hsegs: list[Segment]
    vsegs: list[Segment]  # in transposed terms: along = y, across = x
    live: np.ndarray  # live[h, v]: grid segments h and v cross
    text: np.ndarray  # bool: the ink that is not a ruling segment

    def in_grid(self) -> tuple[list[bool], list[bool]]:
        """Which horizontal and which vertical segments belong to some grid."""
        return (
            [bool(self.live[i].any()) for i in range(len(self.hsegs))],
            [bool(self.live[:, j].any()) for j in range(len(self.vsegs))],
        )


def page_lines(gray: np.ndarray, params: StructureParams) -> PageLines:
    page = to_gray(gray)
    scale = work_scale(page.shape, params)
    if scale < 1.0:
        page = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    binary = binarize(page, params)
    unit, long, dashes = unit_and_rulings(binary, params)
    hsegs, vsegs = detect_segments(long, dashes, page, unit, params)
    reference = typical_contrast([*hsegs, *vsegs])
    hsegs = distinct(hsegs, reference, params.min_relative_contrast)
    vsegs = distinct(vsegs, reference, params.min_relative_contrast)
    snap = params.snap_tol * unit
    hslope, vslope = dominant_slope(hsegs, 8 * unit), dominant_slope(vsegs, 8 * unit)
    hsegs = bridge(aligned(hsegs, hslope, unit), hslope, unit, params)
    vsegs = bridge(aligned(vsegs, vslope, unit), vslope, unit, params)
    # once pieces are joined, a long slanted streak shows its slope; skew left by prepare is ≤ 0.5°
    hsegs = aligned(hsegs, hslope, unit, params.max_turn)
    vsegs = aligned(vsegs, vslope, unit, params.max_turn)
    _, _, live = connected(
        hsegs,
        vsegs,
        params.join_tol * unit,
        snap,
        params.max_char * unit,
    )
    return PageLines(scale, unit, binary, hsegs, vsegs, live, text_mask(binary, hsegs, vsegs, unit))


DEFAULT_PARAMS = StructureParams()  # frozen, so one shared default is safe


def detect_tables(gray: np.ndarray, params: StructureParams = DEFAULT_PARAMS) -> list[TableGrid]:
    """Every ruled table of an upright page, top to bottom; [] when the page has none."""
    return tables_of(page_lines(gray, params), params)


def tables_of(lines: PageLines, params: StructureParams = DEFAULT_PARAMS) -> list[TableGrid]:
    """The tables a page's ruling segments and text make, in pixels of the input page, top to bottom."""
    unit = lines.unit
    tables = []
    for h_idx, v_idx in groups(lines.live):
        hsegs = [lines.hsegs[i] for i in h_idx]
        vsegs = [lines.vsegs[i] for i in v_idx]
        grid = table_grid(hsegs, vsegs, unit, params)
        if (
            grid is None
            or ink_share(lines.binary, grid.bbox) > params.max_ink
            or too_small(grid, unit, params)
        ):
            continue
        grid = drop_slivers(grid, lines.text, unit)
        if len(grid.cells) < params.min_cells:
            continue
        if params.split_cols:
            grid = split_cols(grid, col_splits(lines.text, grid, unit), lines.text, unit)
        if params.split_rows:
            grid = split_rows(grid, row_splits(lines.text, grid, unit))
        tables.append(grid)
    if params.aligned_tables:
        taken = [t.bbox for t in tables]
        found = across_tables(lines.text, lines.hsegs, lines.vsegs, taken, unit, params)
        found = [drop_slivers(t, lines.text, unit) for t in found]
        tables += [t for t in found if len(t.cells) >= params.min_cells]
    if lines.scale != 1.0:
        tables = [t.rescaled(1.0 / lines.scale) for t in tables]
    return sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0]))


def too_small(grid: TableGrid, unit: float, params: StructureParams) -> bool:
    """A header rule crossed by character strokes, or a fragment: lower or narrower than a table."""
    x0, y0, x1, y1 = grid.bbox
    return y1 - y0 < params.min_height * unit or x1 - x0 < params.min_width * unit


def detect_lines(gray: np.ndarray, params: StructureParams = DEFAULT_PARAMS) -> list[LineSegment]:
    """The inked stretches of the ruling lines that join a grid (strays, text strokes and streaks
    left out), in pixels of the input page."""
    lines = page_lines(gray, params)
    f = 1.0 / lines.scale
    out = []
    h_grid, v_grid = lines.in_grid()
    for horizontal, segs, live in ((True, lines.hsegs, h_grid), (False, lines.vsegs, v_grid)):
        for seg in (s for s, keep in zip(segs, live, strict=True) if keep):
            for lo, hi in seg.inked:
                a, b = (lo, float(seg.cross_at(lo))), (hi, float(seg.cross_at(hi)))
                if not horizontal:  # vertical segments are kept in transposed terms
                    a, b = (a[1], a[0]), (b[1], b[0])
                start = (round(a[0] * f), round(a[1] * f))
                end = (round(b[0] * f), round(b[1] * f))
                out.append(LineSegment(horizontal=horizontal, start=start, end=end))
    return out


def table_grid(
    hsegs: Sequence[Segment], vsegs: Sequence[Segment], unit: float, params: StructureParams
) -> TableGrid | None:
    """One table's grid from its segments, or None when they enclose fewer than `min_cells` cells."""
    lat = lattice(hsegs, vsegs, unit, params)
    if lat is None:
        return None
    h_inked, h_len = coverage(lat.rows, lat.x, vsegs, unit, params)
    v_inked, v_len = coverage(lat.cols, lat.y.T, hsegs, unit, params)
    # first slot by slot, then each rule judged between the crossing rules found that way
    h_slot = h_inked >= params.min_coverage * h_len
    v_slot = v_inked >= params.min_coverage * v_len
    h_ruled = decide(h_inked, h_len, junctions(v_slot), params.min_coverage)
    v_ruled = decide(v_inked, v_len, junctions(h_slot), params.min_coverage)
    rects = cells(h_ruled, v_ruled)
    if len(rects) < params.min_cells:
        return None
    return assemble(lat, rects)


def ink_share(binary: np.ndarray, bbox: BBox) -> float:
    """Share of inked pixels in a box: text tables stay near 0.1-0.25, photographed texture far above."""
    x0, y0, x1, y1 = bbox
    region = binary[max(0, y0) : y1, max(0, x0) : x1]
    return float(region.mean()) / 255 if region.size else 1.0


def assemble(lat: Lattice, rects: Sequence[tuple[int, int, int, int]]) -> TableGrid:
    """Cells with spans on the edges that bound some cell, boxes from the crossing points."""
    row_ids, col_ids, local = compact(rects)
    x, y = lat.x, lat.y
    grid_cells = []
    for (r0, c0, r1, c1), (lr0, lc0, lr1, lc1) in zip(rects, local, strict=True):
        x0 = min(x[r0, c0], x[r1, c0])
        x1 = max(x[r0, c1], x[r1, c1])
        y0 = min(y[r0, c0], y[r0, c1])
        y1 = max(y[r1, c0], y[r1, c1])
        bbox = (round(x0), round(y0), round(x1), round(y1))
        grid_cells.append(GridCell(row=lr0, col=lc0, row_span=lr1 - lr0, col_span=lc1 - lc0, bbox=bbox))
    grid_cells.sort(key=lambda c: (c.row, c.col))
    bx0 = min(c.bbox[0] for c in grid_cells)
    by0 = min(c.bbox[1] for c in grid_cells)
    bx1 = max(c.bbox[2] for c in grid_cells)
    by1 = max(c.bbox[3] for c in grid_cells)
    xc, yc = (bx0 + bx1) / 2, (by0 + by1) / 2
    row_edges = [round(float(lat.rows[i].cross_at(xc))) for i in row_ids]
    col_edges = [round(float(lat.cols[j].cross_at(yc))) for j in col_ids]
    return TableGrid(bbox=(bx0, by0, bx1, by1), row_edges=row_edges, col_edges=col_edges, cells=grid_cells)
