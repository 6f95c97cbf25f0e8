"""Bearer-token authentication and role checks.

Permissions: every role reads; uploaders and admins upload; reviewers and admins edit forms;
only admins manage tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.api.errors import ApiError
from service.storage import Store
from service.storage.schema import ApiTokenRow, utcnow
from service.storage.tokens import Role, TokenInfo, hash_token

Permission = str
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    "read": frozenset({"uploader", "reviewer", "admin"}),
    "upload": frozenset({"uploader", "admin"}),
    "edit": frozenset({"reviewer", "admin"}),
    "admin": frozenset({"admin"}),
}

_bearer = HTTPBearer(auto_error=False, description="An API token from `formtally token create`.")


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


# storage's authenticate() writes last_used_at on every call: a database write per request, which
# serialises reads under load on SQLite. Here the stamp is refreshed at most this often.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def lookup_token(session: Session, secret: str) -> TokenInfo | None:
    """The live token with this secret, or None; its last use is stamped at most once a minute."""
    row = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(secret))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands back naive UTC datetimes
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last > LAST_USED_RESOLUTION:
        session.execute(update(ApiTokenRow).where(ApiTokenRow.id == row.id).values(last_used_at=now))
    return TokenInfo.model_validate(row)


def current_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenInfo:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)")
    with store_of(request).transaction() as session:
        token = lookup_token(session, credentials.credentials)
    if token is None:
        raise ApiError(401, "unauthorized", "invalid or revoked token")
    return token


def require(permission: Permission) -> Callable[[TokenInfo], TokenInfo]:
    """A dependency that authenticates the caller and checks their role may do `permission`."""
    allowed = PERMISSIONS[permission]

    def check(token: Annotated[TokenInfo, Depends(current_token)]) -> TokenInfo:
        if token.role not in allowed:
            raise ApiError(403, "forbidden", f"role {token.role!r} may not {permission}")
        return token

    return check


Reader = Annotated[TokenInfo, Depends(require("read"))]
Uploader = Annotated[TokenInfo, Depends(require("upload"))]
Editor = Annotated[TokenInfo, Depends(require("edit"))]
Admin = Annotated[TokenInfo, Depends(require("admin"))]


def author_of(token: TokenInfo) -> str:
    """Who a correction is logged as: the token's name and id (names may repeat)."""
    return f"{token.name} (token {token.id})"
