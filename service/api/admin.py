"""Health (no token needed) and token administration (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from service.api.auth import Admin, author_of, store_of
from service.api.errors import log, responses
from service.api.schemas import Health, TokenCreate, TokenCreated, TokenView, WorkerHealth
from service.storage.tokens import create_token, list_tokens, revoke_token

router = APIRouter()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("formtally")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0.0.0+unknown"


@router.get(
    "/v1/health",
    response_model=Health,
    responses={503: {"model": Health}, **responses(422)},
    tags=["service"],
)
def health(request: Request) -> Health | JSONResponse:
    """Liveness and readiness: the database answers and the workers run. No token needed."""
    database: str = "ok"
    try:
        with store_of(request).reader() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unavailable")
        database = "unavailable"
    runner = request.app.state.runner
    workers = WorkerHealth(configured=request.app.state.settings.workers, alive=runner.alive())
    ok = database == "ok" and workers.alive == workers.configured
    body = Health(status="ok" if ok else "degraded", version=_version(), database=database, workers=workers)
    if database != "ok":
        return JSONResponse(body.model_dump(mode="json"), status_code=503)
    return body


@router.get("/v1/tokens", response_model=list[TokenView], responses=responses(401, 403, 422), tags=["admin"])
def get_tokens(request: Request, token: Admin) -> list[TokenView]:
    """Every token (secrets are not stored, so none is shown)."""
    with store_of(request).reader() as session:
        return [TokenView.model_validate(t, from_attributes=True) for t in list_tokens(session)]


@router.post(
    "/v1/tokens",
    status_code=201,
    response_model=TokenCreated,
    responses=responses(400, 401, 403, 422),
    tags=["admin"],
)
def post_token(request: Request, token: Admin, body: TokenCreate) -> TokenCreated:
    """A new token; its secret is in this response only."""
    with store_of(request).transaction() as session:
        secret, info = create_token(session, body.name, body.role, created_by=author_of(token))
    return TokenCreated(token=secret, info=TokenView.model_validate(info, from_attributes=True))


@router.delete(
    "/v1/tokens/{token_id}", response_model=TokenView, responses=responses(401, 403, 404, 422), tags=["admin"]
)
def delete_token(
    request: Request, token: Admin, token_id: Annotated[int, PathParam(ge=1, le=2**62)]
) -> TokenView:
    """Revoke a token: its next request gets 401."""
    with store_of(request).transaction() as session:
        return TokenView.model_validate(revoke_token(session, token_id), from_attributes=True)
