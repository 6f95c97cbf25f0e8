"""Characters → text lines in reading order, joined as the OCR path joins its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extraction.ocr.images import join_lines

Row = list[int]  # indices into the page's characters


def rows_of(text: str, boxes: np.ndarray, indices: Sequence[int]) -> list[Row]:
    """The characters `indices` (content order) grouped into rows top→bottom, each left→right.

    Rows are clustered on the characters' vertical centres; a space has no height of its own and
    goes with the character before it in content order.
    """
    solid = [i for i in indices if not text[i].isspace()]
    if not solid:
        return []
    heights = boxes[solid, 3] - boxes[solid, 1]
    tolerance = 0.5 * max(float(np.median(heights)), 1.0)
    centre = (boxes[:, 1] + boxes[:, 3]) / 2
    rows: list[Row] = []
    means: list[float] = []
    for i in sorted(solid, key=lambda j: centre[j]):
        if rows and abs(centre[i] - means[-1]) <= tolerance:
            rows[-1].append(i)
            means[-1] += (centre[i] - means[-1]) / len(rows[-1])
        else:
            rows.append([i])
            means.append(float(centre[i]))
    row_of = {i: r for r, row in enumerate(rows) for i in row}
    previous: int | None = None
    for i in indices:
        if text[i].isspace():
            if previous is not None:
                rows[row_of[previous]].append(i)
        else:
            previous = i
    return [sorted(row, key=lambda j: (boxes[j, 0], j)) for row in rows]


def row_text(text: str, row: Row) -> str:
    return "".join(text[i] for i in row).strip()


def cell_text(text: str, boxes: np.ndarray, indices: Sequence[int]) -> str:
    return join_lines([row_text(text, row) for row in rows_of(text, boxes, indices)])
