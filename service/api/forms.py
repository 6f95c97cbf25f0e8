"""Form routes: read a form, correct its fields (optimistic locking), list findings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extraction.repair import suggest_repairs
from models.record import Form, ReviewStatus, Severity
from service.api.auth import Editor, Reader, author_of, store_of
from service.api.errors import responses
from service.api.schemas import CorrectionRequest, FindingItem, FindingsPage, FormResponse
from service.storage import apply_correction, get_form
from service.storage.corrections import Reverify
from service.storage.schema import FindingRow, FormRow
from verification import PROFILES, verify_form

router = APIRouter(tags=["forms"])
FormId = Annotated[int, PathParam(ge=1, le=2**62)]
MAX_PAGE = 500


def reverifier(profile: str) -> Reverify:
    """Findings recomputed after an edit, with arithmetic repair suggestions; review state kept."""
    rules = PROFILES[profile]

    def reverify(form: Form) -> Form:
        checked = form.model_copy(update={"findings": verify_form(form, rules)})
        return checked.model_copy(update={"findings": suggest_repairs(checked, None, rules)})

    return reverify


def _form_response(session: Session, form_id: int) -> FormResponse:
    detail = get_form(session, form_id)
    s = detail.summary
    return FormResponse(
        id=s.id,
        document_id=s.document_id,
        form_key=s.form_key,
        version=s.version,
        review_status=s.review_status,
        locked=s.locked,
        reviewer=s.reviewer,
        record=detail.record,
        findings=detail.record.findings,
    )


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
    reverify = reverifier(request.app.state.settings.profile)
    version, last = body.version, len(body.corrections) - 1
    with store_of(request).transaction() as session:
        for i, correction in enumerate(body.corrections):
            apply_correction(
                session,
                form_id,
                correction.path,
                correction.text,
                expected_version=version,
                author=author_of(token),
                comment=body.comment,
                reverify=reverify if i == last else None,  # the findings of the final state suffice
            )
            version += 1
        return _form_response(session, form_id)


@router.get("/v1/findings", response_model=FindingsPage, responses=responses(401, 403, 422))
def list_findings(
    request: Request,
    token: Reader,
    rule: Annotated[str | None, Query(max_length=16, description="e.g. V3")] = None,
    status: Annotated[ReviewStatus | None, Query(description="review status of the form")] = None,
    severity: Annotated[Severity | None, Query()] = None,
    document_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> FindingsPage:
    """Findings of the current forms, by form then rule order."""
    stmt = (
        select(FindingRow, FormRow.document_id, FormRow.review_status)
        .join(FormRow, FormRow.id == FindingRow.form_id)
        .where(FormRow.current.is_(True))
    )
    if rule is not None:
        stmt = stmt.where(FindingRow.rule == rule)
    if status is not None:
        stmt = stmt.where(FormRow.review_status == status)
    if severity is not None:
        stmt = stmt.where(FindingRow.severity == severity)
    if document_id is not None:
        stmt = stmt.where(FormRow.document_id == document_id)
    with store_of(request).reader() as session:
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        page = session.execute(
            stmt.order_by(FindingRow.form_id, FindingRow.ordinal).limit(limit).offset(offset)
        )
        items = [
            FindingItem(
                form_id=f.form_id,
                document_id=doc_id,
                review_status=review,
                rule=f.rule,
                severity=f.severity,
                message=f.message,
                cells=f.cells,
                paths=f.paths,
                expected=f.expected,
                found=f.found,
            )
            for f, doc_id, review in page
        ]
    return FindingsPage(items=items, total=total, limit=limit, offset=offset)
