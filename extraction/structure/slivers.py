"""Sliver rows and columns: a double border (or a rule beside a fill's edge) leaves a slot thinner
than a character with nothing in it. Its two edges become one, in the middle."""

from __future__ import annotations

import numpy as np

from extraction.structure.result import GridCell, TableGrid

SLIVER = 0.8  # units: an empty slot thinner than this is no row or column


def _empty(text: np.ndarray, grid: TableGrid, k: int, rows: bool) -> bool:
    h, w = text.shape
    if rows:
        y0, y1 = max(0, grid.row_edges[k]), min(h, grid.row_edges[k + 1])
        region = text[y0:y1, max(0, grid.bbox[0]) : min(w, grid.bbox[2])]
    else:
        x0, x1 = max(0, grid.col_edges[k]), min(w, grid.col_edges[k + 1])
        region = text[max(0, grid.bbox[1]) : min(h, grid.bbox[3]), x0:x1]
    return int(region.sum()) <= 2


def _collapse(grid: TableGrid, k: int, rows: bool) -> TableGrid:
    """Slot k gone: its edges k and k+1 become one at their middle."""
    edges = list(grid.row_edges if rows else grid.col_edges)
    mid = round((edges[k] + edges[k + 1]) / 2)
    new_edges = [*edges[:k], mid, *edges[k + 2 :]]
    cells: list[GridCell] = []
    for c in grid.cells:
        start, span = (c.row, c.row_span) if rows else (c.col, c.col_span)
        end = start + span
        if start == k and end == k + 1:
            continue  # the sliver's own cell
        new_start = start if start <= k else start - 1
        new_end = end if end <= k else end - 1
        x0, y0, x1, y1 = c.bbox
        lo, hi = (y0, y1) if rows else (x0, x1)
        lo = mid if start in (k, k + 1) else lo
        hi = mid if end in (k, k + 1) else hi
        if new_end <= new_start or hi <= lo:
            continue
        bbox = (x0, lo, x1, hi) if rows else (lo, y0, hi, y1)
        update = {"row": new_start, "row_span": new_end - new_start} if rows else {}
        if not rows:
            update = {"col": new_start, "col_span": new_end - new_start}
        cells.append(c.model_copy(update={**update, "bbox": bbox}))
    cells.sort(key=lambda c: (c.row, c.col))
    key = "row_edges" if rows else "col_edges"
    return grid.model_copy(update={key: new_edges, "cells": cells})


def drop_slivers(grid: TableGrid, text: np.ndarray, unit: float) -> TableGrid:
    """The grid without empty slots thinner than SLIVER units (rows, then columns)."""
    for rows in (True, False):
        k = 0
        while k < len(grid.row_edges if rows else grid.col_edges) - 1:
            edges = grid.row_edges if rows else grid.col_edges
            if edges[k + 1] - edges[k] < SLIVER * unit and len(edges) > 2 and _empty(text, grid, k, rows):
                grid = _collapse(grid, k, rows)
            else:
                k += 1
    bx = [c.bbox for c in grid.cells]
    if not bx:
        return grid
    bbox = (min(b[0] for b in bx), min(b[1] for b in bx), max(b[2] for b in bx), max(b[3] for b in bx))
    return grid.model_copy(update={"bbox": bbox})
