"""TEDS-struct of the grids on the rendered sample forms (sample_scans/), a subset of renderings.

The full table: `python -m tests.extraction.structure.sample_eval`.
"""

from __future__ import annotations

import pytest

from tests.extraction.structure.sample_eval import forms, score_form

FORMS = forms()


@pytest.mark.parametrize("rendering", ["clean", "scan", "photo", "seal", "fax"])
def test_sample_forms_structure(rendering: str) -> None:
    if not FORMS:
        pytest.skip("sample_scans/ holds no rendered forms yet (make samples)")
    picked = FORMS[:: max(1, len(FORMS) // 4)][:4]  # four forms, spread over the layouts
    scores = [score_form(form, rendering)[0] for form in picked]
    assert min(scores) >= 0.97, dict(zip((f.name for f in picked), scores, strict=True))
