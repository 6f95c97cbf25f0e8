"""Whole-page OCR boxes → a pseudo-table, so that peers without table structure go through the same
mapping stage as formtally (extraction.mapping.map_pages).

Boxes are clustered into text lines by vertical overlap; each line becomes a row and each box, left
to right, a cell (col = its index in the line, spans 1). The lines are also passed as free text
blocks, as formtally passes the text outside its tables. What the peer lacks is exactly the ruled
grid: columns do not line up across rows and a wrapped cell becomes several rows.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from extraction.types import PageContent, TextBlock
from models.ids import cell_id, table_id
from models.record import BBox, Cell, Table

LINE_OVERLAP = 0.5  # share of the shorter height two boxes must share vertically to be one line


class TextBox(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    bbox: BBox
    score: float = 1.0


def _overlap(a: BBox, line_top: int, line_bottom: int) -> float:
    shared = min(a[3], line_bottom) - max(a[1], line_top)
    shorter = max(1, min(a[3] - a[1], line_bottom - line_top))
    return shared / shorter


def group_lines(boxes: Sequence[TextBox]) -> list[list[TextBox]]:
    """Text lines top to bottom, boxes within a line left to right."""
    lines: list[list[TextBox]] = []
    spans: list[tuple[int, int]] = []
    for box in sorted(boxes, key=lambda b: ((b.bbox[1] + b.bbox[3]) / 2, b.bbox[0])):
        # Only the last few lines can hold a box sorted by its centre; look back a little for skew.
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = spans[k]
            if _overlap(box.bbox, top, bottom) >= LINE_OVERLAP:
                lines[k].append(box)
                spans[k] = (min(top, box.bbox[1]), max(bottom, box.bbox[3]))
                break
        else:
            lines.append([box])
            spans.append((box.bbox[1], box.bbox[3]))
    return [sorted(line, key=lambda b: b.bbox[0]) for line in lines]


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def pseudo_table(lines: Sequence[Sequence[TextBox]], page: int, index: int = 0) -> Table | None:
    """One table per page: row = line, cell = box. None for a page without text."""
    if not lines:
        return None
    table = table_id(page, index)
    cells = [
        Cell(id=cell_id(table, r, c), row=r, col=c, bbox=box.bbox, text=box.text, confidence=box.score)
        for r, line in enumerate(lines)
        for c, box in enumerate(line)
    ]
    return Table(
        id=table,
        page=page,
        bbox=_union([c.bbox for c in cells]),
        n_rows=len(lines),
        n_cols=max(len(line) for line in lines),
        cells=cells,
    )


def line_blocks(lines: Sequence[Sequence[TextBox]]) -> list[TextBlock]:
    return [
        TextBlock(
            text=" ".join(b.text for b in line),
            bbox=_union([b.bbox for b in line]),
            confidence=statistics.fmean(b.score for b in line),
        )
        for line in lines
    ]


def page_content(boxes: Sequence[TextBox], page: int, width: int, height: int) -> PageContent:
    lines = group_lines(boxes)
    table = pseudo_table(lines, page)
    return PageContent(
        page=page,
        width=width,
        height=height,
        tables=[table] if table else [],
        text_blocks=line_blocks(lines),
    )
