"""Test helper: a Table from rows of cell texts, with merged cells written as markers.

`"<"` continues the cell to the left (col_span), `"^"` the cell above (row_span); any other string
is a new cell (`""` an empty one). Cell boxes follow the grid: column c spans x0 + c·col_w.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.grids import LEFT, UP, table_from_markers
from extraction.types import PageContent, TextBlock
from models.record import Cell, Table

__all__ = ["LEFT", "UP", "cell_at", "make_page", "make_table", "text_block"]


make_table = table_from_markers  # the benchmark's fixtures and these tests lay tables out alike


def text_block(text: str, y: int, *, confidence: float = 0.98) -> TextBlock:
    return TextBlock(text=text, bbox=(300, y, 900, y + 40), confidence=confidence)


def make_page(page: int, tables: Sequence[Table], blocks: Sequence[TextBlock] = ()) -> PageContent:
    return PageContent(page=page, width=2480, height=3508, tables=list(tables), text_blocks=list(blocks))


def cell_at(table: Table, row: int, col: int) -> Cell:
    """The cell occupying grid slot (row, col)."""
    return next(
        c for c in table.cells if c.row <= row < c.row + c.row_span and c.col <= col < c.col + c.col_span
    )
