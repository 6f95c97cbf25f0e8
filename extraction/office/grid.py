"""A spreadsheet or word-processor table → the PageContent the mapper reads, with synthetic geometry.

Office files have no pixels: cells get boxes laid out from column widths and a fixed row height so
that the mapper's geometric cues (order, spans, the title above the table) hold as on a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from extraction.types import PageContent, TextBlock
from models.ids import cell_id, table_id
from models.record import Cell, Table

ROW_H = 80  # px of a synthetic row (a 300 dpi page's typical form row)
COL_W = 200  # px of a column whose width the file does not give
MARGIN = 40


class OfficeCell(BaseModel):
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = ""


class OfficeTable(BaseModel):
    """One table of a sheet or document, with the lines printed above and below it."""

    n_rows: int
    n_cols: int
    cells: list[OfficeCell]  # top-left slot of every cell, merged ones once
    col_widths: list[int] = Field(default_factory=list)  # px; COL_W where missing
    above: list[str] = Field(default_factory=list)
    below: list[str] = Field(default_factory=list)


def _edges(widths: Sequence[int]) -> list[int]:
    edges = [MARGIN]
    for width in widths:
        edges.append(edges[-1] + width)
    return edges


def _line_blocks(lines: Sequence[str], top: int, left: int, right: int) -> list[TextBlock]:
    blocks = []
    for k, text in enumerate(t for t in lines if t.strip()):
        y = top + k * ROW_H
        blocks.append(
            TextBlock(text=text.strip(), bbox=(left, y + 10, right, y + ROW_H - 10), confidence=1.0)
        )
    return blocks


def page_content(page: int, tables: Sequence[OfficeTable]) -> PageContent:
    """The tables stacked down a synthetic page, each with its lines above and below."""
    out: list[Table] = []
    blocks: list[TextBlock] = []
    y = MARGIN
    width = MARGIN
    for index, office in enumerate(tables):
        widths = [office.col_widths[c] if c < len(office.col_widths) else COL_W for c in range(office.n_cols)]
        xs = _edges(widths)
        width = max(width, xs[-1] + MARGIN)
        blocks += _line_blocks(office.above, y, xs[0], xs[-1])
        y += ROW_H * sum(1 for t in office.above if t.strip())
        ys = [y + r * ROW_H for r in range(office.n_rows + 1)]
        tid = table_id(page, index)
        cells = [
            Cell(
                id=cell_id(tid, c.row, c.col),
                row=c.row,
                col=c.col,
                row_span=c.row_span,
                col_span=c.col_span,
                bbox=(xs[c.col], ys[c.row], xs[c.col + c.col_span], ys[c.row + c.row_span]),
                text=c.text,
                confidence=1.0,
            )
            for c in sorted(office.cells, key=lambda c: (c.row, c.col))
        ]
        bbox = (xs[0], ys[0], xs[-1], ys[-1])
        out.append(
            Table(id=tid, page=page, bbox=bbox, n_rows=office.n_rows, n_cols=office.n_cols, cells=cells)
        )
        y = ys[-1] + ROW_H // 2
        blocks += _line_blocks(office.below, y, xs[0], xs[-1])
        y += ROW_H * (1 + sum(1 for t in office.below if t.strip()))
    return PageContent(page=page, width=width, height=y + MARGIN, tables=out, text_blocks=blocks)
