"""Reviewer actions on a form: edits, undo and the review decision.

Every write names the form version the reviewer saw, so a stale screen gets `VersionConflict`
instead of overwriting someone else's work; approved forms raise `FormLocked` until reopened. The
form is re-verified once, after the last edit, with the rule profile its extraction used.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session

from extraction.assess import reassess_review
from extraction.repair import suggest_repairs
from models.record import Form, ReviewStatus
from service.storage import (
    CorrectionInfo,
    StorageError,
    Store,
    apply_correction,
    set_review,
    undo_correction,
)
from service.storage.corrections import Reverify, correction_form
from service.storage.forms import form_profile
from verification import PROFILES, verify_form

DEFAULT_PROFILE = "national"  # for results stored before the profile was recorded


class Edit(BaseModel):
    """One field a reviewer changed: record path, the text on screen before, the new text (None
    removes the field)."""

    path: str
    old: str | None = None
    new: str | None


def reverifier(profile: str = DEFAULT_PROFILE) -> Reverify:
    """Findings recomputed with arithmetic repair suggestions, and the review risk refreshed; the
    review status is the reviewer's."""
    rules = PROFILES[profile]

    def reverify(form: Form) -> Form:
        checked = form.model_copy(update={"findings": verify_form(form, rules)})
        checked = checked.model_copy(update={"findings": suggest_repairs(checked, None, rules)})
        return reassess_review(checked)

    return reverify


def _reverifier_of(session: Session, form_id: int) -> Reverify:
    profile = form_profile(session, form_id) or DEFAULT_PROFILE
    return reverifier(profile if profile in PROFILES else DEFAULT_PROFILE)


def reviewer_name(name: str) -> str:
    """The author of a change: required, trimmed."""
    name = name.strip()
    if not name:
        raise StorageError("reviewer name is required for every change")
    return name


def correct(
    store: Store,
    form_id: int,
    edits: list[Edit],
    *,
    expected_version: int,
    author: str,
    comment: str | None = None,
) -> list[CorrectionInfo]:
    """Several edits of one screen, all or none: each logged, the form re-verified after the last."""
    if not edits:
        raise StorageError("no edits to apply")
    author = reviewer_name(author)
    done: list[CorrectionInfo] = []
    version = expected_version
    with store.transaction() as session:
        reverify = _reverifier_of(session, form_id)
        for i, edit in enumerate(edits):
            info = apply_correction(
                session,
                form_id,
                edit.path,
                edit.new,
                expected_version=version,
                author=author,
                comment=comment,
                reverify=reverify if i == len(edits) - 1 else None,  # the final state suffices
            )
            done.append(info)
            version = info.form_version
    return done


def undo(store: Store, correction_id: int, *, expected_version: int, author: str) -> CorrectionInfo:
    """Restore the field an edit changed to what it was before: a new correction, the log stays."""
    with store.transaction() as session:
        form_id = correction_form(session, correction_id)
        return undo_correction(
            session,
            correction_id,
            expected_version=expected_version,
            author=reviewer_name(author),
            reverify=_reverifier_of(session, form_id),
        )


def decide(
    store: Store,
    form_id: int,
    status: ReviewStatus,
    *,
    expected_version: int,
    reviewer: str,
    comment: str | None = None,
) -> CorrectionInfo:
    """Approve (locks the form), reject, or reopen (status in_review unlocks it)."""
    with store.transaction() as session:
        return set_review(
            session,
            form_id,
            status,
            expected_version=expected_version,
            reviewer=reviewer_name(reviewer),
            comment=comment or None,
        )
