"""The mapper on the randomised layouts of samplegen.variety, at grid level (exact cell text, no OCR).

Tune families: what the mapper was developed on, held at ≥ 99 % per family so no change loses a
layout. Held-out families: nothing was tuned on them; their floor only guards against regressions
(the benchmark reports the number itself)."""

from __future__ import annotations

from functools import cache

import pytest

from bench.accuracy.variety import FamilyScore, grid_scores
from samplegen.variety.families import FAMILIES, HELD_OUT

PER_FAMILY = 6
HELD_OUT_FLOOR = 0.97


@cache
def _scores() -> dict[str, FamilyScore]:
    return {s.family: s for s in grid_scores(PER_FAMILY)}


@pytest.mark.parametrize("family", [f.name for f in FAMILIES if f.split == "tune"])
def test_tune_family_is_mapped(family: str) -> None:
    score = _scores()[family]
    assert score.failed == 0
    assert score.all.accuracy is not None and score.all.accuracy >= 0.99, score.wrong_paths


def test_held_out_families_stay_above_their_floor() -> None:
    held = [_scores()[name] for name in HELD_OUT]
    right = sum(s.all.right for s in held)
    total = sum(s.all.total for s in held)
    assert total > 0 and right / total >= HELD_OUT_FLOOR
    assert all(s.failed == 0 for s in held)
