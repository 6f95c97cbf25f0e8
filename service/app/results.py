"""Extraction results into storage, for `formtally scan` and the REST workers alike: the page
images first (content-addressed, idempotent), then the document's single transaction."""

from __future__ import annotations

from datetime import timedelta

from service.batch.work import WorkItem, WorkOutcome
from service.storage import PageImageRef, Store, mark_failed, save_result
from service.storage.documents import start_extraction, upload_name
from service.storage.jobs import complete_job, fail_job, lease_job


def _page_refs(store: Store, outcome: WorkOutcome) -> list[PageImageRef]:
    return [
        PageImageRef(index=p.index, sha256=store.pages.put(p.data()), width=p.width, height=p.height)
        for p in outcome.pages
    ]


def write_outcome(store: Store, outcome: WorkOutcome) -> None:
    """A scan's outcome: the result saved (document done) or the error kept (document failed)."""
    refs = _page_refs(store, outcome)
    with store.transaction() as session:
        if outcome.document is None:
            mark_failed(session, outcome.item.document_id, outcome.error or "unknown error")
        else:
            save_result(session, outcome.item.document_id, outcome.document, refs)


def claim_job(store: Store, owner: str, lease: timedelta) -> tuple[int, WorkItem | None] | None:
    """Lease the next job: (job id, what to extract, or None when it needed no extraction); None
    when the queue is empty."""
    with store.transaction() as session:
        job = lease_job(session, owner, lease)
        if job is None:
            return None
        document = start_extraction(session, job.document_id)
        if document is None:
            fail_job(session, job.id, owner, "NotFound: the job's document was deleted")
            return job.id, None
        if document.status == "done":  # extracted already (e.g. by a worker whose lease ran out)
            complete_job(session, job.id, owner)
            return job.id, None
        name = upload_name(document.path)
        return job.id, WorkItem(
            document_id=document.id, sha256=document.sha256, path=document.path, name=name
        )


def finish_job(store: Store, job_id: int, owner: str, outcome: WorkOutcome) -> None:
    """A REST worker's outcome; raises LeaseLost (nothing written) when the lease is not ours."""
    if outcome.document is None:
        with store.transaction() as session:
            fail_job(session, job_id, owner, outcome.error or "unknown error")
        return
    refs = _page_refs(store, outcome)
    with store.transaction() as session:
        complete_job(session, job_id, owner)  # first: takes the write lock, proves the lease
        save_result(session, outcome.item.document_id, outcome.document, refs, unless_done=True)
