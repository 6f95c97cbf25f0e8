"""Tables ruled only across (booktabs style, or rules between rows only): stacks of long horizontal
rules outside every ruled grid whose text lines up in columns."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extraction.structure.lines import Segment
from extraction.structure.params import StructureParams
from extraction.structure.partial import aligned_grid
from extraction.structure.result import BBox, TableGrid
from extraction.structure.textlines import text_lines


def _y(seg: Segment) -> int:
    return round(float(seg.cross_at((seg.lo + seg.hi) / 2)))


def _inside(seg: Segment, boxes: Sequence[BBox], pad: float) -> bool:
    x, y = (seg.lo + seg.hi) / 2, _y(seg)
    return any(b[0] - pad <= x <= b[2] + pad and b[1] - pad <= y <= b[3] + pad for b in boxes)


def _running(seg: Segment, text: np.ndarray, unit: float) -> bool:
    """A running head's (foot's) rule: across the type area in the top 12 % (bottom 10 %) of the
    page, with its line of text sitting right on it (right under it)."""
    height, width = text.shape
    if seg.length < 0.6 * width:  # it runs across the type area
        return False
    y, x0, x1 = _y(seg), max(0, round(seg.lo)), round(seg.hi)
    reach = max(2, round(1.0 * unit))
    if y < 0.12 * height:
        return bool(text[max(0, y - reach) : max(0, y - 1), x0:x1].any())
    if y > 0.9 * height:
        return bool(text[y + 2 : y + reach + 1, x0:x1].any())
    return False


def _same_extent(a: Segment, b: Segment, unit: float) -> bool:
    """Two rules of one table frame: nearly the same span (a short partial rule does not frame)."""
    overlap = min(a.hi, b.hi) - max(a.lo, b.lo)
    return overlap >= 0.8 * max(a.length, b.length) - unit


def _figure(vsegs: Sequence[Segment], box: BBox, unit: float) -> bool:
    """A region crossed by long vertical strokes is a chart or a drawing (bars, axes), no table."""
    x0, y0, x1, y1 = box
    for s in vsegs:  # transposed terms: along = y
        x = float(s.cross_at((s.lo + s.hi) / 2))
        if s.length >= 3 * unit and x0 < x < x1 and s.hi > y0 + unit and s.lo < y1 - unit:
            return True
    return False


def across_tables(
    text: np.ndarray,
    hsegs: Sequence[Segment],
    vsegs: Sequence[Segment],
    taken: Sequence[BBox],
    unit: float,
    params: StructureParams,
) -> list[TableGrid]:
    """Tables framed by runs of long rules of one extent whose text lines up in columns."""
    rules = sorted(
        (
            s
            for s in hsegs
            if s.length >= params.min_rule * unit
            and not _inside(s, taken, unit)
            and not _running(s, text, unit)
        ),
        key=_y,
    )
    # best[i]: ((text lines, -tables), tables) of the best choice of tables among rules[i:]; a stack
    # of rules may hold one table or two (the foot of one, the next one's head): the choice that
    # reads the most lines as tables wins, then the one with fewer tables, so a caption between two
    # tables does not glue them together and one table is not cut in pieces
    n = len(rules)
    best: list[tuple[tuple[int, int], list[TableGrid]]] = [((0, 0), [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = best[i + 1]
        run = [rules[i]]
        for nxt in rules[i + 1 :]:
            if _y(nxt) - _y(run[-1]) > params.max_rule_gap * unit:
                break
            if not _same_extent(rules[i], nxt, unit):
                continue  # a partial rule inside, or a rule elsewhere on the page (a chart beside)
            run.append(nxt)
            found = _try(text, run, vsegs, unit, params)
            if found is not None:
                rest = best[rules.index(run[-1]) + 1]
                score = (_lines(text, found, unit) + rest[0][0], rest[0][1] - 1)
                if score > best[i][0]:
                    best[i] = (score, [found, *rest[1]])
    return best[0][1]


def _lines(text: np.ndarray, grid: TableGrid, unit: float) -> int:
    """How many text lines the table holds (more lines read as a table win; then fewer tables)."""
    x0, y0, x1, y1 = grid.bbox
    return len(text_lines(text[y0:y1, x0:x1], unit))


def _try(
    text: np.ndarray, run: Sequence[Segment], vsegs: Sequence[Segment], unit: float, params: StructureParams
) -> TableGrid | None:
    ys = sorted({_y(s) for s in run})
    x0 = max(0, round(min(s.lo for s in run)))
    x1 = min(text.shape[1], round(max(s.hi for s in run)))
    if len(ys) < 2 or _figure(vsegs, (x0, ys[0], x1, ys[-1]), unit):
        return None
    grid = aligned_grid(text, ys, x0, x1, unit)
    if grid is None or grid.n_rows < 2 or len(grid.cells) < params.min_cells or _prose(grid):
        return None
    return grid


def _prose(grid: TableGrid, run: int = 3) -> bool:
    """Three lines in a row running across every column: a paragraph, not table rows (a table's
    spanning rows are single titles)."""
    if grid.n_cols < 2:
        return False
    full = {c.row for c in grid.cells if c.col_span == grid.n_cols}
    return any(all(r + k in full for k in range(run)) for r in full)
