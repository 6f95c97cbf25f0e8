"""API tokens for the REST service: only a SHA-256 of the secret is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.storage.errors import NotFound
from service.storage.schema import ApiTokenRow, utcnow

Role = Literal["reviewer", "uploader", "admin"]
PREFIX = "ft_"
# A last-use stamp on every request would be a database write per request, which serialises reads
# under load on SQLite; the stamp is refreshed at most this often.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    created_by: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    session: Session, name: str, role: Role, created_by: str | None = None
) -> tuple[str, TokenInfo]:
    """A new token: (the secret, shown once and never stored, and its record)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(name=name, role=role, token_hash=hash_token(secret), created_by=created_by)
    session.add(row)
    session.flush()
    return secret, TokenInfo.model_validate(row)


def authenticate(session: Session, secret: str) -> TokenInfo | None:
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
        session.refresh(row)
    return TokenInfo.model_validate(row)


def revoke_token(session: Session, token_id: int) -> TokenInfo:
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFound(f"no token {token_id}")
    row.revoked_at = row.revoked_at or utcnow()
    session.flush()
    return TokenInfo.model_validate(row)


def list_tokens(session: Session) -> list[TokenInfo]:
    return [
        TokenInfo.model_validate(r) for r in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))
    ]
