"""Reviewer actions on a form: edits, undo and review status, each appended to the corrections log.

Every action names the form version the reviewer last saw; the row is updated only while it still
has that version (a conditional UPDATE), so two reviewers never overwrite each other silently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import EllipsisType
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models.paths import get_field, set_field
from models.record import Field, FieldValue, Form, ReviewStatus
from service.storage.errors import FormLocked, NotFound, StorageError, VersionConflict
from service.storage.forms import form_row
from service.storage.rows import form_columns, replace_findings, where_equal
from service.storage.schema import CorrectionRow, FormRow, ResultRow, utcnow

Reverify = Callable[[Form], Form]  # recomputes a form's findings (and review block) after an edit


class CorrectionInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    form_id: int
    document_id: int
    created_at: datetime
    author: str
    action: str
    path: str | None
    cell: str | None
    old_text: str | None
    new_text: str | None
    old_value: Any
    new_value: Any
    form_version: int
    engine_version: str
    undoes_id: int | None
    comment: str | None


def _parse(path: str, text: str, form: Form) -> FieldValue:
    from models.field_values import parse_for_path  # the value grammar lives in models

    return parse_for_path(path, text, funds_unit=form.funds.unit or "万元")


def apply_correction(
    session: Session,
    form_id: int,
    path: str,
    text: str | None,
    *,
    expected_version: int,
    author: str,
    value: FieldValue | EllipsisType = ...,
    cell: str | None = None,
    comment: str | None = None,
    reverify: Reverify | None = None,
    undoes_id: int | None = None,
) -> CorrectionInfo:
    """Set the field at record `path` to `text` (None removes it); `value=...` parses the text.

    Raises VersionConflict, FormLocked, NotFound, or StorageError for a path the form does not have.
    """
    row = _editable(session, form_id)
    form = Form.model_validate(row.record)
    try:
        old = get_field(form, path)
    except ValueError as exc:
        raise StorageError(f"form {form_id}: {exc}") from exc
    if text is None:
        new: Field | None = None
    else:
        parsed = _parse(path, text, form) if isinstance(value, EllipsisType) else value
        cells = old.cells if old is not None else ([cell] if cell else [])
        new = Field(text=text, value=parsed, confidence=1.0, cells=cells)  # a reviewer's word is sure
    updated = set_field(form, path, new)
    if updated.review.status in ("needs_review", "auto_ok"):
        updated.review.status = "in_review"
    if reverify is not None:
        updated = reverify(updated)
    version = _write(session, row, updated, expected_version, author)
    return _log(
        session,
        row,
        action="undo" if undoes_id is not None else "edit",
        author=author,
        version=version,
        path=path,
        cell=cell or (new.cells[0] if new is not None and new.cells else None),
        old=_snapshot(old),
        new=_snapshot(new),
        undoes_id=undoes_id,
        comment=comment,
    )


def correction_form(session: Session, correction_id: int) -> int:
    """The form a logged correction belongs to."""
    target = session.get(CorrectionRow, correction_id)
    if target is None:
        raise NotFound(f"no correction {correction_id}")
    return target.form_id


def undo_correction(
    session: Session,
    correction_id: int,
    *,
    expected_version: int,
    author: str,
    reverify: Reverify | None = None,
) -> CorrectionInfo:
    """Restore the field an edit changed to what it was before: a new correction, the log stays."""
    target = session.get(CorrectionRow, correction_id)
    if target is None:
        raise NotFound(f"no correction {correction_id}")
    if target.action == "review" or target.path is None:
        raise StorageError(f"correction {correction_id} is a review action; set the status instead")
    old = (
        Field.model_validate({"text": target.old_text, "value": target.old_value})
        if (target.old_text is not None)
        else None
    )
    return apply_correction(
        session,
        target.form_id,
        target.path,
        old.text if old is not None else None,
        value=old.value if old is not None else None,
        expected_version=expected_version,
        author=author,
        cell=target.cell,
        reverify=reverify,
        undoes_id=target.id,
    )


def set_review(
    session: Session,
    form_id: int,
    status: ReviewStatus,
    *,
    expected_version: int,
    reviewer: str,
    comment: str | None = None,
) -> CorrectionInfo:
    """Approve (locks the form), reject, or reopen (in_review / needs_review unlocks it)."""
    row = form_row(session, form_id)
    if row.locked and status == "approved":
        raise FormLocked(form_id)
    form = Form.model_validate(row.record)
    old_status = form.review.status
    form.review.status, form.review.comment = status, comment
    version = _write(session, row, form, expected_version, reviewer, locked=status == "approved")
    return _log(
        session,
        row,
        action="review",
        author=reviewer,
        version=version,
        path="review.status",
        cell=None,
        old=(old_status, None),
        new=(status, None),
        undoes_id=None,
        comment=comment,
    )


def list_corrections(
    session: Session, *, form_id: int | None = None, path: str | None = None, author: str | None = None
) -> list[CorrectionInfo]:
    """The log, oldest first (the history of one field when `path` is given)."""
    conditions = {CorrectionRow.form_id: form_id, CorrectionRow.path: path, CorrectionRow.author: author}
    stmt = where_equal(select(CorrectionRow), conditions)
    return [CorrectionInfo.model_validate(r) for r in session.scalars(stmt.order_by(CorrectionRow.id))]


def _snapshot(field: Field | None) -> tuple[str | None, Any]:
    """(text, JSON value) of a field for the log; (None, None) when the form had no such field."""
    if field is None:
        return None, None
    return field.text, field.model_dump(mode="json")["value"]


def _editable(session: Session, form_id: int) -> FormRow:
    row = form_row(session, form_id)
    if row.locked:
        raise FormLocked(form_id)
    if not row.current:
        raise StorageError(f"form {form_id} belongs to an older extraction of its document")
    return row


def _write(
    session: Session, row: FormRow, form: Form, expected: int, who: str, *, locked: bool = False
) -> int:
    """Store `form` as version expected+1 if the row still has version `expected`."""
    new_version = expected + 1
    form.review.version, form.review.reviewer = new_version, who
    now = utcnow()
    values = form_columns(form) | {
        "version": new_version,
        "reviewer": who,
        "locked": locked,
        "updated_at": now,
        "approved_at": now if locked else None,
    }
    stmt = (
        update(FormRow)
        .where(FormRow.id == row.id, FormRow.version == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if session.execute(stmt).rowcount != 1:  # type: ignore[attr-defined]
        actual = session.scalar(select(FormRow.version).where(FormRow.id == row.id))
        raise VersionConflict(row.id, expected, actual if actual is not None else -1)
    replace_findings(session, row.id, form)
    session.refresh(row)
    return new_version


def _log(
    session: Session,
    row: FormRow,
    *,
    action: str,
    author: str,
    version: int,
    path: str | None,
    cell: str | None,
    old: tuple[str | None, Any],
    new: tuple[str | None, Any],
    undoes_id: int | None,
    comment: str | None,
) -> CorrectionInfo:
    engine = session.scalar(select(ResultRow.engine_version).where(ResultRow.id == row.result_id))
    entry = CorrectionRow(
        form_id=row.id,
        document_id=row.document_id,
        author=author,
        action=action,
        path=path,
        cell=cell,
        old_text=old[0],
        new_text=new[0],
        old_value=old[1],
        new_value=new[1],
        form_version=version,
        engine_version=engine or "",
        undoes_id=undoes_id,
        comment=comment,
    )
    session.add(entry)
    session.flush()
    return CorrectionInfo.model_validate(entry)
