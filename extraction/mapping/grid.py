"""A row-wise view of a Table's merged-cell grid: which cells start in a row, which cover it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.record import Cell, Table

_TAGS = re.compile(r"<[^>]*>")


def cell_text(cell: Cell) -> str:
    """The printed text of a cell, trimmed (pasted HTML tags such as <b> dropped)."""
    return _TAGS.sub("", cell.text).strip()


def col_overlap(a: Cell, b: Cell) -> int:
    """How many grid columns two cells share."""
    return max(0, min(a.col + a.col_span, b.col + b.col_span) - max(a.col, b.col))


def x_overlap(a: Cell, b: Cell) -> int:
    """How many pixels two cells share horizontally (for grids whose columns differ)."""
    return max(0, min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0]))


@dataclass(frozen=True)
class Grid:
    table: Table
    rows: tuple[tuple[Cell, ...], ...] = field(init=False)

    def __post_init__(self) -> None:
        n_rows = max([self.table.n_rows, *(c.row + c.row_span for c in self.table.cells)])
        by_row: list[list[Cell]] = [[] for _ in range(n_rows)]
        for cell in self.table.cells:
            by_row[cell.row].append(cell)
        object.__setattr__(self, "rows", tuple(tuple(sorted(r, key=lambda c: c.col)) for r in by_row))

    def starting(self, row: int) -> tuple[Cell, ...]:
        """Cells whose top-left slot is in `row`, left to right."""
        return self.rows[row]

    def covering(self, row: int) -> list[Cell]:
        """Cells that occupy `row`, including those merged down from above, left to right."""
        cells = [c for c in self.table.cells if c.row <= row < c.row + c.row_span]
        return sorted(cells, key=lambda c: c.col)

    def below(self, cell: Cell) -> list[Cell]:
        """Cells of the row right under `cell` that share a column with it."""
        row = cell.row + cell.row_span
        if row >= len(self.rows):
            return []
        return [c for c in self.rows[row] if col_overlap(c, cell) > 0]
