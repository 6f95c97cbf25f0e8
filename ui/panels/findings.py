"""The findings of the form as last re-verified, each repair suggestion a one-click fix."""

from __future__ import annotations

import streamlit as st

from models.record import RepairSuggestion
from service import review
from service.review import FormView
from ui import state
from ui.actions import run_action
from ui.labels import SEVERITY_BADGES, SEVERITY_LABELS, path_label, rule_label
from ui.tables import WIDE_RULES, marked


def _accept(form_id: int, version: int, suggestion: RepairSuggestion, label: str) -> None:
    run_action(
        form_id,
        lambda who: review.accept_suggestion(
            state.store(), form_id, suggestion, expected_version=version, author=who
        ),
        success=f"已采纳修复建议：{label} {suggestion.old_text} → {suggestion.new_text}",
    )


def render(view: FormView, version: int, *, editable: bool) -> None:
    findings = view.record.findings
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    st.subheader(f"发现的问题（错误 {errors}，警告 {warnings}）")
    if not findings:
        st.success("全部规则校验通过。")
        return
    form_id = view.summary.id
    for i, finding in enumerate(findings):
        with st.container(border=True, key=f"finding-{i}"):
            st.markdown(
                f"{SEVERITY_BADGES[finding.severity]} **{rule_label(finding.rule)}** · "
                f"{SEVERITY_LABELS[finding.severity]}　{finding.message}"
            )
            paths, _ = marked(finding, view.record)
            if finding.rule in WIDE_RULES and len(finding.paths) > len(paths):
                # every weight or score: the total is marked, the rest listed when asked for
                st.caption("标记：" + "、".join(path_label(p, view.record) for p in paths))
                with st.popover(f"列出涉及的 {len(finding.paths)} 个值", key=f"cells-{i}"):
                    st.markdown("\n".join(f"- {path_label(p, view.record)}" for p in finding.paths))
            elif finding.paths:
                st.caption("涉及：" + "、".join(path_label(p, view.record) for p in finding.paths[:6]))
            for j, suggestion in enumerate(finding.suggestions):
                label = path_label(suggestion.path, view.record)
                st.button(
                    f"采纳：{label} {suggestion.old_text} → {suggestion.new_text}"
                    f"（{suggestion.reason}，修复 {'、'.join(suggestion.rules_fixed)}）",
                    key=f"sug-{form_id}-v{version}-{i}-{j}",
                    on_click=_accept,
                    args=(form_id, version, suggestion, label),
                    disabled=not editable,
                    icon=":material/build:",
                )
