"""The mapper on real published forms (tests/fixtures/real_forms/): every printed field read, no false forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.real_forms import fixture_paths, load_fixture, pages_of, score
from extraction.mapping import map_pages

PATHS = fixture_paths()
MIN_ACCURACY = 0.99


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_real_form_is_mapped(path: Path) -> None:
    fx = load_fixture(path)
    result = score(fx, map_pages(pages_of(fx)))
    wrong = "\n".join(f"  {w.key}: expected {w.expected!r}, got {w.got!r}" for w in result.wrong)
    if fx.negative:
        assert result.accuracy == 1.0, f"{fx.name}: a form was claimed on a negative\n{wrong}"
    else:
        assert result.accuracy >= MIN_ACCURACY, (
            f"{fx.name} ({fx.layout_note}): {result.right}/{result.total} right\n{wrong}"
        )
