"""Upload and enqueue: bytes already checked by the loader's header inspection become a document
(content-addressed, so the same bytes are one document) with a queued extraction job."""

from __future__ import annotations

from pydantic import BaseModel

from service.storage import Store, upsert_document
from service.storage.blobs import BlobStore, Spooled
from service.storage.documents import upload_path
from service.storage.jobs import enqueue_job, open_job_of


class Accepted(BaseModel):
    id: int
    sha256: str
    media_type: str
    size_bytes: int
    status: str
    duplicate: bool  # the same bytes were uploaded or scanned before


def enqueue_upload(
    store: Store, blobs: BlobStore, spooled: Spooled, *, name: str, media_type: str, max_attempts: int
) -> Accepted:
    """Keep the bytes (durably, before the database knows them: an accepted file is never lost)
    and queue their extraction unless the document is done, failed or queued already."""
    blobs.commit(spooled)
    with store.transaction() as session:
        row, created = upsert_document(
            session,
            sha256=spooled.sha256,
            path=upload_path(name),
            media_type=media_type,
            size_bytes=spooled.size,
        )
        # Done and failed documents stay so (a failure from the bytes would repeat); anything else
        # without a live job (new, or left queued by an interrupted scan) gets one.
        if open_job_of(session, row.id) is None and row.status not in ("done", "failed"):
            enqueue_job(session, document_id=row.id, payload={"source": "upload"}, max_attempts=max_attempts)
            row.status = "queued"
        return Accepted(
            id=row.id,
            sha256=row.sha256,
            media_type=row.media_type,
            size_bytes=row.size_bytes,
            status=row.status,
            duplicate=not created,
        )
