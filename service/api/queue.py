"""Lease-safe job transitions on top of service.storage.jobs (enqueue_job, lease_job).

Every transition is a conditional UPDATE on (job id, lease owner, status running) that runs first in
its transaction: only the worker that still holds the lease can finish a job, and on SQLite that
UPDATE also takes the write lock before anything else is read, so a result is saved at most once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session

from service.storage.schema import DocumentRow, JobRow, utcnow


class LeaseLost(Exception):
    """Another worker owns the job now (ours expired): its outcome must not be written."""


def _held(job_id: int, owner: str) -> ColumnElement[bool]:
    return and_(JobRow.id == job_id, JobRow.lease_owner == owner, JobRow.status == "running")


def _claim(session: Session, job_id: int, owner: str, **values: object) -> None:
    stmt = update(JobRow).where(_held(job_id, owner)).values(updated_at=utcnow(), **values)
    if session.execute(stmt.execution_options(synchronize_session=False)).rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"job {job_id} is no longer leased by {owner}")


def renew(session: Session, job_id: int, owner: str, lease: timedelta) -> bool:
    """Extend our lease; False when it is not ours any more."""
    stmt = update(JobRow).where(_held(job_id, owner)).values(lease_expires_at=utcnow() + lease)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def complete(session: Session, job_id: int, owner: str) -> None:
    """Mark our job done (call first in the transaction that saves its result)."""
    now = utcnow()
    _claim(
        session,
        job_id,
        owner,
        status="done",
        error=None,
        lease_owner=None,
        lease_expires_at=None,
        finished_at=now,
    )


def fail(session: Session, job_id: int, owner: str, error: str) -> None:
    """Our job failed for good (the file cannot be extracted): the job and its document say why."""
    now = utcnow()
    _claim(
        session,
        job_id,
        owner,
        status="failed",
        error=error,
        lease_owner=None,
        lease_expires_at=None,
        finished_at=now,
    )
    _fail_document(session, job_id, error)


def retry(session: Session, job_id: int, owner: str, error: str) -> None:
    """Our job was interrupted (worker died): back to the queue while attempts remain, else failed."""
    job = session.get(JobRow, job_id)
    if job is not None and job.attempts >= job.max_attempts:
        fail(session, job_id, owner, error)
        return
    _claim(session, job_id, owner, status="queued", error=error, lease_owner=None, lease_expires_at=None)
    _set_document(session, job_id, "queued")


def release(session: Session, owner: str) -> int:
    """On a clean shutdown: put our running jobs back, not counting the interrupted attempt."""
    held = select(JobRow.id, JobRow.document_id).where(
        JobRow.lease_owner == owner, JobRow.status == "running"
    )
    rows = list(session.execute(held))
    for job_id, document_id in rows:
        _claim(
            session,
            job_id,
            owner,
            status="queued",
            lease_owner=None,
            lease_expires_at=None,
            attempts=JobRow.attempts - 1,
        )  # lease_job counted it; it never ran to the end
        if document_id is not None:
            session.execute(update(DocumentRow).where(DocumentRow.id == document_id).values(status="queued"))
    return len(rows)


def reap(session: Session) -> int:
    """Fail jobs whose lease expired after their last attempt (lease_job never takes them again)."""
    now = utcnow()
    dead = select(JobRow.id).where(
        JobRow.status == "running", JobRow.lease_expires_at < now, JobRow.attempts >= JobRow.max_attempts
    )
    ids = list(session.scalars(dead))
    for job_id in ids:
        error = "WorkerDied: the worker stopped on this document on every attempt"
        stmt = update(JobRow).where(
            JobRow.id == job_id, and_(JobRow.status == "running", JobRow.lease_expires_at < now)
        )
        taken = session.execute(
            stmt.values(
                status="failed", error=error, lease_owner=None, lease_expires_at=None, finished_at=now
            )
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            _fail_document(session, job_id, error)
    return len(ids)


def _set_document(session: Session, job_id: int, status: str) -> None:
    document_id = session.scalar(select(JobRow.document_id).where(JobRow.id == job_id))
    if document_id is not None:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id)
            .values(status=status, updated_at=utcnow())
        )


def _fail_document(session: Session, job_id: int, error: str) -> None:
    document_id = session.scalar(select(JobRow.document_id).where(JobRow.id == job_id))
    if document_id is not None:
        now = utcnow()
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.id == document_id, DocumentRow.status != "done")
            .values(status="failed", error=error, updated_at=now, finished_at=now)
        )
