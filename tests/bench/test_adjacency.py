"""bench.metrics.adjacency on tiny hand-made grids and ground truths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.metrics.adjacency import GtCell, GtTable, boxed, gt_pairs, parse_ctdar, ruled_share, score
from extraction.structure import GridCell, TableGrid


def _grid(cells: list[tuple[int, int, int, int, tuple[int, int, int, int]]]) -> TableGrid:
    grid_cells = [GridCell(row=r, col=c, row_span=rs, col_span=cs, bbox=b) for r, c, rs, cs, b in cells]
    return TableGrid(
        bbox=(0, 0, 300, 200), row_edges=[0, 100, 200], col_edges=[0, 100, 200, 300], cells=grid_cells
    )


# a 2 × 3 table; the content boxes sit inside the cells, and cell 5 (bottom right) is empty
TRUTH = [
    GtTable(
        box=(0, 0, 300, 200),
        cells=(
            GtCell(id=0, box=(10, 10, 60, 40), right=(1,), below=(3,)),
            GtCell(id=1, box=(110, 10, 160, 40), right=(2,), below=(4,)),
            GtCell(id=2, box=(210, 10, 260, 40)),
            GtCell(id=3, box=(10, 110, 60, 140), right=(4,)),
            GtCell(id=4, box=(110, 110, 160, 140)),
        ),
    )
]
FULL = [
    (0, 0, 1, 1, (0, 0, 100, 100)),
    (0, 1, 1, 1, (100, 0, 200, 100)),
    (0, 2, 1, 1, (200, 0, 300, 100)),
    (1, 0, 1, 1, (0, 100, 100, 200)),
    (1, 1, 1, 1, (100, 100, 200, 200)),
    (1, 2, 1, 1, (200, 100, 300, 200)),
]


def test_perfect_grid_scores_one() -> None:
    s = score(TRUTH, [_grid(FULL)])
    assert (s.n_gt, s.n_pred, s.n_correct) == (5, 5, 5)
    assert s.f1 == 1.0


def test_empty_cells_are_skipped_to_the_nearest_filled_one() -> None:
    # cell 2 has no neighbour below: the bottom right cell is empty, so no pair is derived
    pairs = gt_pairs(TRUTH)
    assert ((0, 2), (0, 5), "B") not in pairs
    assert ((0, 0), (0, 1), "R") in pairs


def test_merged_prediction_loses_the_pairs_of_both_boxes() -> None:
    # cells 0 and 1 predicted as one spanning cell: 0-1 vanishes, 0-3 and 1-4 and 1-2 cannot match
    merged = [(0, 0, 1, 2, (0, 0, 200, 100)), *FULL[2:]]
    s = score(TRUTH, [_grid(merged)])
    assert s.n_correct == 1  # only 3-4 survives
    # found: merged→2 (R), merged→3 and merged→4 (B), 3→4 (R)
    assert s.precision == pytest.approx(1 / 4)
    assert s.recall == pytest.approx(1 / 5)


def test_no_prediction_scores_zero_and_nothing_to_find_scores_one() -> None:
    assert score(TRUTH, []).f1 == 0.0
    assert score([], []).f1 == 1.0


def test_a_box_mostly_outside_every_cell_is_unmatched() -> None:
    shifted = [(r, c, rs, cs, (b[0] + 80, b[1], b[2] + 80, b[3])) for r, c, rs, cs, b in FULL]
    s = score(TRUTH, [_grid(shifted)])
    assert s.recall < 1.0


def test_parse_ctdar(tmp_path: Path) -> None:
    xml = tmp_path / "t.xml"
    xml.write_text(
        '<?xml version="1.0"?><document><table><Coords points="0,0 0,50 100,50 100,0"/>'
        '<cell id="0" neighbors="1:R"><Coords points="1,1 1,9 9,9 9,1"/></cell>'
        '<cell id="1" neighbors="0:L"><Coords points="51,1 51,9 59,9 59,1"/></cell>'
        "</table></document>"
    )
    tables = parse_ctdar(xml)
    assert tables[0].box == (0, 0, 100, 50)
    assert tables[0].cells[0].right == (1,) and tables[0].cells[1].right == ()
    assert gt_pairs(tables) == {((0, 0), (0, 1), "R")}


def test_ruling_evidence() -> None:
    page = np.full((200, 300), 255, np.uint8)
    page[:, [0, 100, 200, 299]] = 0
    page[[0, 100, 199], :] = 0
    assert ruled_share(page, TRUTH) == 1.0
    assert boxed(page, TRUTH)
    blank = np.full((200, 300), 255, np.uint8)
    assert ruled_share(blank, TRUTH) == 0.0
    assert not boxed(blank, TRUTH)


# a header spanning three columns, its text centred over the middle one; below it a row whose left
# cell is filled, then a row whose middle cell is
SPANNING_TRUTH = [
    GtTable(
        box=(0, 0, 300, 300),
        cells=(
            GtCell(id=0, box=(120, 10, 180, 40), below=(2,)),  # linked past cell 1, under its text
            GtCell(id=1, box=(10, 110, 60, 140)),
            GtCell(id=2, box=(110, 210, 190, 240)),
        ),
    )
]
SPANNING = [
    (0, 0, 1, 3, (0, 0, 300, 100)),
    (1, 0, 1, 1, (0, 100, 100, 200)),
    (1, 1, 1, 1, (100, 100, 200, 200)),
    (1, 2, 1, 1, (200, 100, 300, 200)),
    (2, 0, 1, 1, (0, 200, 100, 300)),
    (2, 1, 1, 1, (100, 200, 200, 300)),
    (2, 2, 1, 1, (200, 200, 300, 300)),
]


def test_content_links_pass_over_cells_beside_the_text_and_grid_links_do_not() -> None:
    grid = [_grid(SPANNING)]
    content = score(SPANNING_TRUTH, grid, links="content")
    assert (content.n_gt, content.n_pred, content.n_correct) == (1, 1, 1)
    by_grid = score(SPANNING_TRUTH, grid)  # the header's nearest cells: 1 in column 0, 2 in column 1
    assert (by_grid.n_pred, by_grid.n_correct) == (2, 1)
    assert score(TRUTH, [_grid(FULL)], links="content").f1 == 1.0  # overlapping pairs: the same
