"""修改记录: who changed what and when (old → new), undo, and the history of one field."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.record import Form
from service import review
from service.storage import CorrectionInfo
from ui import state
from ui.actions import run_action
from ui.labels import ACTION_LABELS, STATUS_LABELS, path_label

COLUMNS = ["时间", "审核人", "操作", "字段", "原值", "新值", "版本", "备注"]


def _text(entry: CorrectionInfo, text: str | None) -> str:
    if entry.action == "review" and text:
        return STATUS_LABELS.get(text, text)  # type: ignore[call-overload]
    return "（空）" if text in (None, "") else str(text)


def frame(entries: list[CorrectionInfo], form: Form) -> pd.DataFrame:
    rows = [
        {
            "时间": e.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            "审核人": e.author,
            "操作": ACTION_LABELS.get(e.action, e.action),
            "字段": "审核状态" if e.action == "review" else path_label(e.path or "", form),
            "原值": _text(e, e.old_text),
            "新值": _text(e, e.new_text),
            "版本": e.form_version,
            "备注": e.comment or "",
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def _undo(form_id: int, version: int, correction_id: int, label: str) -> None:
    run_action(
        form_id,
        lambda who: review.undo(state.store(), correction_id, expected_version=version, author=who),
        success=f"已撤销对「{label}」的修改。",
    )


def render_recent(form: Form, form_id: int, version: int, *, editable: bool, limit: int = 5) -> None:
    """The latest changes and an undo of the newest edit, beside the findings."""
    entries = review.history(state.store(), form_id)
    st.subheader("最近修改")
    if not entries:
        st.caption("尚无修改记录。")
        return
    recent = frame(entries[:limit], form)[["时间", "审核人", "字段", "原值", "新值", "版本"]]
    recent["时间"] = recent["时间"].str[5:]  # the year is noise beside today's work
    with st.container(key="recent-changes"):
        st.table(recent.set_index("时间"))
    edits = [e for e in entries if e.action in ("edit", "undo") and e.path]
    if edits:
        last = edits[0]
        label = path_label(last.path or "", form)
        st.button(
            f"撤销最近一次修改（{label}：{_text(last, last.old_text)} ← {_text(last, last.new_text)}）",
            key=f"undo-last-{form_id}-v{version}",
            on_click=_undo,
            args=(form_id, version, last.id, label),
            disabled=not editable,
            icon=":material/undo:",
            shortcut="Alt+U",
        )


def render_full(form: Form, form_id: int, version: int, *, editable: bool) -> None:
    """Every change of the form, one field's history, and undo of any edit."""
    entries = review.history(state.store(), form_id)
    if not entries:
        st.caption("尚无修改记录。")
        return
    paths = list(dict.fromkeys(e.path for e in entries if e.path and e.action != "review"))
    choice = st.selectbox(
        "字段历史", [None, *paths], format_func=lambda p: "全部字段" if p is None else path_label(p, form),
        key=f"hist-field-{form_id}",
    )  # fmt: skip
    shown = entries if choice is None else review.history(state.store(), form_id, choice)
    st.dataframe(frame(shown, form), hide_index=True, key=f"hist-{form_id}-v{version}")
    undoable = [e for e in shown if e.action in ("edit", "undo") and e.path]
    if undoable:
        names = {
            e.id: f"修改 #{e.id} {path_label(e.path or '', form)}：{_text(e, e.old_text)} → {_text(e, e.new_text)}"
            for e in undoable
        }
        picked = st.selectbox(
            "撤销所选修改（恢复为修改前的值）",
            list(names),
            format_func=names.__getitem__,
            key=f"undo-pick-{form_id}",
        )
        if picked is not None:
            st.button(
                "撤销所选修改",
                key=f"undo-{form_id}-v{version}",
                on_click=_undo,
                args=(
                    form_id,
                    version,
                    int(picked),
                    path_label(next(e.path or "" for e in undoable if e.id == picked), form),
                ),
                disabled=not editable,
            )
