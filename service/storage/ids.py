"""Errors for an id that names nothing of the kind asked for. Document ids and form ids are numbered
separately, so a form id passed where a document id belongs (the review queue shows form ids) either
names another document, which only a caller showing what it acted on can reveal, or names no
document: then the error says what the number is instead."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.errors import NotFound, WrongIdKind
from service.storage.schema import DocumentRow, FormRow

SEPARATE = "document ids and form ids are numbered separately"


def missing_document(session: Session, document_id: int) -> NotFound:
    form = session.get(FormRow, document_id)
    if form is None:
        return NotFound(f"no document {document_id}")
    return WrongIdKind(
        "document",
        document_id,
        f"no document {document_id}: {document_id} is a form id (form {document_id} is in document "
        f"{form.document_id}); {SEPARATE}",
        [form.document_id],
    )


def missing_form(session: Session, form_id: int) -> NotFound:
    if session.get(DocumentRow, form_id) is None:
        return NotFound(f"no form {form_id}")
    forms = current_form_ids(session, form_id)
    listed = ", ".join(map(str, forms)) if forms else "none yet"
    return WrongIdKind(
        "form",
        form_id,
        f"no form {form_id}: {form_id} is a document id (its forms: {listed}); {SEPARATE}",
        forms,
    )


def current_form_ids(session: Session, document_id: int) -> list[int]:
    query = select(FormRow.id).where(FormRow.document_id == document_id, FormRow.current.is_(True))
    return list(session.scalars(query.order_by(FormRow.ordinal)))
