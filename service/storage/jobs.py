"""The job table behind the REST service's background workers.

A worker leases a job for a while; a job whose lease ran out (its worker died) is leased again, so a
restart resumes queued and interrupted work. A job that failed `max_attempts` times stays failed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from service.storage.errors import NotFound
from service.storage.schema import JobRow, utcnow


class JobInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    document_id: int | None
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    lease_owner: str | None
    lease_expires_at: datetime | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None


def enqueue_job(
    session: Session,
    *,
    kind: str = "extract",
    document_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> JobInfo:
    row = JobRow(kind=kind, status="queued", document_id=document_id, payload=payload or {})
    session.add(row)
    session.flush()
    return JobInfo.model_validate(row)


def lease_job(session: Session, owner: str, lease: timedelta = timedelta(minutes=5)) -> JobInfo | None:
    """Take the oldest queued job, or a running one whose lease expired; None when there is none."""
    now = utcnow()
    available = or_(
        JobRow.status == "queued",
        and_(JobRow.status == "running", JobRow.lease_expires_at < now),
    )
    for _ in range(5):  # another worker may win the race for a candidate: try the next one
        candidate = session.scalar(
            select(JobRow.id)
            .where(available, JobRow.attempts < JobRow.max_attempts)
            .order_by(JobRow.id)
            .limit(1)
        )
        if candidate is None:
            return None
        taken = session.execute(
            update(JobRow)
            .where(JobRow.id == candidate, available)
            .values(
                status="running",
                lease_owner=owner,
                lease_expires_at=now + lease,
                attempts=JobRow.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            row = session.get(JobRow, candidate, populate_existing=True)
            return JobInfo.model_validate(row)
    return None


def finish_job(session: Session, job_id: int, *, error: str | None = None) -> JobInfo:
    """Mark done, or record the error: back to queued while attempts remain, else failed."""
    row = session.get(JobRow, job_id)
    if row is None:
        raise NotFound(f"no job {job_id}")
    now = utcnow()
    row.error, row.lease_owner, row.lease_expires_at, row.updated_at = error, None, None, now
    if error is None:
        row.status, row.finished_at = "done", now
    elif row.attempts >= row.max_attempts:
        row.status, row.finished_at = "failed", now
    else:
        row.status = "queued"
    session.flush()
    return JobInfo.model_validate(row)
