"""The database schema as typed SQLAlchemy 2 ORM classes.

Alembic migrations in `migrations/versions/` must produce exactly this schema; a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DOCUMENT_STATUSES = ("queued", "running", "done", "failed")
JOB_STATUSES = ("queued", "running", "done", "failed")
REVIEW_STATUSES = ("needs_review", "auto_ok", "in_review", "approved", "rejected")
ROLES = ("reviewer", "uploader", "admin")
CORRECTION_ACTIONS = ("edit", "undo", "review")

# JSONB on PostgreSQL (indexable, compact), plain JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    # Deterministic constraint names so migrations and downgrades can address them on every backend.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (CheckConstraint(_in("status", DOCUMENT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)  # first path it was seen under; aliases in document_paths
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    page_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DocumentPathRow(Base):
    """Every path a document's bytes were found under: a copy or a rename is an alias, not new work."""

    __tablename__ = "document_paths"
    __table_args__ = (UniqueConstraint("document_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResultRow(Base):
    """One extraction of a document, immutable: the JSON contract as the engine produced it."""

    __tablename__ = "results"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, … per document (`scan --force` adds one)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    engine_version: Mapped[str] = mapped_column(String(32))
    ocr_engine: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PageImageRow(Base):
    """A prepared page image of a result: a JPEG at <data>/pages/<sha[:2]>/<sha>.jpg (a .png in a
    data directory written before JPEG; PageStore.path finds either)."""

    __tablename__ = "page_images"
    __table_args__ = (UniqueConstraint("result_id", "page_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    page_index: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class FormRow(Base):
    """One form of a result with its review state; `record` is the Form as corrected so far."""

    __tablename__ = "forms"
    __table_args__ = (
        UniqueConstraint("result_id", "form_key"),
        CheckConstraint(_in("review_status", REVIEW_STATUSES), name="review_status"),
        Index(None, "current", "review_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), index=True)
    form_key: Mapped[str] = mapped_column(String(32))  # Form.id within the result, e.g. "f0"
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str] = mapped_column(String(32))
    layout: Mapped[str] = mapped_column(String(32))
    project_name: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text, index=True)
    impl_unit: Mapped[str | None] = mapped_column(Text)
    fiscal_year: Mapped[int | None] = mapped_column(Integer, index=True)
    risk: Mapped[float] = mapped_column(Float, default=0.0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    warning_count: Mapped[int] = mapped_column(Integer, default=0)
    review_status: Mapped[str] = mapped_column(String(16), default="needs_review")
    version: Mapped[int] = mapped_column(Integer, default=0)  # optimistic lock: +1 on every change
    reviewer: Mapped[str | None] = mapped_column(String(200))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)  # approved forms refuse edits
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    record: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FindingRow(Base):
    """The current findings of a form, replaced whenever the form is re-verified."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    rule: Mapped[str] = mapped_column(String(16), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    cells: Mapped[list[str]] = mapped_column(Json, default=list)
    paths: Mapped[list[str]] = mapped_column(Json, default=list)
    expected: Mapped[Any] = mapped_column(Json, nullable=True)
    found: Mapped[Any] = mapped_column(Json, nullable=True)


class CorrectionRow(Base):
    """Append-only log of every reviewer action; an undo is a new row pointing at the one it undoes."""

    __tablename__ = "corrections"
    __table_args__ = (CheckConstraint(_in("action", CORRECTION_ACTIONS), name="action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    author: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    path: Mapped[str | None] = mapped_column(String(300), index=True)  # record path (models.paths)
    cell: Mapped[str | None] = mapped_column(String(64))
    old_text: Mapped[str | None] = mapped_column(Text)
    new_text: Mapped[str | None] = mapped_column(Text)
    old_value: Mapped[Any] = mapped_column(Json, nullable=True)
    new_value: Mapped[Any] = mapped_column(Json, nullable=True)
    form_version: Mapped[int] = mapped_column(Integer)  # the form's version after this action
    engine_version: Mapped[str] = mapped_column(String(32))
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("corrections.id"))
    comment: Mapped[str | None] = mapped_column(Text)


class SynonymRow(Base):
    """A label spelling a reviewer mapped to a canonical field; active ones feed the next extractions."""

    __tablename__ = "synonyms"
    __table_args__ = (UniqueConstraint("canonical_path", "spelling"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_path: Mapped[str] = mapped_column(String(200), index=True)
    spelling: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_by: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobRow(Base):
    """Work for the REST service's background workers; a lease that expires is picked up again."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_in("status", JOB_STATUSES), name="status"),
        Index(None, "status", "lease_expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="extract")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """An API token; only its SHA-256 is stored, the secret is shown once at creation."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
