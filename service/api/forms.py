"""Form routes: read a form, correct its fields (optimistic locking), list findings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from sqlalchemy.orm import Session

from models.record import ReviewStatus, Severity
from service.api.auth import Editor, Reader, author_of, store_of
from service.api.errors import responses
from service.api.schemas import CorrectionRequest, FindingItem, FindingsPage, FormResponse
from service.app import Edit, correct
from service.storage import get_document, get_form
from service.storage.forms import form_row
from service.storage.forms import list_findings as stored_findings

router = APIRouter(tags=["forms"])
FormId = Annotated[int, PathParam(ge=1, le=2**62)]
MAX_PAGE = 500


def _form_response(session: Session, form_id: int) -> FormResponse:
    detail = get_form(session, form_id)
    s = detail.summary
    head = s.model_dump(include=set(FormResponse.model_fields) - {"record", "findings"})
    return FormResponse(**head, record=detail.record, findings=detail.record.findings)


@router.get("/v1/forms/{form_id}", response_model=FormResponse, responses=responses(401, 403, 404, 422))
def read_form(request: Request, token: Reader, form_id: FormId) -> FormResponse:
    """One form as corrected so far, with its version (send it back with corrections)."""
    with store_of(request).reader() as session:
        return _form_response(session, form_id)


@router.patch(
    "/v1/forms/{form_id}/fields",
    response_model=FormResponse,
    responses=responses(400, 401, 403, 404, 409, 422),
)
def correct_fields(request: Request, token: Editor, form_id: FormId, body: CorrectionRequest) -> FormResponse:
    """Apply corrections atomically to the form at `version`; 409 if it changed since (reload, reapply).

    Each correction adds one to the version and is logged; the form is re-verified afterwards.
    """
    edits = [Edit(path=c.path, new=c.text) for c in body.corrections]
    store = store_of(request)
    correct(
        store, form_id, edits, expected_version=body.version, author=author_of(token), comment=body.comment
    )
    with store.reader() as session:
        return _form_response(session, form_id)


@router.get("/v1/findings", response_model=FindingsPage, responses=responses(401, 403, 404, 422))
def list_findings(
    request: Request,
    token: Reader,
    rule: Annotated[str | None, Query(max_length=16, description="e.g. V3")] = None,
    status: Annotated[ReviewStatus | None, Query(description="review status of the form")] = None,
    severity: Annotated[Severity | None, Query()] = None,
    document_id: Annotated[int | None, Query(ge=1, le=2**62, description="a document id")] = None,
    form_id: Annotated[int | None, Query(ge=1, le=2**62, description="a form id")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> FindingsPage:
    """Findings of the current forms, by form then rule order. A document_id or form_id that names
    nothing of its kind is a 404 (saying when it is an id of the other kind), not an empty page."""
    with store_of(request).reader() as session:
        if document_id is not None:
            get_document(session, document_id)
        if form_id is not None:
            form_row(session, form_id)
        found, total = stored_findings(
            session,
            rule=rule,
            status=status,
            severity=severity,
            document_id=document_id,
            form_id=form_id,
            limit=limit,
            offset=offset,
        )
    items = [FindingItem.model_validate(f.model_dump()) for f in found]
    return FindingsPage(items=items, total=total, limit=limit, offset=offset)
