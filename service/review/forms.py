"""One form under review: its record with the tables and page images of its pages, reviewer edits
(re-verified, with repair suggestions), undo, history and the review decision.

The writes are the use cases of service.app (shared with the REST API); this module adds what
the review screen needs around them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from models.record import Form, PageInfo, RepairSuggestion, Table
from service.app import Edit, decide, reverifier, reviewer_name, undo
from service.app import correct as correct_many
from service.storage import CorrectionInfo, FormSummary, Store, get_form, list_corrections
from service.storage.documents import form_pages

__all__ = [
    "Edit",
    "FormView",
    "PageView",
    "accept_suggestion",
    "correct",
    "correct_many",
    "decide",
    "history",
    "open_form",
    "reverifier",
    "reviewer_name",
    "undo",
]


class PageView(BaseModel):
    """A page image of the form's result: the file on disk (JPEG; PNG if stored before JPEG) and its
    PageInfo (cell bboxes refer to it)."""

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
        payload, document_path, images = form_pages(session, detail.summary.result_id)
    wanted = set(detail.record.pages) or {img.index for img in images}
    tables = [Table.model_validate(t) for t in payload.get("tables", []) if t.get("page") in wanted]
    infos = {p["index"]: PageInfo.model_validate(p) for p in payload.get("pages", [])}
    pages = [
        PageView(
            index=img.index,
            path=store.pages.path(img.sha256),
            width=img.width,
            height=img.height,
            info=infos.get(img.index),
        )
        for img in images
        if img.index in wanted
    ]
    return FormView(
        summary=detail.summary,
        record=detail.record,
        document_path=document_path,
        tables=tables,
        pages=pages,
    )


def correct(
    store: Store,
    form_id: int,
    path: str,
    text: str,
    *,
    expected_version: int,
    author: str,
    comment: str | None = None,
) -> CorrectionInfo:
    """One reviewer edit, logged and re-verified in one transaction (VersionConflict, FormLocked)."""
    edit = Edit(path=path, old=None, new=text)
    return correct_many(
        store, form_id, [edit], expected_version=expected_version, author=author, comment=comment
    )[-1]


def accept_suggestion(
    store: Store, form_id: int, suggestion: RepairSuggestion, *, expected_version: int, author: str
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
        comment=f"采纳修复建议：{suggestion.reason}（修复 {rules}）",
    )


def history(store: Store, form_id: int, path: str | None = None) -> list[CorrectionInfo]:
    """The form's corrections log (one field's when `path` is given), newest first."""
    with store.reader() as session:
        return list(reversed(list_corrections(session, form_id=form_id, path=path)))
