"""Learned synonyms: label spellings reviewers mapped to canonical fields, fed to later extractions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.storage.errors import NotFound, StorageError
from service.storage.schema import SynonymRow, utcnow


class SynonymInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    canonical_path: str
    spelling: str
    created_by: str
    created_at: datetime
    active: bool
    changed_by: str | None
    changed_at: datetime | None


def add_synonym(session: Session, canonical_path: str, spelling: str, author: str) -> SynonymInfo:
    """Learn `spelling` for `canonical_path` (`<label group>.<id>` as extraction.mapping reads it, e.g. "header.impl_unit"); re-adding reactivates it."""
    spelling = spelling.strip()
    if not spelling or not canonical_path:
        raise StorageError("a synonym needs a canonical path and a non-empty spelling")
    row = session.scalars(
        select(SynonymRow).where(SynonymRow.canonical_path == canonical_path, SynonymRow.spelling == spelling)
    ).one_or_none()
    if row is None:
        row = SynonymRow(canonical_path=canonical_path, spelling=spelling, created_by=author, active=True)
        session.add(row)
    elif not row.active:
        row.active, row.changed_by, row.changed_at = True, author, utcnow()
    session.flush()
    return SynonymInfo.model_validate(row)


def list_synonyms(session: Session, *, active_only: bool = False) -> list[SynonymInfo]:
    stmt = select(SynonymRow).order_by(SynonymRow.canonical_path, SynonymRow.spelling)
    if active_only:
        stmt = stmt.where(SynonymRow.active.is_(True))
    return [SynonymInfo.model_validate(r) for r in session.scalars(stmt)]


def set_synonym_active(session: Session, synonym_id: int, active: bool, author: str) -> SynonymInfo:
    """Revoke (active=False) or restore a synonym; the row stays for the record."""
    row = session.get(SynonymRow, synonym_id)
    if row is None:
        raise NotFound(f"no synonym {synonym_id}")
    row.active, row.changed_by, row.changed_at = active, author, utcnow()
    session.flush()
    return SynonymInfo.model_validate(row)


def delete_synonym(session: Session, synonym_id: int) -> None:
    if session.execute(delete(SynonymRow).where(SynonymRow.id == synonym_id)).rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound(f"no synonym {synonym_id}")


def active_synonyms(session: Session) -> dict[str, tuple[str, ...]]:
    """canonical path → spellings, the shape of extraction's ExtractOptions.extra_synonyms."""
    learned: dict[str, list[str]] = {}
    for row in list_synonyms(session, active_only=True):
        learned.setdefault(row.canonical_path, []).append(row.spelling)
    return {path: tuple(spellings) for path, spellings in learned.items()}
