"""The structure stage's small pure steps, and properties of the whole."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from pydantic import ValidationError

from extraction.structure import StructureParams, detect_tables
from extraction.structure.grid import cells, compact, decide, junctions
from extraction.structure.lines import Segment, bridge
from extraction.structure.topology import connected
from tests.extraction.structure.golden_cases import merged_spans


def _h(y: float, x0: float, x1: float) -> Segment:
    along = np.array([x0, x1], float)
    return Segment(x0, x1, along, np.array([y, y], float), 2.0)


def test_cells_merge_slots_across_unruled_sides() -> None:
    # 2 × 2 slots; the vertical rule between the top two is missing: a column span
    h_ruled = np.ones((3, 2), bool)
    v_ruled = np.array([[1, 1], [0, 1], [1, 1]], bool)  # column edge j over row slot i
    assert cells(h_ruled, v_ruled) == [(0, 0, 1, 2), (1, 0, 2, 1), (1, 1, 2, 2)]


def test_cells_drop_regions_open_to_the_outside() -> None:
    h_ruled = np.array([[0, 1], [1, 1], [1, 1]], bool)  # the top border misses over column 0
    v_ruled = np.ones((3, 2), bool)
    assert cells(h_ruled, v_ruled) == [(0, 1, 1, 2), (1, 0, 2, 1), (1, 1, 2, 2)]


def test_cells_widen_an_l_shape_to_its_rectangle() -> None:
    h_ruled = np.array([[1, 1], [0, 1], [1, 1]], bool)  # (0,0)+(1,0) joined …
    v_ruled = np.array([[1, 1], [0, 1], [1, 1]], bool)  # … and (0,0)+(0,1): an L, then the square
    assert cells(h_ruled, v_ruled) == [(0, 0, 2, 2)]


def test_compact_drops_edges_that_bound_nothing() -> None:
    rows, cols, rects = compact([(0, 0, 2, 1), (0, 1, 2, 2)])
    assert rows == [0, 2] and cols == [0, 1, 2]
    assert rects == [(0, 0, 1, 1), (0, 1, 1, 2)]


def test_decide_judges_a_rule_between_junctions() -> None:
    # one edge over three slots; the middle one hidden (a stamp), no crossing rule meets it there
    inked = np.array([[10.0, 0.0, 10.0]])
    length = np.full((1, 3), 10.0)
    no_junction = np.array([[True, False, False, True]])
    assert decide(inked, length, no_junction, 0.5).tolist() == [[True, True, True]]
    every = np.array([[True, True, True, True]])
    assert decide(inked, length, every, 0.5).tolist() == [[True, False, True]]


def test_junctions_from_the_crossing_rules() -> None:
    across = np.array([[True, True], [False, True], [True, True]])  # 3 column edges × 2 row slots
    j = junctions(across)
    assert j.shape == (3, 3)
    assert j[0].tolist() == [True, False, True]  # top edge: column edge 1 runs only in row slot 1
    assert j[1].tolist() == [True, True, True]


def test_bridge_joins_a_broken_rule_and_remembers_the_gap() -> None:
    params = StructureParams()
    joined = bridge([_h(50, 0, 100), _h(50.5, 110, 200)], 0.0, 10.0, params)
    assert len(joined) == 1
    assert joined[0].inked == [(0.0, 100.0), (110.0, 200.0)]
    apart = bridge([_h(50, 0, 100), _h(50, 180, 260)], 0.0, 10.0, params)  # 8 units: two rules
    assert len(apart) == 2


def test_stray_strokes_do_not_join_the_grid() -> None:
    hs = [_h(0, 0, 100), _h(100, 0, 100), _h(50, 60, 90)]  # the last one floats inside the box
    vs = [_h(0, 0, 100), _h(100, 0, 100), _h(40, 0, 30)]  # (transposed) the last hangs from the top
    keep_h, keep_v, _ = connected(hs, vs, tol=3, snap=5, long=25)
    assert keep_h.tolist() == [True, True, False]
    assert keep_v.tolist() == [True, True, False]


def test_blank_and_tiny_pages_have_no_table() -> None:
    assert detect_tables(np.full((300, 400), 255, np.uint8)) == []
    assert detect_tables(np.zeros((40, 40), np.uint8)) == []


def test_colour_input_and_params_are_frozen() -> None:
    image, _ = merged_spans()
    colour = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    assert [t.cells for t in detect_tables(colour)] == [t.cells for t in detect_tables(image)]
    with pytest.raises(ValidationError):
        StructureParams().min_coverage = 0.1  # type: ignore[misc]


@pytest.mark.parametrize("factor", [0.6, 1.7, 3.0])
def test_same_structure_at_other_resolutions(factor: float) -> None:
    """Thresholds follow the page's measured unit: 96-dpi screenshots and 300-dpi scans alike."""
    image, _ = merged_spans()
    base = detect_tables(image)
    scaled = cv2.resize(
        image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    )
    found = detect_tables(scaled)
    assert len(found) == len(base) == 1
    assert [(c.row, c.col, c.row_span, c.col_span) for c in found[0].cells] == [
        (c.row, c.col, c.row_span, c.col_span) for c in base[0].cells
    ]
    for a, b in zip(found[0].cells, base[0].cells, strict=True):
        assert max(abs(p - q * factor) for p, q in zip(a.bbox, b.bbox, strict=True)) <= 3 + 2 * factor


def test_cells_tile_the_table() -> None:
    """Every grid slot belongs to exactly one cell, and the boxes follow the edges."""
    image, _ = merged_spans()
    (table,) = detect_tables(image)
    seen = np.zeros((table.n_rows, table.n_cols), int)
    for c in table.cells:
        seen[c.row : c.row + c.row_span, c.col : c.col + c.col_span] += 1
        assert abs(c.bbox[0] - table.col_edges[c.col]) <= 3
        assert abs(c.bbox[3] - table.row_edges[c.row + c.row_span]) <= 3
    assert (seen == 1).all()
