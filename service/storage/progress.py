"""How far extraction has got: documents per status and the recent finishing times, read from the
documents table itself so every writer (a scan in another process, REST workers) is seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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


def findings_by_rule_severity(session: Session, document_ids: list[int]) -> dict[tuple[str, str], int]:
    """(rule, severity) → findings over the current forms of these documents."""
    counts: dict[tuple[str, str], int] = {}
    for i in range(0, len(document_ids), 5000):  # under the bound-parameter limits
        stmt = (
            select(FindingRow.rule, FindingRow.severity, func.count())
            .join(FormRow, FormRow.id == FindingRow.form_id)
            .where(FormRow.current.is_(True), FormRow.document_id.in_(document_ids[i : i + 5000]))
            .group_by(FindingRow.rule, FindingRow.severity)
        )
        for rule, severity, n in session.execute(stmt):
            counts[(rule, severity)] = counts.get((rule, severity), 0) + int(n)
    return counts


def forms_by_status(session: Session, document_ids: list[int]) -> dict[str, int]:
    """Review status → current forms of these documents."""
    counts: dict[str, int] = {}
    for i in range(0, len(document_ids), 5000):
        stmt = (
            select(FormRow.review_status, func.count())
            .where(FormRow.current.is_(True), FormRow.document_id.in_(document_ids[i : i + 5000]))
            .group_by(FormRow.review_status)
        )
        for status, n in session.execute(stmt):
            counts[status] = counts.get(status, 0) + int(n)
    return counts
