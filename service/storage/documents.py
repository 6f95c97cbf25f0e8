"""Documents and their extraction results: upsert by content hash, status changes, saving a result."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.record import Document, Form
from service.storage.errors import NotFound
from service.storage.ids import missing_document
from service.storage.rows import form_columns, replace_findings
from service.storage.schema import (
    DocumentPathRow,
    DocumentRow,
    FormRow,
    PageImageRow,
    ResultRow,
    utcnow,
)

UPLOAD_PREFIX = "upload:"  # document paths of uploads: a label, not a file system path


def upload_path(name: str) -> str:
    return UPLOAD_PREFIX + name


def upload_name(path: str) -> str:
    """What a document is called outside the server: an upload's cleaned name, a scanned file's name."""
    return path[len(UPLOAD_PREFIX) :] if path.startswith(UPLOAD_PREFIX) else PurePath(path).name


class DocumentInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sha256: str
    path: str
    media_type: str
    size_bytes: int
    page_count: int | None
    status: str
    error: str | None
    attempts: int
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class PageImageRef(BaseModel):
    """A page image already put in the PageStore, to be referenced from a result."""

    index: int
    sha256: str
    width: int
    height: int


def find_document(session: Session, sha256: str) -> DocumentRow | None:
    return session.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256)).one_or_none()


def upsert_document(
    session: Session, *, sha256: str, path: str, media_type: str, size_bytes: int
) -> tuple[DocumentRow, bool]:
    """The document with these bytes (created as queued if new) and whether it was created.

    A known document seen under another path gets that path as an alias; its status is untouched.
    """
    row = find_document(session, sha256)
    created = row is None
    if row is None:
        row = DocumentRow(sha256=sha256, path=path, media_type=media_type, size_bytes=size_bytes)
        try:
            with session.begin_nested():  # another writer may insert the same bytes concurrently
                session.add(row)
        except IntegrityError:
            row = find_document(session, sha256)
            created = False
            if row is None:
                raise
    known = session.scalar(
        select(DocumentPathRow.id).where(DocumentPathRow.document_id == row.id, DocumentPathRow.path == path)
    )
    if known is None:
        session.add(DocumentPathRow(document_id=row.id, path=path))
        session.flush()
    return row, created


def get_document(session: Session, document_id: int) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise missing_document(session, document_id)
    return row


def document_paths(session: Session, document_id: int) -> list[str]:
    query = select(DocumentPathRow.path).where(DocumentPathRow.document_id == document_id)
    return list(session.scalars(query.order_by(DocumentPathRow.id)))


def mark_running(session: Session, document_id: int) -> None:
    row = get_document(session, document_id)
    row.status, row.attempts, row.updated_at = "running", row.attempts + 1, utcnow()


def start_extraction(session: Session, document_id: int | None) -> DocumentRow | None:
    """The document a job extracts, marked running unless it is done already; None if deleted."""
    row = session.get(DocumentRow, document_id) if document_id is not None else None
    if row is not None and row.status != "done":
        mark_running(session, row.id)
    return row


def mark_failed(session: Session, document_id: int, error: str) -> None:
    row = get_document(session, document_id)
    row.status, row.error = "failed", error
    row.updated_at = row.finished_at = utcnow()


def save_result(
    session: Session,
    document_id: int,
    document: Document,
    pages: list[PageImageRef],
    *,
    unless_done: bool = False,
) -> ResultRow | None:
    """Store a new current result version with its page images, forms and findings; mark done.

    `unless_done`: keep the current result of a document that is done already (None returned).
    """
    doc = get_document(session, document_id)
    if unless_done and doc.status == "done":
        return None
    previous = session.scalar(select(func.max(ResultRow.version)).where(ResultRow.document_id == doc.id))
    session.execute(update(ResultRow).where(ResultRow.document_id == doc.id).values(current=False))
    session.execute(update(FormRow).where(FormRow.document_id == doc.id).values(current=False))
    result = ResultRow(
        document_id=doc.id,
        version=(previous or 0) + 1,
        current=True,
        schema_version=document.schema_version,
        engine_version=document.engine.formtally,
        ocr_engine=document.engine.ocr,
        payload=document.model_dump(mode="json"),
    )
    session.add(result)
    session.flush()
    for page in pages:
        session.add(
            PageImageRow(
                result_id=result.id,
                page_index=page.index,
                sha256=page.sha256,
                width=page.width,
                height=page.height,
            )
        )
    for ordinal, form in enumerate(document.forms):
        _add_form(session, doc.id, result.id, ordinal, form)
    doc.status, doc.error, doc.page_count = "done", None, document.source.page_count
    doc.updated_at = doc.finished_at = utcnow()
    session.flush()
    return result


def _add_form(session: Session, document_id: int, result_id: int, ordinal: int, form: Form) -> None:
    row = FormRow(
        document_id=document_id,
        result_id=result_id,
        form_key=form.id,
        ordinal=ordinal,
        current=True,
        version=form.review.version,
        reviewer=form.review.reviewer,
        locked=form.review.status == "approved",
        **form_columns(form),
    )
    session.add(row)
    session.flush()
    replace_findings(session, row.id, form)


def current_result(session: Session, document_id: int) -> ResultRow | None:
    query = select(ResultRow).where(ResultRow.document_id == document_id, ResultRow.current.is_(True))
    return session.scalars(query).one_or_none()


def page_images(session: Session, result_id: int) -> list[PageImageRow]:
    query = select(PageImageRow).where(PageImageRow.result_id == result_id)
    return list(session.scalars(query.order_by(PageImageRow.page_index)))


def form_pages(session: Session, result_id: int) -> tuple[dict[str, Any], str, list[PageImageRef]]:
    """(the result's payload, its document's display name, its page images) for a form's result."""
    result = session.get(ResultRow, result_id)
    if result is None:
        raise NotFound(f"no result {result_id}")
    document = get_document(session, result.document_id)
    images = [
        PageImageRef(index=p.page_index, sha256=p.sha256, width=p.width, height=p.height)
        for p in page_images(session, result_id)
    ]
    return result.payload, upload_name(document.path), images


def result_versions(session: Session) -> dict[int, int]:
    """Document id → how many results (extraction versions) it has."""
    rows = session.execute(select(ResultRow.document_id, func.count()).group_by(ResultRow.document_id))
    return {doc_id: int(n) for doc_id, n in rows}


def done_documents(session: Session, folder: str | None = None) -> list[int]:
    """Ids of the done documents (seen under a path starting with `folder`), in id order."""
    if folder is None:
        stmt = select(DocumentRow.id).where(DocumentRow.status == "done")
    else:
        stmt = (
            select(DocumentPathRow.document_id)
            .join(DocumentRow, DocumentRow.id == DocumentPathRow.document_id)
            .where(DocumentPathRow.path.startswith(folder, autoescape=True), DocumentRow.status == "done")
            .distinct()
        )
    return sorted(session.scalars(stmt))


class FormReference(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    form_key: str
    version: int
    review_status: str
    locked: bool
    error_count: int
    warning_count: int


class StoredForm(FormReference):
    """A current form as stored, its record as JSON (not re-validated: it was validated when
    written, and re-validating every form of every read is costly)."""

    result_id: int
    record: dict[str, Any]


def current_forms(session: Session, document_id: int) -> list[StoredForm]:
    rows = session.scalars(
        select(FormRow)
        .where(FormRow.document_id == document_id, FormRow.current.is_(True))
        .order_by(FormRow.ordinal)
    )
    return [StoredForm.model_validate(row) for row in rows]


def document_record(session: Session, document_id: int) -> Document:
    """The current result as a Document, each form as corrected and reviewed so far."""
    result = current_result(session, document_id)
    if result is None:
        raise NotFound(f"document {document_id} has no result yet")
    document = Document.model_validate(result.payload)
    forms = session.scalars(
        select(FormRow).where(FormRow.result_id == result.id).order_by(FormRow.ordinal)
    ).all()
    document.forms = [Form.model_validate(row.record) for row in forms]
    return document
