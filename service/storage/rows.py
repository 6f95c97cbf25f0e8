"""Mapping a Form onto its denormalised row columns and finding rows (used on save and on edit)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models.record import Form
from service.storage.schema import FindingRow

_S = TypeVar("_S")  # a Select of any columns


def where_equal(stmt: _S, conditions: Mapping[Any, object]) -> _S:
    """`stmt` narrowed by column == value for every value that is not None (an unset filter)."""
    for column, value in conditions.items():
        if value is not None:
            stmt = stmt.where(column == value)  # type: ignore[attr-defined]
    return stmt


def form_columns(form: Form) -> dict[str, Any]:
    """The columns of `forms` that queries filter and sort on, derived from the record."""
    fields = form.fields
    year = fields.fiscal_year.value if fields.fiscal_year is not None else None
    return {
        "kind": form.kind,
        "layout": form.layout,
        "project_name": fields.project_name.text if fields.project_name else None,
        "department": fields.competent_dept.text if fields.competent_dept else None,
        "impl_unit": fields.impl_unit.text if fields.impl_unit else None,
        "fiscal_year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "risk": form.review.risk,
        "review_status": form.review.status,
        "error_count": sum(1 for f in form.findings if f.severity == "error"),
        "warning_count": sum(1 for f in form.findings if f.severity == "warning"),
        "record": form.model_dump(mode="json"),
    }


def replace_findings(session: Session, form_id: int, form: Form) -> None:
    session.execute(delete(FindingRow).where(FindingRow.form_id == form_id))
    for ordinal, finding in enumerate(form.findings):
        dumped = finding.model_dump(mode="json")  # expected/found may hold typed values
        session.add(
            FindingRow(
                form_id=form_id,
                ordinal=ordinal,
                rule=finding.rule,
                severity=finding.severity,
                message=finding.message,
                cells=list(finding.cells),
                paths=list(finding.paths),
                expected=dumped["expected"],
                found=dumped["found"],
            )
        )
    session.flush()
