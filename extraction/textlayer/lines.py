"""Characters → text lines in reading order, joined as the OCR path joins its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extraction.ocr.images import join_lines

Row = list[int]  # indices into the page's characters
_SMALL = 0.6  # a character lower than this share of the typical height is punctuation


def rows_of(text: str, boxes: np.ndarray, indices: Sequence[int]) -> list[Row]:
    """The characters `indices` (content order) grouped into rows top→bottom, each left→right.

    Rows are clustered on the vertical centres of full-height characters; a space, a comma, a dot
    or 一 is too flat to place a row (a comma's centre sits low) and joins the row it lies in.
    """
    solid = [i for i in indices if not text[i].isspace()]
    if not solid:
        return []
    heights = boxes[:, 3] - boxes[:, 1]
    typical = max(float(np.median(heights[solid])), 1.0)
    tall = [i for i in solid if heights[i] >= _SMALL * typical] or solid
    centre = (boxes[:, 1] + boxes[:, 3]) / 2
    rows: list[Row] = []
    means: list[float] = []
    for i in sorted(tall, key=lambda j: centre[j]):
        if rows and abs(centre[i] - means[-1]) <= 0.5 * typical:
            rows[-1].append(i)
            means[-1] += (centre[i] - means[-1]) / len(rows[-1])
        else:
            rows.append([i])
            means.append(float(centre[i]))
    spans = [(float(boxes[row, 1].min()), float(boxes[row, 3].max())) for row in rows]
    anchored = {i for row in rows for i in row}
    for i in indices:
        if i not in anchored:
            rows[_row_for(spans, means, float(centre[i]))].append(i)
    return [sorted(row, key=lambda j: (boxes[j, 0], j)) for row in rows]


def _row_for(spans: list[tuple[float, float]], means: list[float], y: float) -> int:
    """The row whose full-height characters reach over `y`, else the row centred nearest."""
    inside = [r for r, (top, bottom) in enumerate(spans) if top <= y <= bottom]
    candidates = inside or range(len(means))
    return min(candidates, key=lambda r: abs(means[r] - y))


def row_text(text: str, row: Row) -> str:
    return "".join(text[i] for i in row).strip()


def cell_text(text: str, boxes: np.ndarray, indices: Sequence[int]) -> str:
    return join_lines([row_text(text, row) for row in rows_of(text, boxes, indices)])
