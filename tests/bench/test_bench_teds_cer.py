import pytest

from bench.metrics.cells import cer_counts
from bench.metrics.document import score_document
from bench.metrics.teds import Node, teds, teds_tables, tree_edit_distance
from tests.bench.helpers import document, table


def test_teds_identical_grids_is_one():
    merged = table({(0, 0): (1, 2), (1, 0): (1, 1), (1, 1): (1, 1)})
    assert teds(merged, merged) == 1.0


def test_teds_split_merged_cell_exact():
    # truth: table(tr(td colspan 2), tr(td, td)) = 6 nodes; pred: table(tr(td, td), tr(td, td)) = 7 nodes.
    # Edit: relabel td[1x2] → td[1x1] (1) + insert one td (1) = 2 → TEDS = 1 − 2/7 = 5/7.
    truth = table({(0, 0): (1, 2), (1, 0): (1, 1), (1, 1): (1, 1)})
    pred = table()
    assert teds(pred, truth) == pytest.approx(5 / 7)


def test_zhang_shasha_textbook_example():
    a = Node("f", [Node("d", [Node("a"), Node("c", [Node("b")])]), Node("e")])
    b = Node("f", [Node("c", [Node("d", [Node("a"), Node("b")])]), Node("e")])
    assert tree_edit_distance(a, b) == 2


def test_teds_tables_missing_and_extra_tables_score_zero():
    t = table()
    assert teds_tables([t], [t]) == 1.0
    assert teds_tables([], [t]) == 0.0
    assert teds_tables([t, t], [t]) == 0.5
    assert teds_tables([], []) == 1.0


def test_cer_one_wrong_character():
    truth = table()  # four cells "格00" … "格11": 12 characters
    pred = table()
    pred.cells[3].text = "格1l"
    counts = cer_counts([pred], [truth])
    assert (counts.edits, counts.chars, counts.matched, counts.truth_cells) == (1, 12, 4, 4)
    assert counts.cer == pytest.approx(1 / 12)


def test_cer_misread_cell_in_its_slot_is_a_substitution():
    truth = table()
    pred = table()
    pred.cells[0].text = "完全不同"  # nothing alike, but between the same neighbours: a misreading
    counts = cer_counts([pred], [truth])
    assert (counts.edits, counts.chars, counts.matched) == (4, 12, 4)


def test_cer_missing_cell_is_unmatched_not_counted():
    truth = table()
    pred = table()
    del pred.cells[0]
    counts = cer_counts([pred], [truth])
    assert counts.matched == 3 and counts.recall == 0.75 and counts.cer == 0.0


def test_score_document_failed_file():
    score = score_document(None, document())
    assert score.teds == 0.0 and score.cer.matched == 0 and score.fields.all.right == 0
