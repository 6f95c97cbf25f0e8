"""Request and response bodies of the REST API (pydantic v2); the result contract is models.record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from models.record import Document, Finding, Form
from service.storage.documents import FormReference
from service.storage.forms import FindingEntry
from service.storage.tokens import Role


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# SQLite hands back naive datetimes (stored as UTC); RFC 3339 wants the offset.
Timestamp = Annotated[datetime, AfterValidator(_utc)]

# The grammar of models.paths; whether the form has that field is checked when applying.
PATH_PATTERN = (
    r"^(fields\.\w+|funds\.\w+(\[\d+\])?\.\w+|indicators\[\d+\]\.(extra\..+|\w+)|level1_weights\..+)$"
)
DocumentStatus = Literal["queued", "running", "done", "failed"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UploadedDocument(BaseModel):
    id: int
    name: str  # the client's file name, cleaned; informational only, never a path
    sha256: str
    media_type: str
    size_bytes: int
    page_count: int
    status: DocumentStatus
    duplicate: bool = Field(description="the same bytes were uploaded or scanned before")


class UploadResponse(BaseModel):
    documents: list[UploadedDocument]


class FormRef(FormReference):
    """A form of the current result: its id (PATCH takes it) and review state."""


class DocumentResponse(BaseModel):
    id: int
    name: str
    status: DocumentStatus
    error: str | None
    sha256: str
    media_type: str
    size_bytes: int
    page_count: int | None
    created_at: Timestamp
    finished_at: Timestamp | None
    forms: list[FormRef] = Field(description="forms of the current result, with the ids PATCH takes")
    result: Document | None = Field(description="the result contract (forms as corrected); null until done")


class Correction(_Body):
    path: str = Field(
        max_length=300,
        pattern=PATH_PATTERN,
        examples=["funds.total.exec_score", "indicators[3].score"],
        description="a record path (models.paths)",
    )
    text: str | None = Field(
        max_length=10_000, description="the corrected printed text; null removes the field"
    )


class CorrectionRequest(_Body):
    # bounded: the database column is 32-bit, and 2**70 overflowed into a 500
    version: int = Field(ge=0, le=2**31 - 1, description="the form version the client last saw")
    corrections: list[Correction] = Field(min_length=1, max_length=200)
    comment: str | None = Field(default=None, max_length=2000)


class FormResponse(BaseModel):
    id: int
    document_id: int
    form_key: str
    version: int
    review_status: str
    locked: bool
    reviewer: str | None
    record: Form
    findings: list[Finding]


class FindingItem(FindingEntry):
    """A finding of a current form, with its form's document and review status."""


class FindingsPage(BaseModel):
    items: list[FindingItem]
    total: int
    limit: int
    offset: int


class WorkerHealth(BaseModel):
    configured: int
    alive: int


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unavailable"]
    workers: WorkerHealth


class TokenCreate(_Body):
    name: str = Field(min_length=1, max_length=200)
    role: Role


class TokenView(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    created_by: str | None
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class TokenCreated(BaseModel):
    token: str = Field(description="the secret: shown once, only its SHA-256 is stored")
    info: TokenView
