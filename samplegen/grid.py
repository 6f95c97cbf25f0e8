"""Logical table of one page: cells placed by x-range (pixels inside the table) and logical rows.

Blocks are laid out like the spreadsheets these forms come from: each block splits the table width
its own way, and the column grid is the union of all their edges (edges closer than SNAP collapse,
so no sliver columns). Every cell carries a tag saying what it shows, which the ground truth reads.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from samplegen.spec import Column, FormSpec

Style = Literal["label", "value", "text", "bold"]
Tag = tuple[str | int, ...]

TABLE_WIDTH = 2200
BLOCK_WIDTH = 130  # the narrow left column holding 项目资金 / 年度总体目标 / 绩效指标
SNAP = 36


@dataclass
class GCell:
    x0: int
    x1: int
    r0: int
    r1: int  # exclusive
    text: str
    style: Style
    tag: Tag


@dataclass
class Grid:
    cells: list[GCell]
    n_rows: int
    min_heights: dict[int, int]  # logical row → minimum height in px


def split(x0: int, x1: int, weights: list[float]) -> list[tuple[int, int]]:
    total = sum(weights)
    edges = [x0]
    acc = 0.0
    for w in weights:
        acc += w
        edges.append(x0 + round((x1 - x0) * acc / total))
    return list(itertools.pairwise(edges))


class GridBuilder:
    def __init__(self) -> None:
        self.cells: list[GCell] = []
        self.row = 0
        self.min_heights: dict[int, int] = {}

    def add(self, x0: int, x1: int, text: str, style: Style, tag: Tag, rows: int = 1) -> None:
        self.cells.append(GCell(x0, x1, self.row, self.row + rows, text, style, tag))


def _ind_edges(spec: FormSpec) -> list[tuple[int, int]]:
    return split(BLOCK_WIDTH, TABLE_WIDTH, [c.width for c in spec.ind_columns])


def _text_style(col: Column) -> Style:
    return "text" if col.key in ("level3", "deviation") else "value"


def _header(b: GridBuilder, spec: FormSpec, label_x: int) -> None:
    for row in spec.header:
        if len(row) == 1:
            spans = [(0, label_x), (label_x, TABLE_WIDTH)]
        else:
            mid = label_x + (TABLE_WIDTH - label_x) * 2 // 5
            spans = [(0, label_x), (label_x, mid), (mid, mid + 300), (mid + 300, TABLE_WIDTH)]
        for i, item in enumerate(row):
            (lx0, lx1), (vx0, vx1) = spans[2 * i], spans[2 * i + 1]
            b.add(lx0, lx1, item.label, "label", ("header", b.row, i, "label"))
            b.add(vx0, vx1, item.value, "text", ("header", b.row, i, "value"))
        b.row += 1


def _funds(b: GridBuilder, spec: FormSpec, label_x: int) -> None:
    n = len(spec.funds) + 1
    b.add(0, BLOCK_WIDTH, spec.funds_title, "label", ("funds_title",), rows=n)
    cols = split(label_x, TABLE_WIDTH, [c.width for c in spec.funds_columns])
    b.add(BLOCK_WIDTH, label_x, "", "value", ("funds_corner",))
    for j, (col, (x0, x1)) in enumerate(zip(spec.funds_columns, cols, strict=True)):
        b.add(x0, x1, col.label, "label", ("funds_col", j))
    b.row += 1
    for i, line in enumerate(spec.funds):
        b.add(BLOCK_WIDTH, label_x, line.label, "label", ("funds", i, "label"))
        for j, (col, (x0, x1)) in enumerate(zip(spec.funds_columns, cols, strict=True)):
            style: Style = "text" if col.key == "exec_reason" else "value"
            b.add(x0, x1, line.cells[j], style, ("funds", i, j))
        b.row += 1


def _goals(b: GridBuilder, spec: FormSpec) -> None:
    goal_rows(b, spec.goal_title, spec.goal_labels, spec.goal_expected, spec.goal_actual)


def goal_rows(b: GridBuilder, title: str, labels: tuple[str, str], expected: str, actual: str) -> None:
    """年度总体目标 merged down two rows: the two labels, then the two texts under them."""
    mid = BLOCK_WIDTH + (TABLE_WIDTH - BLOCK_WIDTH) // 2
    b.add(0, BLOCK_WIDTH, title, "label", ("goal_title",), rows=2)
    b.add(BLOCK_WIDTH, mid, labels[0], "label", ("goal_label", 0))
    b.add(mid, TABLE_WIDTH, labels[1], "label", ("goal_label", 1))
    b.row += 1
    b.add(BLOCK_WIDTH, mid, expected, "text", ("goal", "expected"))
    b.add(mid, TABLE_WIDTH, actual, "text", ("goal", "actual"))
    b.min_heights[b.row] = 150
    b.row += 1


def merged_runs(values: list[str], start: int) -> list[tuple[int, int]]:
    """Runs of equal consecutive values as absolute index ranges [i0, i1)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        runs.append((start + i, start + j + 1))
        i = j + 1
    return runs


def _indicators(b: GridBuilder, spec: FormSpec, lo: int, hi: int, with_header: bool) -> None:
    edges = _ind_edges(spec)
    n = (hi - lo) + (1 if with_header else 0)
    b.add(0, BLOCK_WIDTH, spec.ind_title, "label", ("ind_title",), rows=n)
    if with_header:
        for j, (col, (x0, x1)) in enumerate(zip(spec.ind_columns, edges, strict=True)):
            b.add(x0, x1, col.label, "label", ("ind_col", j))
        b.row += 1
    top = b.row
    rows = spec.indicators[lo:hi]
    for i0, i1 in merged_runs([r.level1 for r in rows], lo):
        b.row = top + i0 - lo
        b.add(*edges[0], spec.indicators[i0].level1, "label", ("level1", i0, i1), rows=i1 - i0)
        for k0, k1 in merged_runs([r.level2 for r in spec.indicators[i0:i1]], i0):
            b.row = top + k0 - lo
            b.add(*edges[1], spec.indicators[k0].level2, "label", ("level2", k0, k1), rows=k1 - k0)
    for i in range(lo, hi):
        b.row = top + i - lo
        for j, col in enumerate(spec.ind_columns[2:], start=2):
            b.add(*edges[j], spec.indicators[i].cells[j - 2], _text_style(col), ("ind", i, j))
    b.row = top + hi - lo


def _total(b: GridBuilder, spec: FormSpec) -> None:
    edges = _ind_edges(spec)
    keys = [c.key for c in spec.ind_columns]
    first = min(keys.index("weight"), keys.index("score"))
    label_style: Style = "bold" if spec.bold_total else "label"
    value_style: Style = "bold" if spec.bold_total else "value"
    b.add(0, edges[first][0], spec.total_label, label_style, ("total", "label"))
    total_values(b, edges, keys, first, (spec.total_weight, spec.total_score), value_style)


def total_values(
    b: GridBuilder,
    edges: list[tuple[int, int]],
    keys: list[str],
    first: int,
    texts: tuple[str, str],
    style: Style,
) -> None:
    """The total row right of its label: the weight and score under their columns, the columns between
    and after them padded with empty cells; `texts` = (total weight, total score)."""
    j = first
    while j < len(keys):
        if keys[j] in ("weight", "score"):
            b.add(*edges[j], texts[0] if keys[j] == "weight" else texts[1], style, ("total", keys[j]))
            j += 1
            continue
        k = j
        while k + 1 < len(keys) and keys[k + 1] not in ("weight", "score"):
            k += 1
        b.add(edges[j][0], edges[k][1], "", "value", ("total", "pad", j))
        j = k + 1
    b.row += 1


def _tail(b: GridBuilder, spec: FormSpec, label_x: int) -> None:
    for i, item in enumerate(spec.tail):
        b.add(0, label_x, item.label, "label", ("tail", i, "label"))
        b.add(label_x, TABLE_WIDTH, item.value, "text", ("tail", i, "value"))
        b.row += 1


def build_page_grid(spec: FormSpec, lo: int, hi: int, first: bool, last: bool) -> Grid:
    """The table of one page: the first page holds everything up to indicator `hi`; a continuation
    page holds indicators [lo, hi) and, on the last page, the total and tail rows."""
    b = GridBuilder()
    edges = _ind_edges(spec)
    label_x = edges[1][1] if len(edges) > 2 else edges[0][1]  # 一级 + 二级 wide
    if first:
        _header(b, spec, label_x)
        _funds(b, spec, label_x)
        _goals(b, spec)
    if hi > lo or first:
        _indicators(b, spec, lo, hi, with_header=first or spec.repeat_header)
    if last:
        _total(b, spec)
        _tail(b, spec, label_x)
    return Grid(b.cells, b.row, b.min_heights)
