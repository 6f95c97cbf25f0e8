"""Every synthetic sample's exact tables, mapped and compared with its ground-truth form field by field.

Reads sample_scans/<form_id>/truth.json; where the samples have not been rendered, builds the same
truth in memory from samplegen's form specs (no images needed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from extraction.mapping import map_pages
from models.record import Document, Source

from .compare import Agreement, compare_forms, truth_pages

SAMPLES = Path(__file__).resolve().parents[3] / "sample_scans"


@cache
def truth_documents() -> dict[str, Document]:
    """Rendered truths first; forms not rendered (yet) are built in memory when samplegen is there."""
    docs = {
        f.parent.name: Document.model_validate_json(f.read_text(encoding="utf-8"))
        for f in sorted(SAMPLES.glob("*/truth.json"))
    }
    try:
        from samplegen.forms import ALL_FORMS
        from samplegen.layout import layout_form
        from samplegen.truth import build_document
    except ImportError:
        return docs
    for spec in ALL_FORMS:
        if spec.form_id not in docs:
            record = layout_form(spec)
            source = Source(
                path=spec.form_id, sha256="", page_count=len(record.pages), media_type="image/png"
            )
            docs[spec.form_id] = build_document(spec, record, source)
    return docs


@pytest.mark.parametrize("form_id", sorted(truth_documents()))
def test_truth_form_agrees(form_id: str) -> None:
    doc = truth_documents()[form_id]
    forms = map_pages(truth_pages(doc))
    assert len(forms) == len(doc.forms) == 1
    agreement = Agreement()
    compare_forms(forms[0], doc.forms[0], agreement)
    assert agreement.wrong == [], f"{agreement.agreed}/{agreement.checked} agree"
