"""How far extraction has got: documents per status and the recent finishing times, read from the
documents table itself so every writer (a scan in another process, REST workers) is seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.storage.schema import DocumentRow, FindingRow, FormRow


class ExtractionProgress(BaseModel):
    queued: int = 0
    running: int = 0
    done: int = 0
    failed: int = 0
    recent: list[datetime] = []  # finishing times within the window, oldest first

    @property
    def total(self) -> int:
        return self.queued + self.running + self.done + self.failed

    @property
    def pending(self) -> int:
        return self.queued + self.running


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def extraction_progress(session: Session, window: timedelta = timedelta(minutes=10)) -> ExtractionProgress:
    rows = session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status))
    counts = {status: int(n) for status, n in rows if status in ExtractionProgress.model_fields}
    since = datetime.now(UTC) - window
    finished = session.scalars(
        select(DocumentRow.finished_at).where(
            DocumentRow.finished_at.is_not(None), DocumentRow.status == "done"
        )
    )
    recent = sorted(t for t in map(_aware, (f for f in finished if f is not None)) if t >= since)
    return ExtractionProgress(**counts, recent=recent)


def _chunks(document_ids: list[int] | None) -> list[list[int] | None]:
    """The ids in chunks under the bound-parameter limits of SQLite and PostgreSQL; [None]: all."""
    if document_ids is None:
        return [None]
    return [document_ids[i : i + 5000] for i in range(0, len(document_ids), 5000)]


def findings_by_rule_severity(
    session: Session, document_ids: list[int] | None = None
) -> dict[tuple[str, str], int]:
    """(rule, severity) → findings over the current forms (of these documents, or all)."""
    counts: dict[tuple[str, str], int] = {}
    for chunk in _chunks(document_ids):
        stmt = (
            select(FindingRow.rule, FindingRow.severity, func.count())
            .join(FormRow, FormRow.id == FindingRow.form_id)
            .where(FormRow.current.is_(True))
            .group_by(FindingRow.rule, FindingRow.severity)
        )
        if chunk is not None:
            stmt = stmt.where(FormRow.document_id.in_(chunk))
        for rule, severity, n in session.execute(stmt):
            counts[(rule, severity)] = counts.get((rule, severity), 0) + int(n)
    return counts


def forms_by_status(session: Session, document_ids: list[int] | None = None) -> dict[str, int]:
    """Review status → current forms (of these documents, or all)."""
    counts: dict[str, int] = {}
    for chunk in _chunks(document_ids):
        stmt = select(FormRow.review_status, func.count()).where(FormRow.current.is_(True))
        if chunk is not None:
            stmt = stmt.where(FormRow.document_id.in_(chunk))
        for status, n in session.execute(stmt.group_by(FormRow.review_status)):
            counts[status] = counts.get(status, 0) + int(n)
    return counts


def findings_by_department(session: Session) -> dict[tuple[str, str], int]:
    """(主管部门 as printed, severity) → findings over the current forms; "" for forms without one."""
    stmt = (
        select(FormRow.department, FindingRow.severity, func.count())
        .join(FormRow, FormRow.id == FindingRow.form_id)
        .where(FormRow.current.is_(True))
        .group_by(FormRow.department, FindingRow.severity)
    )
    return {(department or "", severity): int(n) for department, severity, n in session.execute(stmt)}


def finished_times(session: Session, since: datetime) -> list[datetime]:
    """When documents finished extracting, since `since`, oldest first (scan throughput)."""
    stmt = select(DocumentRow.finished_at).where(
        DocumentRow.finished_at.is_not(None), DocumentRow.status == "done"
    )
    return sorted(t for t in map(_aware, (f for f in session.scalars(stmt) if f is not None)) if t >= since)


def form_records(session: Session, limit: int) -> list[dict[str, Any]]:
    """The records (as stored JSON) of up to `limit` current forms, newest first."""
    stmt = select(FormRow.record).where(FormRow.current.is_(True)).order_by(FormRow.id.desc()).limit(limit)
    return list(session.scalars(stmt))
