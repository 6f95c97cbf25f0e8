"""Which stored documents and forms an export covers: one document, a folder prefix, or a query."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from models.record import Document, Form
from service.storage import DocumentInfo, FormQuery, FormSummary, PageImageRef, StorageError, document_record
from service.storage.documents import (
    current_result,
    document_paths,
    done_documents,
    get_document,
    page_images,
)
from service.storage.forms import form_row, list_forms
from service.storage.ids import current_form_ids


class ExportForm(BaseModel):
    summary: FormSummary
    record: Form


class ExportDocument(BaseModel):
    info: DocumentInfo
    paths: list[str]
    document: Document  # the current result, forms as corrected
    forms: list[ExportForm]  # the selected forms (all, unless a query narrowed them)
    pages: list[PageImageRef]

    @property
    def name(self) -> str:
        """The file's name as the result shows it (relative to the scanned folder, or the upload's
        name), never the server path it was read from."""
        return self.document.source.path


def parse_query(text: str) -> FormQuery:
    """`status=needs_review year=2022 rule=V3 department=市财政局` (space or comma separated)."""
    pairs: dict[str, str] = {}
    for token in shlex.split(text.replace(",", " ")):
        key, sep, value = token.partition("=")
        if not sep or not value:
            raise StorageError(f"bad query term {token!r}: expected key=value")
        pairs[key.strip()] = value.strip()
    try:
        return FormQuery.model_validate(pairs)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise StorageError(f"bad query: {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc


def named_selection(session: Session, *, document_id: int | None = None, form_id: int | None = None) -> str:
    """Check the document or form an export names and say in one line what it is, so a form id given
    for a document (or back) shows as the wrong file instead of passing unseen. Raises for an id of
    the wrong kind, a form of an older result, or a document with no result yet."""
    if form_id is not None:
        row = form_row(session, form_id)
        if not row.current:
            current = ", ".join(map(str, current_form_ids(session, row.document_id))) or "none"
            raise StorageError(
                f"form {form_id} is from an older result of document {row.document_id} "
                f"(its current forms: {current})"
            )
        document_id = row.document_id
    if document_id is None:
        raise ValueError("named_selection needs a document id or a form id")
    document = get_document(session, document_id)
    if current_result(session, document_id) is None:
        raise StorageError(f"document {document_id} is {document.status}: nothing to export yet")
    forms = [form_id] if form_id is not None else current_form_ids(session, document_id)
    listed = ", ".join(map(str, forms)) or "none"
    return f"document {document_id} ({document_paths(session, document_id)[0]}): form {listed}"


def select_documents(
    session: Session,
    *,
    document_id: int | None = None,
    folder: str | None = None,
    query: FormQuery | None = None,
) -> Iterator[ExportDocument]:
    """The selected documents one at a time (an export of thousands never holds them all)."""
    if document_id is not None:
        ids = [get_document(session, document_id).id]
    elif folder is not None:
        ids = done_documents(session, folder)
    elif query is not None:
        ids = sorted({f.document_id for f in list_forms(session, query.model_copy(update={"limit": None}))})
    else:
        ids = done_documents(session)
    for doc_id in ids:
        result = current_result(session, doc_id)
        if result is None:
            continue
        forms = list_forms(
            session, (query or FormQuery()).model_copy(update={"document_id": doc_id, "limit": None})
        )
        forms.sort(key=lambda f: f.form_key)
        document = document_record(session, doc_id)
        records = {f.id: f for f in document.forms}
        yield ExportDocument(
            info=DocumentInfo.model_validate(get_document(session, doc_id)),
            paths=document_paths(session, doc_id),
            document=document,
            forms=[ExportForm(summary=s, record=records[s.form_key]) for s in forms if s.form_key in records],
            pages=[
                PageImageRef(index=p.page_index, sha256=p.sha256, width=p.width, height=p.height)
                for p in page_images(session, result.id)
            ],
        )
