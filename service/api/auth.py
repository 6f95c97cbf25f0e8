"""Bearer-token authentication and role checks.

Permissions: every role reads; uploaders and admins upload; reviewers and admins edit forms;
only admins manage tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.api.errors import ApiError
from service.storage import Store
from service.storage.tokens import Role, TokenInfo, authenticate

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


def current_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TokenInfo:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)")
    with store_of(request).transaction() as session:
        token = authenticate(session, credentials.credentials)
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
