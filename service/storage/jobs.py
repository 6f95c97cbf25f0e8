"""The job state machine behind the REST service's background workers (the only one there is).

queued → running (leased by one owner for a while) → done | failed, or back to queued. A worker
leases a job; a job whose lease ran out (its worker died) is leased again, so a restart resumes
queued and interrupted work; a job out of attempts is failed by the reaper.

Every transition of a running job is a conditional UPDATE on (job id, lease owner, status running)
that runs first in its transaction: only the worker that still holds the lease can finish a job,
and on SQLite that UPDATE also takes the write lock before anything else is read, so a result is
saved at most once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from service.storage.schema import DocumentRow, JobRow, utcnow


class LeaseLost(Exception):
    """Another worker owns the job now (ours expired): its outcome must not be written."""


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
    max_attempts: int = 3,
) -> JobInfo:
    row = JobRow(
        kind=kind, status="queued", document_id=document_id, payload=payload or {}, max_attempts=max_attempts
    )
    session.add(row)
    session.flush()
    return JobInfo.model_validate(row)


def open_job_of(session: Session, document_id: int) -> int | None:
    """The id of the document's queued or running job, if it has one."""
    return session.scalar(
        select(JobRow.id).where(JobRow.document_id == document_id, JobRow.status.in_(("queued", "running")))
    )


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


def _held(job_id: int, owner: str) -> ColumnElement[bool]:
    return and_(JobRow.id == job_id, JobRow.lease_owner == owner, JobRow.status == "running")


def _claim(session: Session, job_id: int, owner: str, **values: object) -> None:
    stmt = update(JobRow).where(_held(job_id, owner)).values(updated_at=utcnow(), **values)
    if session.execute(stmt.execution_options(synchronize_session=False)).rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"job {job_id} is no longer leased by {owner}")


def renew_lease(session: Session, job_id: int, owner: str, lease: timedelta) -> bool:
    """Extend our lease; False when it is not ours any more."""
    stmt = update(JobRow).where(_held(job_id, owner)).values(lease_expires_at=utcnow() + lease)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _ended(status: str, error: str | None) -> dict[str, object]:
    return {
        "status": status,
        "error": error,
        "lease_owner": None,
        "lease_expires_at": None,
        "finished_at": utcnow(),
    }


def complete_job(session: Session, job_id: int, owner: str) -> None:
    """Mark our job done (call first in the transaction that saves its result); LeaseLost if not ours."""
    _claim(session, job_id, owner, **_ended("done", None))


def fail_job(session: Session, job_id: int, owner: str, error: str) -> None:
    """Our job failed for good (the file cannot be extracted): the job and its document say why."""
    _claim(session, job_id, owner, **_ended("failed", error))
    _fail_document(session, job_id, error)


def retry_job(session: Session, job_id: int, owner: str, error: str) -> None:
    """Our job was interrupted (worker died): back to the queue while attempts remain, else failed."""
    job = session.get(JobRow, job_id)
    if job is not None and job.attempts >= job.max_attempts:
        fail_job(session, job_id, owner, error)
        return
    _claim(session, job_id, owner, status="queued", error=error, lease_owner=None, lease_expires_at=None)
    _set_document(session, job_id, "queued")


def release_jobs(session: Session, owner: str) -> int:
    """On a clean shutdown: put our running jobs back, not counting the interrupted attempt."""
    held = select(JobRow.id).where(JobRow.lease_owner == owner, JobRow.status == "running")
    ids = list(session.scalars(held))
    for job_id in ids:
        # lease_job counted the attempt; it never ran to the end
        _claim(
            session,
            job_id,
            owner,
            status="queued",
            lease_owner=None,
            lease_expires_at=None,
            attempts=JobRow.attempts - 1,
        )
        _set_document(session, job_id, "queued")
    return len(ids)


def reap_jobs(session: Session) -> int:
    """Fail jobs whose lease expired after their last attempt (lease_job never takes them again)."""
    now = utcnow()
    expired = and_(JobRow.status == "running", JobRow.lease_expires_at < now)
    ids = list(session.scalars(select(JobRow.id).where(expired, JobRow.attempts >= JobRow.max_attempts)))
    error = "WorkerDied: the worker stopped on this document on every attempt"
    for job_id in ids:
        taken = session.execute(
            update(JobRow).where(JobRow.id == job_id, expired).values(**_ended("failed", error))
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            _fail_document(session, job_id, error)
    return len(ids)


def job_counts(session: Session) -> dict[str, int]:
    """Jobs per status (queued, running, done, failed)."""
    rows = session.execute(select(JobRow.status, func.count()).group_by(JobRow.status))
    return {status: int(n) for status, n in rows}


def _document_of(session: Session, job_id: int) -> int | None:
    return session.scalar(select(JobRow.document_id).where(JobRow.id == job_id))


def _set_document(session: Session, job_id: int, status: str) -> None:
    document_id = _document_of(session, job_id)
    if document_id is not None:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id)
            .values(status=status, updated_at=utcnow())
        )


def _fail_document(session: Session, job_id: int, error: str) -> None:
    document_id = _document_of(session, job_id)
    if document_id is not None:
        now = utcnow()
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id, DocumentRow.status != "done")
            .values(status="failed", error=error, updated_at=now, finished_at=now)
        )
