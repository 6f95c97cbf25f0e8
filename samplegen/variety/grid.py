"""A VForm's pages as logical grids (samplegen.grid.Grid), every cell tagged with what it shows.

Tags follow samplegen.grid where the block is the same (header, funds, goal, ind, level1, level2,
total, tail) and add ind_group (the upper cell of a two-row header), scoring (a Hubei scoring
sheet), so that samplegen/variety/truth.py reads the record back from the tags alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from samplegen.grid import (
    BLOCK_WIDTH,
    TABLE_WIDTH,
    Grid,
    GridBuilder,
    Style,
    goal_rows,
    merged_runs,
    split,
    total_values,
)
from samplegen.variety.model import VCol, VForm

TEXT_KEYS = frozenset({"level3", "deviation", "extra"})


_B = GridBuilder


@dataclass(frozen=True)
class PagePlan:
    lo: int
    hi: int
    first: bool  # holds the header, funds and goals blocks
    last: bool  # holds the scoring sheet, total and tail
    ind_header: bool
    ind_block: bool


def plan(form: VForm, cut_at: int | None = None) -> list[PagePlan]:
    n = len(form.indicators)
    k = form.cut_at if cut_at is None else cut_at
    if form.cut == "none":
        return [PagePlan(0, n, True, True, True, True)]
    if form.cut == "before_ind":
        return [PagePlan(0, 0, True, False, False, False), PagePlan(0, n, False, True, True, True)]
    if form.cut == "before_total":
        return [PagePlan(0, n, True, False, True, True), PagePlan(n, n, False, True, False, False)]
    return [PagePlan(0, k, True, False, True, True), PagePlan(k, n, False, True, form.repeat_header, True)]


def ind_edges(form: VForm) -> list[tuple[int, int]]:
    x0 = BLOCK_WIDTH if form.ind_title else 0
    return split(x0, TABLE_WIDTH, [c.width for c in form.ind_columns])


def label_x(form: VForm) -> int:
    edges = ind_edges(form)
    return edges[1][1] if len(edges) > 2 else edges[0][1]


def _header(b: _B, form: VForm, lx: int) -> None:
    for r, row in enumerate(form.header):
        if len(row) == 1:
            spans = [(0, lx), (lx, TABLE_WIDTH)]
        else:
            mid = lx + (TABLE_WIDTH - lx) * 2 // 5
            spans = [(0, lx), (lx, mid), (mid, mid + 300), (mid + 300, TABLE_WIDTH)]
        for i, item in enumerate(row):
            (lx0, lx1), (vx0, vx1) = spans[2 * i], spans[2 * i + 1]
            b.add(lx0, lx1, item.label, "label", ("header", r, i, "label"))
            b.add(vx0, vx1, item.value, "text", ("header", r, i, "value"))
        b.row += 1


def _funds(b: _B, form: VForm, lx: int) -> None:
    f = form.funds
    assert f is not None
    if f.transposed:
        n = len(f.columns) + 1
        b.add(0, BLOCK_WIDTH, f.title, "label", ("funds_title",), rows=n)
        xs = split(lx, TABLE_WIDTH, [1.0] * len(f.lines))
        b.add(BLOCK_WIDTH, lx, f.corner, "label", ("funds_corner",))
        for i, line in enumerate(f.lines):
            b.add(*xs[i], line.label, "label", ("funds", i, "label"))
        b.row += 1
        for j, c in enumerate(f.columns):
            b.add(BLOCK_WIDTH, lx, c.label, "label", ("funds_col", j))
            for i, line in enumerate(f.lines):
                b.add(*xs[i], line.cells[j], "value", ("funds", i, j))
            b.row += 1
        return
    n_head = 0 if f.bare else 2 if f.two_row else 1
    b.add(0, BLOCK_WIDTH, f.title, "label", ("funds_title",), rows=len(f.lines) + n_head)
    cols = split(lx, TABLE_WIDTH, [c.width for c in f.columns])
    if f.two_row:
        _funds_head_two_rows(b, form, lx, cols)
    elif not f.bare:
        b.add(BLOCK_WIDTH, lx, f.corner, "value", ("funds_corner",))
        for j, (c, (x0, x1)) in enumerate(zip(f.columns, cols, strict=True)):
            b.add(x0, x1, c.label, "label", ("funds_col", j))
        b.row += 1
    for i, line in enumerate(f.lines):
        b.add(BLOCK_WIDTH, lx, line.label, "label", ("funds", i, "label"))
        for j, (x0, x1) in enumerate(cols):
            b.add(x0, x1, line.cells[j], "value", ("funds", i, j))
        b.row += 1


def _funds_head_two_rows(b: _B, form: VForm, lx: int, cols: list[tuple[int, int]]) -> None:
    """预算数 over 年初 / 全年 (…); the corner and the other labels span both rows."""
    assert form.funds is not None
    columns = form.funds.columns
    b.add(BLOCK_WIDTH, lx, form.funds.corner, "value", ("funds_corner",), rows=2)
    for j0, j1 in merged_runs([c.group or f"#{j}" for j, c in enumerate(columns)], 0):
        if not columns[j0].group:
            b.add(*cols[j0], columns[j0].label, "label", ("funds_col", j0), rows=2)
            continue
        b.add(cols[j0][0], cols[j1 - 1][1], columns[j0].group, "label", ("funds_group", j0))
        b.row += 1
        for j in range(j0, j1):
            b.add(*cols[j], columns[j].label, "label", ("funds_col", j))
        b.row -= 1
    b.row += 2


def _goals(b: _B, form: VForm) -> None:
    g = form.goals
    assert g is not None
    goal_rows(b, g.title, g.labels, g.expected, g.actual)


def _col_header(b: _B, form: VForm, edges: list[tuple[int, int]]) -> int:
    """One or two rows of column labels; returns how many rows they took."""
    cols = form.ind_columns
    if not form.two_row:
        for j, (c, (x0, x1)) in enumerate(zip(cols, edges, strict=True)):
            b.add(x0, x1, c.label, "label", ("ind_col", j))
        return 1
    for j0, j1 in merged_runs([c.group or f"#{j}" for j, c in enumerate(cols)], 0):
        group = cols[j0].group
        if not group:
            b.add(*edges[j0], cols[j0].label, "label", ("ind_col", j0), rows=2)
            continue
        b.add(edges[j0][0], edges[j1 - 1][1], group, "label", ("ind_group", j0))
        b.row += 1
        for j in range(j0, j1):
            b.add(*edges[j], cols[j].label, "label", ("ind_col", j))
        b.row -= 1
    return 2


def _text_style(c: VCol) -> Style:
    return "text" if c.key in TEXT_KEYS else "value"


def _indicators(b: _B, form: VForm, lo: int, hi: int, with_header: bool) -> None:
    edges = ind_edges(form)
    n_head = (2 if form.two_row else 1) if with_header else 0
    if form.ind_title:
        b.add(0, BLOCK_WIDTH, form.ind_title, "label", ("ind_title",), rows=n_head + hi - lo)
    if with_header:
        _col_header(b, form, edges)
        b.row += n_head
    top = b.row
    rows = form.indicators
    carried = form.carried_blank and 0 < lo < len(rows)  # the run started on the page before
    for i0, i1 in merged_runs([r.level1 for r in rows[lo:hi]], lo):
        b.row = top + i0 - lo
        blank1 = carried and i0 == lo and rows[lo - 1].level1 == rows[lo].level1
        _level(b, edges[0], "" if blank1 else rows[i0].level1, ("level1", i0, i1), blank1)
        for k0, k1 in merged_runs([r.level2 for r in rows[i0:i1]], i0):
            b.row = top + k0 - lo
            blank2 = blank1 and k0 == lo and rows[lo - 1].level2 == rows[lo].level2
            _level(b, edges[1], "" if blank2 else rows[k0].level2, ("level2", k0, k1), blank2)
    for i in range(lo, hi):
        b.row = top + i - lo
        for j, c in enumerate(form.ind_columns[2:], start=2):
            b.add(*edges[j], rows[i].cells[j - 2], _text_style(c), ("ind", i, j))
    b.row = top + hi - lo


def _level(b: _B, edge: tuple[int, int], text: str, tag: tuple[str, int, int], carried: bool) -> None:
    """A merged 一级/二级 cell; one carried over from the page before and left blank is tagged so."""
    rows = tag[2] - tag[1]
    b.add(*edge, text, "label", (*tag, "carried") if carried else tag, rows=rows)


def _total(b: _B, form: VForm, lx: int) -> None:
    if form.total_mode == "row":
        b.add(0, lx, form.total_label, "label", ("total", "label"))
        b.add(lx, TABLE_WIDTH, form.total_score, "value", ("total", "score"))
        b.row += 1
        return
    edges = ind_edges(form)
    keys = [c.key for c in form.ind_columns]
    first = min(keys.index(k) for k in ("weight", "score") if k in keys)
    b.add(0, edges[first][0], form.total_label, "label", ("total", "label"))
    total_values(b, edges, keys, first, (form.total_weight, form.total_score), "value")


def _scoring(b: _B, form: VForm) -> None:
    s = form.scoring
    assert s is not None
    right = TABLE_WIDTH - 560 if s.beside else TABLE_WIDTH
    xs = split(BLOCK_WIDTH, right, [2.0, 1.0, 1.0])
    n = len(s.rows) + 1
    b.add(0, BLOCK_WIDTH, s.title, "label", ("scoring_title",), rows=n + (0 if s.beside else 1))
    if s.beside:
        b.add(right, right + 280, s.total_label, "label", ("total", "label"), rows=n)
        b.add(right + 280, TABLE_WIDTH, s.total_score, "value", ("total", "score"), rows=n)
    for k, text in enumerate(s.columns):
        b.add(*xs[k], text, "label", ("scoring_col", k))
    b.row += 1
    for i, row in enumerate(s.rows):
        for k, text in enumerate(row):
            b.add(*xs[k], text, "label" if k == 0 else "value", ("scoring", i, k))
        b.row += 1
    if not s.beside:
        b.add(BLOCK_WIDTH, xs[0][1], s.total_label, "label", ("total", "label"))
        b.add(xs[1][0], right, s.total_score, "value", ("total", "score"))
        b.row += 1


def _tail(b: _B, form: VForm, lx: int) -> None:
    for i, item in enumerate(form.tail):
        b.add(0, lx, item.label, "label", ("tail", i, "label"))
        b.add(lx, TABLE_WIDTH, item.value, "text", ("tail", i, "value"))
        b.row += 1


def page_grid(form: VForm, p: PagePlan) -> Grid:
    b = _B()
    lx = label_x(form)
    if p.first:
        _header(b, form, lx)
        if form.funds is not None:
            _funds(b, form, lx)
        if form.goals is not None:
            _goals(b, form)
    if p.ind_block and (p.hi > p.lo or p.ind_header):
        _indicators(b, form, p.lo, p.hi, p.ind_header)
    if p.last:
        if form.scoring is not None:
            _scoring(b, form)
        if form.total_mode != "none" and form.scoring is None:
            _total(b, form, lx)
        _tail(b, form, lx)
    return Grid(b.cells, b.row, b.min_heights)
