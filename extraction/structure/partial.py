"""Partly ruled tables: row boundaries from text lines where a ruled grid leaves rows unruled, and
horizontal-only (booktabs) tables whose columns come from the alignment of their text.

Every boundary found this way is weaker evidence than a ruling: the cells beside it get a lower
structure confidence (`INFERRED`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from extraction.structure.result import GridCell, TableGrid
from extraction.structure.textlines import column_gaps, covered, text_lines

INFERRED = 0.6  # structure confidence of a cell with a side inferred from text positions


def _clip(a: float, lo: int, hi: int) -> int:
    return int(min(max(round(a), lo), hi))


def row_splits(text: np.ndarray, grid: TableGrid, unit: float, min_both: int = 3) -> list[int]:
    """y positions inside the grid's rows where a text line ends and the next starts in most
    columns: a blank band across the whole table, with ink above and below it in at least `min_both`
    and in at least half of the cells that hold text (three by default: a ruled table's two-column
    paragraph rows stay whole). A cell whose text wraps while its neighbours
    hold one centred line does not qualify (one column), nor do wrapped headers beside one-line
    ones (no blank band), nor lines beside a row label that stays on one side of the cut."""
    h, w = text.shape
    x0, x1 = _clip(grid.bbox[0], 0, w), _clip(grid.bbox[2], 0, w)
    margin = max(1, round(0.15 * unit))
    out: list[int] = []
    for r, (ya, yb) in enumerate(itertools.pairwise(grid.row_edges)):
        ya, yb = _clip(ya + margin, 0, h), _clip(yb - margin, 0, h)
        lines = text_lines(text[ya:yb, x0:x1], unit)
        row = [c for c in grid.cells if c.row <= r < c.row + c.row_span]
        for (_, end), (start, _) in itertools.pairwise(lines):
            cut = ya + (end + start) // 2
            sides = []
            for c in sorted(row, key=lambda c: c.col):  # by cell: a phantom edge inside one counts once
                cell = text[ya:yb, _clip(c.bbox[0] + margin, 0, w) : _clip(c.bbox[2] - margin, 0, w)]
                above, below = bool(cell[: cut - ya].any()), bool(cell[cut - ya :].any())
                if above or below:
                    sides.append(above and below)
            both = sum(sides)
            # a row label that stays on one side (centred beside several lines) heads a group of lines
            # inside one row (a big box of values), not rows of their own
            if sides and sides[0] and both >= min_both and 2 * both >= len(sides):
                out.append(cut)
    return out


def split_rows(grid: TableGrid, cuts: Sequence[int]) -> TableGrid:
    """The grid with extra row edges at `cuts`: every cell across a cut is split there."""
    if not cuts:
        return grid
    edges = sorted({*grid.row_edges, *cuts})
    index = {e: k for k, e in enumerate(edges)}
    new = set(cuts) - set(grid.row_edges)
    cells = []
    for c in grid.cells:
        first = index[grid.row_edges[c.row]]
        last = index[grid.row_edges[c.row + c.row_span]]
        for r in range(first, last):
            top = c.bbox[1] if r == first else edges[r]
            bottom = c.bbox[3] if r + 1 == last else edges[r + 1]
            weak = edges[r] in new or edges[r + 1] in new
            cells.append(
                c.model_copy(
                    update={
                        "row": r,
                        "row_span": 1,
                        "bbox": (c.bbox[0], top, c.bbox[2], bottom),
                        "confidence": min(c.confidence, INFERRED) if weak else c.confidence,
                    }
                )
            )
    cells.sort(key=lambda c: (c.row, c.col))
    return grid.model_copy(update={"row_edges": edges, "cells": cells})


def aligned_grid(text: np.ndarray, rules: Sequence[int], x0: int, x1: int, unit: float) -> TableGrid | None:
    """A table ruled only across (rows at `rules`, top to bottom, spanning x0..x1): columns at the
    blank columns of its text, rows split further at text lines, and a slot merged with its right
    neighbour where its line's text runs across the column gap (a spanning header). None when the
    text does not line up in at least two columns, unless the rules box every entry of a list."""
    y0, y1 = rules[0], rules[-1]
    gaps = column_gaps(text[y0:y1, x0:x1], unit, beside=0.25)
    if not gaps and not _ruled_list(text, rules, x0, x1, unit):
        return None
    col_edges = [x0, *(x0 + round(g) for g in gaps), x1]
    grid = _slots(list(rules), col_edges)
    grid = split_rows(grid, row_splits(text, grid, unit, min_both=2))
    return _merge_across(grid, text, unit)


def _ruled_list(text: np.ndarray, rules: Sequence[int], x0: int, x1: int, unit: float) -> bool:
    """A one-column table: at least three rows, each between two rules, each of one to three lines."""
    if len(rules) < 4:
        return False
    counts = [len(text_lines(text[a:b, x0:x1], unit)) for a, b in itertools.pairwise(rules)]
    return all(1 <= n <= 3 for n in counts)


def _slots(row_edges: list[int], col_edges: list[int]) -> TableGrid:
    cells = [
        GridCell(
            row=r,
            col=c,
            row_span=1,
            col_span=1,
            bbox=(col_edges[c], row_edges[r], col_edges[c + 1], row_edges[r + 1]),
            confidence=INFERRED,
        )
        for r in range(len(row_edges) - 1)
        for c in range(len(col_edges) - 1)
    ]
    bbox = (col_edges[0], row_edges[0], col_edges[-1], row_edges[-1])
    return TableGrid(bbox=bbox, row_edges=row_edges, col_edges=col_edges, cells=cells)


def _merge_across(grid: TableGrid, text: np.ndarray, unit: float) -> TableGrid:
    """Join neighbouring slots of a row whose text runs across the inferred gap between them."""
    cells: list[GridCell] = []
    margin = max(1, round(0.15 * unit))
    x0 = grid.col_edges[0]
    for r in range(grid.n_rows):
        h = text.shape[0]
        ya, yb = _clip(grid.row_edges[r] + margin, 0, h), _clip(grid.row_edges[r + 1] - margin, 0, h)
        band = covered(text[ya:yb, x0 : grid.col_edges[-1]], unit) if yb > ya else None
        start = 0
        for c in range(1, grid.n_cols + 1):
            gap = grid.col_edges[c] - x0 if c < grid.n_cols else -1
            if c < grid.n_cols and band is not None and band[min(gap, len(band) - 1)]:
                continue  # the text runs on across this gap: one cell
            bbox = (grid.col_edges[start], grid.row_edges[r], grid.col_edges[c], grid.row_edges[r + 1])
            cells.append(
                GridCell(row=r, col=start, row_span=1, col_span=c - start, bbox=bbox, confidence=INFERRED)
            )
            start = c
    return grid.model_copy(update={"cells": cells})


TWO_LINES_GAP = 3.0  # units: the narrowest unruled column gap believed from two text lines


def col_splits(text: np.ndarray, grid: TableGrid, unit: float) -> list[int]:
    """x positions inside the grid's column slots where the text of the rows lines up in columns
    that no ruling separates (a table ruled between rows only, inside a frame); both new columns
    must hold text in at least half of the lines, or an empty stretch of a form's cells would do."""
    h, w = text.shape
    y0, y1 = _clip(grid.bbox[1], 0, h), _clip(grid.bbox[3], 0, h)
    margin = max(1, round(0.15 * unit))
    out: list[int] = []
    for xa, xb in itertools.pairwise(grid.col_edges):
        xa, xb = _clip(xa + margin, 0, w), _clip(xb - margin, 0, w)
        # two lines are weak evidence: the gap between two words of two labels centred alike lines
        # up by chance (产出|指标 over 效益|指标 on a fax, 2.2 units wide)
        gaps = column_gaps(text[y0:y1, xa:xb], unit, beside=0.5, two_lines_gap=TWO_LINES_GAP)
        out += [xa + round(g) for g in gaps]
    return out


def split_cols(grid: TableGrid, cuts: Sequence[int], text: np.ndarray, unit: float) -> TableGrid:
    """The grid with extra column edges at `cuts`; a cell is split there unless its text runs across."""
    if not cuts:
        return grid
    edges = sorted({*grid.col_edges, *cuts})
    index = {e: k for k, e in enumerate(edges)}
    new = set(cuts) - set(grid.col_edges)
    margin = max(1, round(0.15 * unit))
    cells = []
    for c in grid.cells:
        first, last = index[grid.col_edges[c.col]], index[grid.col_edges[c.col + c.col_span]]
        h, w = text.shape
        y0, y1 = _clip(c.bbox[1] + margin, 0, h), _clip(c.bbox[3] - margin, 0, h)
        xa, xb = _clip(edges[first], 0, w), _clip(edges[last], 0, w)
        ink = covered(text[y0:y1, xa:xb], unit) if y1 > y0 and xb > xa else None
        start = first
        for k in range(first + 1, last + 1):
            if k < last and edges[k] not in new:
                continue  # a ruled edge the cell already spans
            if k < last and ink is not None and ink[_clip(edges[k] - xa, 0, len(ink) - 1)]:
                continue  # the text runs on across this cut: it spans
            left = c.bbox[0] if start == first else edges[start]
            right = c.bbox[2] if k == last else edges[k]
            weak = any(edges[e] in new for e in (start, k))
            cells.append(
                c.model_copy(
                    update={
                        "col": start,
                        "col_span": k - start,
                        "bbox": (left, c.bbox[1], right, c.bbox[3]),
                        "confidence": min(c.confidence, INFERRED) if weak else c.confidence,
                    }
                )
            )
            start = k
    cells.sort(key=lambda c: (c.row, c.col))
    return grid.model_copy(update={"col_edges": edges, "cells": cells})
