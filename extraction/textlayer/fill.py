"""Cells and free text lines filled from a page's PDF characters instead of OCR (confidence 1.0)."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extraction.load import PageChars
from extraction.structure import TableGrid
from extraction.textlayer.lines import cell_text, row_text, rows_of
from extraction.types import PageContent, TextBlock
from models.ids import cell_id, table_id
from models.record import BBox, Cell, Table

_INK_LEVEL = 128
_MIN_CELL_INK = 40  # dark pixels inside a cell's ruling that make a printed mark (300 dpi)
_RULE_MARGIN = 6  # px kept off the cell's ruling when looking for ink
# Inked cells without a single character of the text layer: above this share the layer does not
# describe what is printed (a pasted scan, a form drawn as an image) and the page is OCRed.
MAX_UNCOVERED_SHARE = 0.1


def to_page(chars: PageChars, transform: np.ndarray) -> np.ndarray:
    """The character boxes in prepared-page pixels (the transform maps original → prepared)."""
    if chars.boxes.size == 0 or np.allclose(transform, np.eye(3)):
        return chars.boxes
    corners = chars.boxes[:, [0, 1, 2, 1, 2, 3, 0, 3]].reshape(-1, 1, 2)
    moved = cv2.perspectiveTransform(corners.astype(np.float64), transform).reshape(-1, 4, 2)
    return np.concatenate([moved.min(axis=1), moved.max(axis=1)], axis=1)


def _inside(centres: np.ndarray, box: BBox) -> np.ndarray:
    x0, y0, x1, y1 = box
    return (centres[:, 0] >= x0) & (centres[:, 0] < x1) & (centres[:, 1] >= y0) & (centres[:, 1] < y1)


def _inked(gray: np.ndarray, box: BBox) -> bool:
    x0, y0, x1, y1 = box
    inner = gray[y0 + _RULE_MARGIN : y1 - _RULE_MARGIN, x0 + _RULE_MARGIN : x1 - _RULE_MARGIN]
    return inner.size > 0 and int((inner < _INK_LEVEL).sum()) >= _MIN_CELL_INK


class _Filler:
    def __init__(self, chars: PageChars, boxes: np.ndarray, gray: np.ndarray) -> None:
        self.text = chars.text
        self.boxes = boxes
        self.gray = gray
        self.centres = np.stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2], axis=1)
        self.free = np.ones(len(chars.text), dtype=bool)
        self.inked = 0
        self.uncovered = 0

    def table(self, grid: TableGrid, page: int, index: int) -> Table:
        tid = table_id(page, index)
        cells = []
        for c in grid.cells:
            hits = np.flatnonzero(_inside(self.centres, c.bbox) & self.free)
            self.free[hits] = False
            text = cell_text(self.text, self.boxes, hits.tolist())
            if _inked(self.gray, c.bbox):
                self.inked += 1
                self.uncovered += not text
            cells.append(
                Cell(id=cell_id(tid, c.row, c.col), row=c.row, col=c.col, row_span=c.row_span,
                     col_span=c.col_span, bbox=c.bbox, text=text, confidence=1.0)
            )  # fmt: skip
        rows, cols = len(grid.row_edges) - 1, len(grid.col_edges) - 1
        return Table(id=tid, page=page, bbox=grid.bbox, n_rows=rows, n_cols=cols, cells=cells)

    def blocks(self, grids: Sequence[TableGrid]) -> list[TextBlock]:
        """Lines outside every table: the OCR path reads them only where there are tables."""
        if not grids:
            return []
        outside = self.free.copy()
        for grid in grids:
            outside &= ~_inside(self.centres, grid.bbox)
        blocks = []
        for row in rows_of(self.text, self.boxes, np.flatnonzero(outside).tolist()):
            line = row_text(self.text, row)
            if line:
                box = self.boxes[row]
                bbox = (int(box[:, 0].min()), int(box[:, 1].min()), int(np.ceil(box[:, 2].max())),
                        int(np.ceil(box[:, 3].max())))  # fmt: skip
                blocks.append(TextBlock(text=line, bbox=bbox, confidence=1.0))
        return sorted(blocks, key=lambda b: (b.bbox[1], b.bbox[0]))


def fill_page(
    chars: PageChars, gray: np.ndarray, grids: Sequence[TableGrid], page: int, transform: np.ndarray
) -> PageContent | None:
    """The page's content read from its text layer, or None when the layer misses printed cells."""
    filler = _Filler(chars, to_page(chars, transform), gray)
    tables = [filler.table(grid, page, t) for t, grid in enumerate(grids)]
    if filler.uncovered > MAX_UNCOVERED_SHARE * max(filler.inked, 1):
        return None
    height, width = gray.shape[:2]
    return PageContent(page=page, width=width, height=height, tables=tables, text_blocks=filler.blocks(grids))
