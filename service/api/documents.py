"""Document routes: upload, status and result, export."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response
from sqlalchemy.orm import Session

from service.api.auth import Reader, Uploader, store_of
from service.api.errors import responses
from service.api.exports import MEDIA_TYPES, CsvTable, ExportFormat, render_export
from service.api.schemas import DocumentResponse, FormRef, UploadResponse
from service.api.uploads import accept_uploads
from service.storage import get_document
from service.storage.documents import DocumentInfo, current_forms, current_result, upload_name

router = APIRouter(prefix="/v1/documents", tags=["documents"])
DocumentId = Annotated[int, PathParam(ge=1, le=2**62)]  # bounded: larger ids overflow the database


@router.post(
    "",
    status_code=202,
    response_model=UploadResponse,
    responses=responses(400, 401, 403, 413, 415, 422),
    summary="Upload one or more scans (PNG, JPEG, BMP, WebP, TIFF, PDF); returns their ids at once",
)
def upload_documents(
    request: Request,
    token: Uploader,
    files: Annotated[list[UploadFile], File(min_length=1, description="one or more scan files")],
) -> UploadResponse:
    state = request.app.state
    return UploadResponse(documents=accept_uploads(state.store, state.blobs, files, state.settings))


def _document_json(session: Session, row: DocumentInfo, include_result: bool) -> bytes:
    """The DocumentResponse as JSON, assembled from the stored (validated on write) result and form
    records: re-validating a whole Document per read tripled the cost of a read under load."""
    forms = current_forms(session, row.id)
    stored = row.model_dump(include=set(DocumentResponse.model_fields) - {"name", "forms", "result"})
    refs = [FormRef.model_validate(f.model_dump(include=set(FormRef.model_fields))) for f in forms]
    head = DocumentResponse(**stored, name=upload_name(row.path), forms=refs, result=None)
    body = head.model_dump(mode="json")
    result = current_result(session, row.id) if include_result and row.status == "done" else None
    if result is not None:
        body["result"] = {**result.payload, "forms": [f.record for f in forms if f.result_id == result.id]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@router.get(
    "/{document_id}",
    response_model=DocumentResponse,
    responses=responses(401, 403, 404, 422),
    summary="Status of a document and, once done, its result (the JSON contract)",
)
def get_document_status(
    request: Request,
    token: Reader,
    document_id: DocumentId,
    include_result: Annotated[bool, Query(description="false: status only (cheap polling)")] = True,
) -> Response:
    with store_of(request).reader() as session:
        body = _document_json(
            session, DocumentInfo.model_validate(get_document(session, document_id)), include_result
        )
    return Response(body, media_type="application/json")


@router.get(
    "/{document_id}/export",
    response_class=Response,
    responses={
        200: {
            "content": {
                t: {
                    "schema": {"$ref": "#/components/schemas/Document"} if f == "json" else {"type": "string"}
                }
                for f, t in MEDIA_TYPES.items()
            }
        },
        **responses(401, 403, 404, 409, 422),
    },
    summary="The document exported as json, csv (one table), xlsx (one form) or html",
)
def export_document(
    request: Request,
    token: Reader,
    document_id: DocumentId,
    format: Annotated[ExportFormat, Query(description="json, csv, xlsx or html")] = "json",
    form: Annotated[
        str | None,
        Query(
            max_length=32,
            description="xlsx: which form, by its key in the result (f0, f1 …) or its form id "
            "(default: the first); a form id of another document is refused",
        ),
    ] = None,
    table: Annotated[CsvTable, Query(description="csv: which table")] = "forms",
) -> Response:
    return render_export(store_of(request), document_id, format, form, table)
