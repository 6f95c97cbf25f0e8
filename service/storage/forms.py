"""Reading forms: filtered lists for the queue and exports, one form's record and findings."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from models.record import Form, ReviewStatus
from service.storage.documents import UPLOAD_PREFIX, upload_name
from service.storage.errors import NotFound
from service.storage.ids import missing_form
from service.storage.rows import where_equal
from service.storage.schema import DocumentPathRow, DocumentRow, FindingRow, FormRow, ResultRow


class FormQuery(BaseModel):
    """Filters for forms; all given filters must hold. Only current results' forms are listed."""

    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus | None = None
    department: str | None = None  # exact 主管部门 text
    year: int | None = None
    rule: str | None = None  # forms with at least one finding of this rule, e.g. "V3"
    reviewer: str | None = None
    document_id: int | None = None
    form_id: int | None = None  # one form (the id the review queue and REST /v1/forms use)
    folder: str | None = None  # forms of documents seen under a path starting with this prefix
    text: str | None = None  # substring of the project name
    limit: int | None = Field(default=None, ge=1)
    offset: int = Field(default=0, ge=0)


class FormSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    result_id: int
    form_key: str
    kind: str
    layout: str
    project_name: str | None
    department: str | None
    impl_unit: str | None
    fiscal_year: int | None
    risk: float
    error_count: int
    warning_count: int
    review_status: str
    version: int
    reviewer: str | None
    locked: bool
    approved_at: datetime | None
    updated_at: datetime


class FormDetail(BaseModel):
    summary: FormSummary
    record: Form


def _filtered(query: FormQuery) -> Select[FormRow]:
    conditions = {
        FormRow.review_status: query.status,
        FormRow.department: query.department,
        FormRow.fiscal_year: query.year,
        FormRow.reviewer: query.reviewer,
        FormRow.document_id: query.document_id,
        FormRow.id: query.form_id,
    }
    stmt = where_equal(select(FormRow).where(FormRow.current.is_(True)), conditions)
    if query.text is not None:
        stmt = stmt.where(FormRow.project_name.contains(query.text, autoescape=True))
    if query.rule is not None:
        stmt = stmt.where(exists().where(FindingRow.form_id == FormRow.id, FindingRow.rule == query.rule))
    if query.folder is not None:
        stmt = stmt.where(
            exists().where(
                DocumentPathRow.document_id == FormRow.document_id,
                DocumentPathRow.path.startswith(query.folder, autoescape=True),
            )
        )
    return stmt


def list_forms(session: Session, query: FormQuery | None = None) -> list[FormSummary]:
    """Forms matching `query`, riskiest first (errors, then risk), then in storage order."""
    query = query or FormQuery()
    stmt = _filtered(query).order_by(
        FormRow.error_count.desc(), FormRow.risk.desc(), FormRow.document_id, FormRow.ordinal
    )
    stmt = stmt.offset(query.offset)
    if query.limit is not None:
        stmt = stmt.limit(query.limit)
    return [FormSummary.model_validate(row) for row in session.scalars(stmt)]


def form_ids(session: Session, query: FormQuery | None = None) -> list[tuple[int, str]]:
    """(form id, review status) of the matching forms in queue order (as list_forms): ids only,
    for long queues."""
    stmt = _filtered(query or FormQuery()).with_only_columns(FormRow.id, FormRow.review_status)
    stmt = stmt.order_by(
        FormRow.error_count.desc(), FormRow.risk.desc(), FormRow.document_id, FormRow.ordinal
    )
    return [(form_id, status) for form_id, status in session.execute(stmt)]


def status_counts(session: Session, query: FormQuery) -> tuple[dict[str, int], int]:
    """(forms per review status, forms with at least one error) among the matching forms."""
    base = _filtered(query).subquery()
    rows = session.execute(select(base.c.review_status, func.count()).group_by(base.c.review_status))
    counts = {status: int(n) for status, n in rows}
    errors = session.scalar(select(func.count()).select_from(base).where(base.c.error_count > 0))
    return counts, int(errors or 0)


def facets(session: Session) -> dict[str, list[Any]]:
    """The distinct departments, years, rules and reviewers of current forms (filter choices)."""
    current = FormRow.current.is_(True)

    def values(column: Any) -> list[Any]:
        stmt = select(column).where(current, column.is_not(None)).distinct()
        return [v for v in session.scalars(stmt) if v not in (None, "")]

    rules = session.scalars(
        select(FindingRow.rule).join(FormRow, FormRow.id == FindingRow.form_id).where(current).distinct()
    )
    return {
        "departments": sorted(values(FormRow.department)),
        "years": sorted(values(FormRow.fiscal_year), reverse=True),
        "rules": sorted(rules, key=lambda r: (len(r), r)),
        "reviewers": sorted(values(FormRow.reviewer)),
    }


def document_names(session: Session, document_ids: set[int]) -> dict[int, str]:
    """Document id → what the document is called on screen: an upload's name, a scanned file's
    name (never the server path it was read from)."""
    if not document_ids:
        return {}
    rows = session.execute(select(DocumentRow.id, DocumentRow.path).where(DocumentRow.id.in_(document_ids)))
    return {doc_id: upload_name(path) for doc_id, path in rows}


def document_folders(session: Session, document_ids: set[int]) -> dict[int, str]:
    """Document id → the name of the folder a scanned file was read from ("" for an upload): with
    the file's name it tells apart renderings that share a name (scan.jpg of every form)."""
    if not document_ids:
        return {}
    rows = session.execute(select(DocumentRow.id, DocumentRow.path).where(DocumentRow.id.in_(document_ids)))
    return {
        doc_id: "" if path.startswith(UPLOAD_PREFIX) else PurePath(path).parent.name for doc_id, path in rows
    }


def form_profile(session: Session, form_id: int) -> str | None:
    """The rule profile the form's extraction used (its result's engine), None if not recorded."""
    payload = session.scalar(
        select(ResultRow.payload)
        .join(FormRow, FormRow.result_id == ResultRow.id)
        .where(FormRow.id == form_id)
    )
    if payload is None:
        raise missing_form(session, form_id)
    profile = (payload.get("engine") or {}).get("profile")
    return profile if isinstance(profile, str) else None


def document_ids(session: Session, query: FormQuery) -> list[int]:
    """Documents having at least one form that matches, in id order."""
    ids = {row.document_id for row in session.scalars(_filtered(query))}
    return sorted(ids)


def form_row(session: Session, form_id: int) -> FormRow:
    row = session.get(FormRow, form_id)
    if row is None:
        raise missing_form(session, form_id)
    return row


def get_form(session: Session, form_id: int) -> FormDetail:
    row = form_row(session, form_id)
    return FormDetail(summary=FormSummary.model_validate(row), record=Form.model_validate(row.record))


def get_form_record(session: Session, form_id: int) -> Form:
    return Form.model_validate(form_row(session, form_id).record)


class FindingEntry(BaseModel):
    """A finding of a current form, with its form's document and review status."""

    form_id: int
    document_id: int
    review_status: str
    rule: str
    severity: str
    message: str
    cells: list[str]
    paths: list[str]
    expected: Any = None
    found: Any = None


def list_findings(
    session: Session,
    *,
    rule: str | None = None,
    status: str | None = None,
    severity: str | None = None,
    document_id: int | None = None,
    form_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[FindingEntry], int]:
    """(a page of findings of current forms, by form then rule order; how many match in all)."""
    base = (
        select(FindingRow, FormRow.document_id, FormRow.review_status)
        .join(FormRow, FormRow.id == FindingRow.form_id)
        .where(FormRow.current.is_(True))
    )
    conditions = {
        FindingRow.rule: rule,
        FormRow.review_status: status,
        FindingRow.severity: severity,
        FormRow.document_id: document_id,
        FindingRow.form_id: form_id,
    }
    stmt = where_equal(base, conditions)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = session.execute(stmt.order_by(FindingRow.form_id, FindingRow.ordinal).limit(limit).offset(offset))
    stored = FindingEntry.model_fields.keys() - {"document_id", "review_status"}
    items = [
        FindingEntry(document_id=doc_id, review_status=review, **{k: getattr(f, k) for k in stored})
        for f, doc_id, review in page
    ]
    return items, total


def findings_by_rule(session: Session, document_ids: list[int] | None = None) -> dict[str, int]:
    """Finding counts per rule over current forms (of the given documents, or all)."""
    base = select(FindingRow.rule).join(FormRow, FormRow.id == FindingRow.form_id)
    base = base.where(FormRow.current.is_(True))
    if document_ids is None:
        statements = [base]
    else:  # chunks keep under the bound-parameter limits of SQLite and PostgreSQL
        chunks = [document_ids[i : i + 5000] for i in range(0, len(document_ids), 5000)]
        statements = [base.where(FormRow.document_id.in_(chunk)) for chunk in chunks]
    counts: dict[str, int] = {}
    for stmt in statements:
        for rule in session.scalars(stmt):
            counts[rule] = counts.get(rule, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (len(kv[0]), kv[0])))


def document_of_form(session: Session, form_id: int) -> DocumentRow:
    row = form_row(session, form_id)
    document = session.get(DocumentRow, row.document_id)
    if document is None:  # unreachable with foreign keys on; kept for the type checker
        raise NotFound(f"form {form_id} has no document")
    return document
