"""The structure stage's output: ruled tables as grids of cells."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

BBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the input page


class LineSegment(BaseModel):
    """An inked stretch of a ruling line that belongs to a table grid."""

    model_config = ConfigDict(extra="forbid")

    horizontal: bool
    start: tuple[int, int]  # x, y
    end: tuple[int, int]


class GridCell(BaseModel):
    """A cell: the grid slot of its top-left corner, its spans, and its box on the ruling centre lines."""

    model_config = ConfigDict(extra="forbid")

    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    # 1.0: every side is a ruling; lower where a side was inferred from text lines or text alignment
    confidence: float = 1.0


class TableGrid(BaseModel):
    """A ruled table; row/col edges are measured at the table's centre (a skewed table's cells say more)."""

    model_config = ConfigDict(extra="forbid")

    bbox: BBox
    row_edges: list[int]
    col_edges: list[int]
    cells: list[GridCell]  # reading order: by row, then column

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    def rescaled(self, f: float) -> TableGrid:
        """The same grid on a page scaled by `f`."""

        def box(b: BBox) -> BBox:
            return (round(b[0] * f), round(b[1] * f), round(b[2] * f), round(b[3] * f))

        return TableGrid(
            bbox=box(self.bbox),
            row_edges=[round(e * f) for e in self.row_edges],
            col_edges=[round(e * f) for e in self.col_edges],
            cells=[c.model_copy(update={"bbox": box(c.bbox)}) for c in self.cells],
        )
