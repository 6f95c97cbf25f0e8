"""POST /v1/documents: check each file from its bytes, store it content-addressed, queue a job.

All files of a request are checked before any is stored, so a refused request stores nothing.
"""

from __future__ import annotations

import unicodedata

from fastapi import UploadFile

from service.api.errors import ApiError
from service.api.probe import probe
from service.api.schemas import UploadedDocument
from service.api.settings import ApiSettings
from service.app import enqueue_upload
from service.storage import Store
from service.storage.blobs import BlobStore, Spooled, TooLarge


def clean_name(raw: str | None) -> str:
    """The last component of a client's file name, printable characters only (display use only)."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name.strip(".") and name[:200]) or "upload"


class Checked:
    def __init__(self, name: str, spooled: Spooled, media_type: str, page_count: int) -> None:
        self.name, self.spooled, self.media_type, self.page_count = name, spooled, media_type, page_count


def _check(blobs: BlobStore, upload: UploadFile, name: str, settings: ApiSettings) -> Checked:
    try:
        spooled = blobs.spool(upload.file, settings.limits.max_file_bytes)
    except TooLarge as exc:
        raise ApiError(413, "file_too_large", f"{exc}") from exc
    try:
        if spooled.size == 0:
            raise ApiError(400, "empty_file", "empty file (0 bytes)")
        media_type, pages = probe(spooled.path, settings.limits)
    except BaseException:
        spooled.discard()
        raise
    return Checked(name, spooled, media_type, pages)


def _queue(store: Store, blobs: BlobStore, checked: Checked, max_attempts: int) -> UploadedDocument:
    accepted = enqueue_upload(
        store,
        blobs,
        checked.spooled,
        name=checked.name,
        media_type=checked.media_type,
        max_attempts=max_attempts,
    )
    return UploadedDocument(
        **accepted.model_dump(exclude={"status"}),
        name=checked.name,
        page_count=checked.page_count,
        status=accepted.status,
    )


def accept_uploads(
    store: Store, blobs: BlobStore, files: list[UploadFile], settings: ApiSettings
) -> list[UploadedDocument]:
    if not files:
        raise ApiError(422, "no_files", "send one or more files in the multipart field 'files'")
    if len(files) > settings.max_files_per_request:
        raise ApiError(
            413, "too_many_files", f"{len(files)} files > limit {settings.max_files_per_request} per request"
        )
    checked: list[Checked] = []
    try:
        for index, upload in enumerate(files):
            name = clean_name(upload.filename)
            try:
                checked.append(_check(blobs, upload, name, settings))
            except ApiError as exc:
                exc.message = f"{name}: {exc.message}"
                exc.details = {"file": name, "index": index}
                raise
        return [_queue(store, blobs, c, settings.max_attempts) for c in checked]
    finally:
        for c in checked:
            c.spooled.discard()  # no-op for committed ones (moved away)
