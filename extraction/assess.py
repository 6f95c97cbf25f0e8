"""Field confidence, the review block and repair suggestions, after verification.

A field's confidence starts from what the mapper set (OCR score × label-match score) and is then
moved by evidence: text that does not parse is less trustworthy; a number that an error finding
involves is suspect; a number that takes part in rules that all hold has been cross-checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from extraction.repair import suggest_repairs
from models.field_values import is_numeric_path
from models.parsing import is_na
from models.paths import iter_fields
from models.record import Field, Finding, Form, Review, Table
from models.values import TextValue

LOW_CONFIDENCE = 0.85
AUTO_OK_CONFIDENCE = 0.9


def _unparsed(path: str, field: Field) -> bool:
    if not field.text.strip() or is_na(field.text):
        return False
    if is_numeric_path(path):
        return field.value is None
    column = path.rsplit(".", 1)[-1]
    return column in {"target", "actual"} and isinstance(field.value, TextValue)


def field_confidence(path: str, field: Field, error_paths: set[str]) -> float:
    confidence = field.confidence
    if _unparsed(path, field):
        confidence *= 0.7
    if path in error_paths:
        confidence *= 0.6
    elif is_numeric_path(path) and field.value is not None:
        confidence = 1.0 - (1.0 - confidence) * 0.5  # reconciled by the verifier
    return round(min(max(confidence, 0.0), 1.0), 4)


def _review(form: Form, findings: list[Finding]) -> Review:
    confidences = {path: field.confidence for path, field in iter_fields(form)}
    cells = {path: field.cells for path, field in iter_fields(form)}
    ranked = sorted(
        (c, cell) for path, c in confidences.items() for cell in cells[path] if c < LOW_CONFIDENCE
    )
    low_cells = list(dict.fromkeys(cell for _, cell in ranked))
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    min_confidence = min(confidences.values(), default=0.0)
    risk = min(1.0, 0.35 * min(errors, 2) + 0.1 * min(warnings, 3) + 0.5 * (1.0 - min_confidence))
    status = "auto_ok" if errors == 0 and min_confidence >= AUTO_OK_CONFIDENCE else "needs_review"
    return form.review.model_copy(
        update={"risk": round(risk, 4), "low_confidence_cells": low_cells, "status": status}
    )


def assess_form(form: Form, tables: Mapping[str, Table]) -> Form:
    """Form with refined field confidences, a review block and repair suggestions on its findings."""
    alternatives = {c.id: c.alternatives for t in tables.values() for c in t.cells if c.alternatives}
    # Suggestions first: they look at the OCR's own confidence, before the verifier moves it.
    findings = suggest_repairs(form, alternatives)
    error_paths = {p for f in form.findings if f.severity == "error" for p in f.paths}
    updated = form.model_copy(deep=True)
    updated.findings = findings
    for path, field in iter_fields(updated):
        field.confidence = field_confidence(path, field, error_paths)
    updated.review = _review(updated, findings)
    return updated


def reassess_review(form: Form) -> Form:
    """After a reviewer's edit: the risk and low-confidence cells from the fields and findings as
    they are now (the review queue sorts on them); the status stays the reviewer's."""
    fresh = _review(form, form.findings)
    review = form.review.model_copy(
        update={"risk": fresh.risk, "low_confidence_cells": fresh.low_confidence_cells}
    )
    return form.model_copy(update={"review": review})
