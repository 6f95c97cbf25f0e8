"""Structured JSON errors: every failure is `{"error": {"code": ..., "message": ...}}`."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.storage import FormLocked, NotFound, StorageError, VersionConflict, WrongIdKind

log = logging.getLogger("formtally.api")


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or None


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None, **kw: Any
) -> JSONResponse:
    body = ErrorResponse(error=ErrorDetail(code=code, message=message, details=details))
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status_code=status, **kw)


# HTTP status → code for errors Starlette raises itself (unknown route, wrong method, …)
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


# A result's own form key (f0, f1 …: `result.forms[].id`) is not the form id /v1/forms takes.
_KEY_HINT = " (f0, f1 … are form keys inside a result; the form id is forms[].id of GET /v1/documents/{id})"


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    if not where:
        return "invalid request"
    given = first.get("input")
    hint = _KEY_HINT if isinstance(given, str) and re.fullmatch(r"f\d+", given) and "_id" in where else ""
    return f"{where}: {first.get('msg', 'invalid request')}{hint}"


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.code, exc.message, exc.details, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(VersionConflict)
    async def _conflict(_: Request, exc: VersionConflict) -> JSONResponse:
        details = {"form_id": exc.form_id, "your_version": exc.expected, "current_version": exc.actual}
        return error_response(409, "version_conflict", str(exc), details)

    @app.exception_handler(FormLocked)
    async def _locked(_: Request, exc: FormLocked) -> JSONResponse:
        return error_response(409, "form_locked", str(exc), {"form_id": exc.form_id})

    @app.exception_handler(NotFound)
    async def _missing(_: Request, exc: NotFound) -> JSONResponse:
        if isinstance(exc, WrongIdKind):  # a form id for a document or back: say which it is
            details: dict[str, Any] = {"expected": exc.expected, "given": exc.given}
            if exc.given == "form":
                details["document_id"] = exc.related[0]  # the document the form is in
            else:
                details["form_ids"] = exc.related  # the document's forms
            return error_response(404, "not_found", str(exc), details)
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(StorageError)
    async def _refused(_: Request, exc: StorageError) -> JSONResponse:
        return error_response(422, "invalid_change", str(exc))

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")  # logged with its traceback; the client gets no internals
        return error_response(500, "internal_error", "internal server error")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error statuses an endpoint can return (422 for an
    unknown query parameter is possible everywhere)."""
    return {status: {"model": ErrorResponse} for status in statuses}
