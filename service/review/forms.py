"""One form under review: its record with the tables and page images of its pages, reviewer edits
(re-verified, with repair suggestions), undo, history and the review decision.

Every write names the form version the reviewer saw, so a stale screen gets `VersionConflict`
instead of overwriting someone else's work; approved forms raise `FormLocked` until reopened.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from extraction.repair import suggest_repairs
from models.record import Form, PageInfo, RepairSuggestion, ReviewStatus, Table
from service.storage import (
    CorrectionInfo,
    FormSummary,
    StorageError,
    Store,
    apply_correction,
    get_form,
    list_corrections,
    set_review,
    undo_correction,
)
from service.storage.corrections import Reverify
from service.storage.documents import page_images
from service.storage.schema import DocumentRow, ResultRow
from verification import PROFILES, verify_form


class PageView(BaseModel):
    """A page image of the form's result: the PNG on disk and its PageInfo (cell bboxes refer to it)."""

    index: int
    path: Path
    width: int
    height: int
    info: PageInfo | None = None


class FormView(BaseModel):
    summary: FormSummary
    record: Form
    document_path: str
    tables: list[Table]  # the tables on the form's pages, for the grid overlay and cell crops
    pages: list[PageView]


def open_form(store: Store, form_id: int) -> FormView:
    """The form as corrected so far, with the tables and page images of its pages."""
    with store.reader() as session:
        detail = get_form(session, form_id)
        result = session.get(ResultRow, detail.summary.result_id)
        document = session.get(DocumentRow, detail.summary.document_id)
        images = page_images(session, detail.summary.result_id)
    payload = result.payload if result is not None else {}
    wanted = set(detail.record.pages) or {img.page_index for img in images}
    tables = [Table.model_validate(t) for t in payload.get("tables", []) if t.get("page") in wanted]
    infos = {p["index"]: PageInfo.model_validate(p) for p in payload.get("pages", [])}
    pages = [
        PageView(
            index=img.page_index,
            path=store.pages.path(img.sha256),
            width=img.width,
            height=img.height,
            info=infos.get(img.page_index),
        )
        for img in images
        if img.page_index in wanted
    ]
    return FormView(
        summary=detail.summary,
        record=detail.record,
        document_path=document.path if document is not None else "",
        tables=tables,
        pages=pages,
    )


def reverifier(profile: str = "national") -> Reverify:
    """Findings recomputed after an edit, with arithmetic repair suggestions; review state kept."""
    rules = PROFILES[profile]

    def reverify(form: Form) -> Form:
        checked = form.model_copy(update={"findings": verify_form(form, rules)})
        return checked.model_copy(update={"findings": suggest_repairs(checked, None, rules)})

    return reverify


class Edit(BaseModel):
    """One cell a reviewer changed: record path, the text on screen before, the new text."""

    path: str
    old: str | None
    new: str


def correct(
    store: Store,
    form_id: int,
    path: str,
    text: str,
    *,
    expected_version: int,
    author: str,
    profile: str = "national",
    comment: str | None = None,
) -> CorrectionInfo:
    """One reviewer edit, logged and re-verified in one transaction (VersionConflict, FormLocked)."""
    edit = Edit(path=path, old=None, new=text)
    return correct_many(
        store,
        form_id,
        [edit],
        expected_version=expected_version,
        author=author,
        profile=profile,
        comment=comment,
    )[-1]


def correct_many(
    store: Store,
    form_id: int,
    edits: list[Edit],
    *,
    expected_version: int,
    author: str,
    profile: str = "national",
    comment: str | None = None,
) -> list[CorrectionInfo]:
    """Several edits of one screen, all or none: each logged, the form re-verified after the last."""
    if not edits:
        raise StorageError("no edits to apply")
    done: list[CorrectionInfo] = []
    version = expected_version
    with store.transaction() as session:
        for i, edit in enumerate(edits):
            info = apply_correction(
                session,
                form_id,
                edit.path,
                edit.new,
                expected_version=version,
                author=reviewer_name(author),
                comment=comment,
                reverify=reverifier(profile) if i == len(edits) - 1 else None,  # final state suffices
            )
            done.append(info)
            version = info.form_version
    return done


def accept_suggestion(
    store: Store,
    form_id: int,
    suggestion: RepairSuggestion,
    *,
    expected_version: int,
    author: str,
    profile: str = "national",
) -> CorrectionInfo:
    """Apply an arithmetic repair suggestion as the reviewer's own edit (never applied silently)."""
    rules = "、".join(suggestion.rules_fixed)
    return correct(
        store,
        form_id,
        suggestion.path,
        suggestion.new_text,
        expected_version=expected_version,
        author=author,
        profile=profile,
        comment=f"采纳修复建议：{suggestion.reason}（修复 {rules}）",
    )


def undo(
    store: Store, correction_id: int, *, expected_version: int, author: str, profile: str = "national"
) -> CorrectionInfo:
    with store.transaction() as session:
        return undo_correction(
            session,
            correction_id,
            expected_version=expected_version,
            author=reviewer_name(author),
            reverify=reverifier(profile),
        )


def history(store: Store, form_id: int, path: str | None = None) -> list[CorrectionInfo]:
    """The form's corrections log (one field's when `path` is given), newest first."""
    with store.reader() as session:
        return list(reversed(list_corrections(session, form_id=form_id, path=path)))


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


def reviewer_name(name: str) -> str:
    """The author of a change: required, trimmed."""
    name = name.strip()
    if not name:
        raise StorageError("reviewer name is required for every change")
    return name
