"""Partly ruled tables on synthetic 96 dpi-like pages: rows from text lines, columns from text
alignment, and the cases that must stay whole (a big box beside a row label, wrapped paragraphs)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import cv2
import numpy as np

from extraction.structure import StructureParams, TableGrid, detect_tables
from extraction.structure.partial import INFERRED

COLS = (70, 300, 480, 680)  # x where each column's text starts
X0, X1 = 50, 850


def page() -> np.ndarray:
    return np.full((700, 900), 255, np.uint8)


def hrule(img: np.ndarray, y: int, x0: int = X0, x1: int = X1) -> None:
    cv2.line(img, (x0, y), (x1, y), 0, 1)


def vrule(img: np.ndarray, x: int, y0: int, y1: int) -> None:
    cv2.line(img, (x, y0), (x, y1), 0, 1)


def write(img: np.ndarray, x: int, y: int, text: str) -> None:
    """Text with its baseline at y, about 10 px high (small print, as on a 96 dpi page)."""
    cv2.putText(img, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.42, 0, 1, cv2.LINE_AA)


def body(img: np.ndarray, y0: int, n: int, pitch: int = 22, cols: Sequence[int] = COLS) -> list[int]:
    """n data lines from y0; their baselines."""
    ys = [y0 + pitch * i for i in range(n)]
    for i, y in enumerate(ys):
        write(img, cols[0], y, f"Item {i + 1}")
        for k, x in enumerate(cols[1:]):
            write(img, x, y, f"{(i + 2) * (k + 3) * 37:,}.{i}5")
    return ys


def header(img: np.ndarray, y: int) -> None:
    for x, label in zip(COLS, ("Name", "First", "Second", "Total"), strict=True):
        write(img, x, y, label)


def only(tables: list[TableGrid]) -> TableGrid:
    assert len(tables) == 1, [t.bbox for t in tables]
    return tables[0]


def test_table_ruled_only_across_gets_columns_from_alignment() -> None:
    """Booktabs: top rule, a rule under the header, a bottom rule; no vertical rule at all."""
    img = page()
    hrule(img, 100)
    header(img, 125)
    hrule(img, 140)
    body(img, 165, 6)
    hrule(img, 300)
    grid = only(detect_tables(img))
    assert (grid.n_rows, grid.n_cols) == (7, 4)
    assert all(c.row_span == c.col_span == 1 for c in grid.cells)
    assert all(c.confidence <= INFERRED for c in grid.cells)
    # each column boundary lies between the columns' text
    for edge, (left, right) in zip(grid.col_edges[1:-1], itertools.pairwise(COLS), strict=True):
        assert left + 60 < edge < right


def test_spanning_header_over_aligned_columns() -> None:
    img = page()
    hrule(img, 80)
    write(img, 360, 100, "Year over year change")  # over the two middle columns
    header(img, 125)
    hrule(img, 140)
    body(img, 165, 5)
    hrule(img, 280)
    grid = only(detect_tables(img))
    assert grid.n_cols == 4
    spanning = [c for c in grid.cells if c.col_span > 1]
    assert spanning and all(c.row == 0 for c in spanning)


def test_ruled_columns_with_unruled_rows_split_at_text_lines() -> None:
    """A frame and vertical rules; horizontal rules only under the header."""
    img = page()
    hrule(img, 100)
    header(img, 125)
    hrule(img, 140)
    body(img, 165, 6)
    hrule(img, 300)
    for x in (X0, 290, 470, 670, X1):
        vrule(img, x, 100, 300)
    grid = only(detect_tables(img))
    assert (grid.n_rows, grid.n_cols) == (7, 4)
    assert all(c.confidence == 1.0 for c in grid.cells if c.row == 0)
    assert all(c.confidence == INFERRED for c in grid.cells if c.row >= 1)
    unsplit = only(detect_tables(img, StructureParams(split_rows=False)))
    assert unsplit.n_rows == 2


def test_big_box_beside_a_row_label_stays_one_row() -> None:
    """The lines of a box of values beside one centred row label are not rows of their own."""
    img = page()
    hrule(img, 100)
    header(img, 125)
    hrule(img, 140)
    body(img, 165, 6, cols=(190, 300, 480, 680))
    write(img, 60, 212, "Group")  # centred on the box, overlapping the third line
    hrule(img, 300)
    for x in (X0, 180, 290, 470, 670, X1):
        vrule(img, x, 100, 300)
    grid = only(detect_tables(img))
    assert grid.n_rows == 2


def test_wrapped_paragraphs_in_two_columns_stay_one_cell() -> None:
    img = page()
    hrule(img, 100)
    hrule(img, 200)
    for x in (X0, 300, X1):
        vrule(img, x, 100, 200)
    for i in range(3):
        write(img, 60, 125 + 22 * i, "wrapped words of one long entry")
        write(img, 310, 125 + 22 * i, "and its long comment wrapped too")
    grid = only(detect_tables(img))
    assert (grid.n_rows, grid.n_cols) == (1, 2)
    assert all(c.confidence == 1.0 for c in grid.cells)


def test_chart_between_rules_is_no_table() -> None:
    img = page()
    hrule(img, 100)
    vrule(img, 90, 120, 300)  # the value axis
    for k, x in enumerate(range(100, 800, 60)):
        cv2.rectangle(img, (x, 300 - 15 * (k % 7) - 40), (x + 20, 300), 150, cv2.FILLED)  # grey bars
        write(img, x, 320, f"{k}")
    hrule(img, 300)  # the category axis, labels below it
    assert detect_tables(img) == []


def test_double_border_leaves_no_sliver_row_or_column() -> None:
    img = page()
    for d in (0, 6):  # two frames 6 px apart: thinner than a character, with nothing inside
        cv2.rectangle(img, (X0 - d, 100 - d), (X1 + d, 300 + d), 0, 1)
    hrule(img, 140)
    for x in (290, 470, 670):
        vrule(img, x, 100, 300)
    header(img, 125)
    body(img, 165, 6)
    grid = only(detect_tables(img))
    assert grid.n_cols == 4
    assert min(b - a for a, b in itertools.pairwise(grid.row_edges)) > 10
    assert min(b - a for a, b in itertools.pairwise(grid.col_edges)) > 10


def test_fax_specks_are_no_text() -> None:
    """A fax's specks in every blank would line up as text on both sides of any gap."""
    img = page()
    hrule(img, 100)
    header(img, 125)
    hrule(img, 140)
    body(img, 165, 6)
    hrule(img, 300)
    for x in (X0, 290, 470, 670, X1):
        vrule(img, x, 100, 300)
    rng = np.random.default_rng(3)
    for x, y in zip(rng.integers(X0 + 3, X1 - 3, 1500), rng.integers(103, 297, 1500), strict=True):
        img[y, x] = 0  # one-pixel specks
    grid = only(detect_tables(img))
    assert (grid.n_rows, grid.n_cols) == (7, 4)


def test_a_new_column_cut_splits_no_spanning_cell_at_its_ruled_edges() -> None:
    from extraction.structure.partial import split_cols
    from extraction.structure.result import GridCell

    # row 0: one cell spanning the three ruled columns (a section title in the middle); row 1: three
    # cells; a cut inferred at x=250 inside the last column
    cols, rows = [0, 100, 200, 300], [0, 20, 40]
    title = GridCell(row=0, col=0, row_span=1, col_span=3, bbox=(0, 0, 300, 20))
    row1 = [
        GridCell(row=1, col=c, row_span=1, col_span=1, bbox=(cols[c], 20, cols[c + 1], 40)) for c in range(3)
    ]
    grid = TableGrid(bbox=(0, 0, 300, 40), row_edges=rows, col_edges=cols, cells=[title, *row1])
    text = np.zeros((40, 300), bool)
    text[5:15, 130:170] = True  # the title's text, in the middle column only
    out = split_cols(grid, [250], text, 8.0)
    assert out.col_edges == [0, 100, 200, 250, 300]
    spans = sorted((c.col, c.col_span) for c in out.cells if c.row == 0)
    assert spans == [(0, 3), (3, 1)]  # split at the new cut only, where no text runs across


def _two_ruled_rows(gap: int) -> TableGrid:
    """A ruled 2 × 2 table whose first column holds two words per row, `gap` px apart."""
    img = page()
    for y in (100, 140, 180):
        hrule(img, y)
    for x in (X0, 300, X1):
        vrule(img, x, 100, 180)
    for y in (125, 165):
        write(img, 70, y, "Item")
        (width, _), _ = cv2.getTextSize("Item", cv2.FONT_HERSHEY_SIMPLEX, 0.42, 1)
        write(img, 70 + width + gap, y, "cost")
        write(img, 320, y, "12.5")
    return only(detect_tables(img))


def test_two_lines_with_a_word_gap_make_no_column() -> None:
    """Two labels centred alike put their word gaps one above the other (产出|指标 over 效益|指标 on
    a fax): two lines with a narrow gap are no evidence of an unruled column."""
    assert len(_two_ruled_rows(gap=22).col_edges) == 3


def test_two_lines_with_a_column_gap_still_split() -> None:
    assert len(_two_ruled_rows(gap=90).col_edges) == 4
