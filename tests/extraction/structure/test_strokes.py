"""Character strokes are no ruling: a digit 1 at the start of every row's text, at the same x."""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from extraction.structure import detect_tables


def _page_with_ones() -> np.ndarray:
    """A 4 × 2 ruled table at a small scale; each row's text starts with a vertical stroke (a 1)
    between the row rules, not touching them, one above the other."""
    page = np.full((400, 600), 255, np.uint8)
    rows = [60, 82, 104, 126, 148]
    for y in rows:
        cv2.line(page, (40, y), (560, y), 0, 1)
    for x in (40, 300, 560):
        cv2.line(page, (x, rows[0]), (x, rows[-1]), 0, 1)
    for a, b in itertools.pairwise(rows):
        cv2.line(page, (50, a + 6), (50, b - 6), 0, 2)
        for i in range(6):  # squarish glyphs after it, and in the second column
            cv2.rectangle(page, (58 + 14 * i, a + 6), (66 + 14 * i, b - 6), 0, 1)
            cv2.rectangle(page, (320 + 14 * i, a + 6), (328 + 14 * i, b - 6), 0, 1)
    return page


def test_a_column_of_digit_ones_is_no_column_rule() -> None:
    tables = detect_tables(_page_with_ones())
    assert len(tables) == 1
    assert (tables[0].n_rows, tables[0].n_cols) == (4, 2)
    assert tables[0].col_edges == [40, 300, 560]
