"""A Table from rows of cell texts with merged cells written as markers (the fixtures' grid format).

`"<"` continues the cell to the left (col_span), `"^"` the cell above (row_span); any other string is a
new cell (`""` an empty one). Cell boxes follow the grid: column c spans x0 + c·col_w.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.record import Cell, Table

LEFT, UP = "<", "^"


def table_from_markers(
    rows: Sequence[Sequence[str]],
    *,
    page: int = 0,
    index: int = 0,
    x0: int = 100,
    y0: int = 300,
    col_w: int = 100,
    row_h: int = 40,
    confidence: float = 0.99,
) -> Table:
    n_cols = max(len(r) for r in rows)
    table_id = f"p{page}t{index}"
    owner: dict[tuple[int, int], Cell] = {}
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        for c, text in enumerate([*row, *[""] * (n_cols - len(row))]):
            if text in (LEFT, UP):
                source = owner[(r, c - 1)] if text == LEFT else owner[(r - 1, c)]
                if text == LEFT and source.row == r:
                    source.col_span = max(source.col_span, c - source.col + 1)
                elif text == UP:
                    source.row_span = max(source.row_span, r - source.row + 1)
                owner[(r, c)] = source
                continue
            cell = Cell(
                id=f"{table_id}r{r}c{c}", row=r, col=c, bbox=(0, 0, 0, 0), text=text, confidence=confidence
            )
            cells.append(cell)
            owner[(r, c)] = cell
    for cell in cells:
        x, y = x0 + cell.col * col_w, y0 + cell.row * row_h
        cell.bbox = (x, y, x + cell.col_span * col_w, y + cell.row_span * row_h)
    bbox = (x0, y0, x0 + n_cols * col_w, y0 + len(rows) * row_h)
    return Table(id=table_id, page=page, bbox=bbox, n_rows=len(rows), n_cols=n_cols, cells=cells)
