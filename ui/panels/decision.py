"""审核结论 (approve locks, reject needs a comment, reopen unlocks) and 未映射标签 (learn a label)."""

from __future__ import annotations

import streamlit as st

from models.record import ReviewStatus
from service import review
from service.review import FormView
from ui import state
from ui.actions import run_action
from ui.labels import STATUS_LABELS

VERBS: dict[ReviewStatus, str] = {"approved": "审核通过", "rejected": "退回", "in_review": "重新打开"}


def _decide(form_id: int, version: int, status: ReviewStatus, comment_key: str) -> None:
    comment = str(st.session_state.get(comment_key, "")).strip()
    if status == "rejected" and not comment:
        state.flash("退回时请填写审核意见，说明需要修改的内容。", "warning")
        return
    run_action(
        form_id,
        lambda who: review.decide(
            state.store(), form_id, status, expected_version=version, reviewer=who, comment=comment
        ),
        success=f"已{VERBS[status]}（{STATUS_LABELS[status]}）。",
    )


def render(view: FormView, version: int, *, has_reviewer: bool) -> None:
    form_id = view.summary.id
    st.subheader("审核结论")
    if view.summary.locked:
        st.info(f"此表已审核通过并锁定（审核人：{view.summary.reviewer or '—'}）。如需修改请先重新打开。")
        st.button(
            "重新打开",
            key=f"reopen-{form_id}-v{version}",
            on_click=_decide,
            args=(form_id, version, "in_review", f"comment-{form_id}"),
            disabled=not has_reviewer,
        )
        return
    comment_key = f"comment-{form_id}"
    st.text_area("审核意见", key=comment_key, placeholder="退回时必填；通过时可选")
    c_ok, c_reject = st.columns(2)
    c_ok.button(
        "审核通过",
        key=f"approve-{form_id}-v{version}",
        type="primary",
        icon=":material/check_circle:",
        on_click=_decide,
        args=(form_id, version, "approved", comment_key),
        disabled=not has_reviewer,
        shortcut="Alt+A",
        width="stretch",
    )
    c_reject.button(
        "退回",
        key=f"reject-{form_id}-v{version}",
        on_click=_decide,
        args=(form_id, version, "rejected", comment_key),
        icon=":material/reply:",
        disabled=not has_reviewer,
        width="stretch",
    )


def _learn(form_id: int, version: int, label: str, target_key: str, fill_key: str) -> None:
    target = st.session_state.get(target_key)
    if not target:
        state.flash("请选择要映射到的表单字段。", "warning")
        return
    fill = bool(st.session_state.get(fill_key))
    run_action(
        form_id,
        lambda who: review.learn_label(
            state.store(), form_id, label, str(target), author=who, expected_version=version,
            fill_field=fill,
        ),
        success=f"已学习：「{label}」今后识别为 {review.canonical_targets()[str(target)]}。",
    )  # fmt: skip


def render_unmapped(view: FormView, version: int, *, editable: bool) -> None:
    """Labels the mapper matched to nothing: map one to a canonical field and it is learned."""
    form_id = view.summary.id
    if not view.record.unmapped:
        st.caption("此表没有未映射的标签。")
        return
    targets = review.canonical_targets()
    for i, row in enumerate(view.record.unmapped):
        with st.container(border=True, key=f"unmapped-{i}"):
            st.markdown(f"**{row.label}**　{row.text or ''}")
            c_target, c_fill, c_go = st.columns([3, 2, 1], vertical_alignment="bottom")
            target_key, fill_key = f"map-{form_id}-{i}", f"fill-{form_id}-{i}"
            c_target.selectbox(
                "对应的表单字段", list(targets), index=None, format_func=targets.__getitem__, key=target_key,
                placeholder="选择字段…",
            )  # fmt: skip
            c_fill.checkbox(
                "同时填入此表", key=fill_key, help="表头字段：把这一行的内容写入该字段（记入修改记录）"
            )
            c_go.button(
                "学习",
                key=f"learn-{form_id}-v{version}-{i}",
                on_click=_learn,
                args=(form_id, version, row.label, target_key, fill_key),
                disabled=not editable,
            )
