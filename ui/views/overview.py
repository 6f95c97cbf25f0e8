"""总览: findings by rule and by department, forms by review status, the confidence of the values
read and the scan's throughput. A click on a bar, or the link under a chart, opens the queue
filtered to it."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from service import review
from service.review import Count, QueueFilters
from ui import state
from ui.labels import SEVERITY_LABELS, STATUS_LABELS, rule_label
from ui.panels.progress import progress_text

# Calm → loud, as everywhere in the app.
SEVERITY_COLOURS = {"错误": "#dc2626", "警告": "#d97706", "提示": "#6b7280"}
BAND_COLOURS = ["#16a34a", "#86efac", "#f59e0b", "#dc2626"]


def _filter_queue(filters: QueueFilters) -> None:
    """Callback: the queue's filters; the next run switches page (not allowed inside a callback)."""
    state.set_filters(filters)
    for key in ("f_status", "f_dept", "f_year", "f_rule", "f_reviewer"):
        st.session_state.pop(key, None)  # the queue's selectboxes start from the new filters
    st.session_state["goto_queue"] = True


def _open_queue(filters: QueueFilters) -> None:
    _filter_queue(filters)
    st.switch_page(state.PAGES["queue"])


def _frame(counts: list[Count], label: Any = str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "key": c.key,
                "label": label(c.key),
                "severity": SEVERITY_LABELS.get(c.severity, c.severity),  # type: ignore[call-overload]
                "count": c.count,
            }
            for c in counts
        ],
        columns=["key", "label", "severity", "count"],
    )


def _bars(frame: pd.DataFrame, name: str, title: str, colour: alt.Color | alt.Value) -> str | None:
    """A horizontal bar chart; the key of the bar clicked, if any."""
    pick = alt.selection_point(name="pick", fields=["key"])
    chart = (
        alt.Chart(frame, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            x=alt.X("sum(count):Q", title="数量"),
            color=colour,
            tooltip=["label", "severity", "count"],
        )
        .add_params(pick)
    )
    generation = st.session_state.setdefault("chart_gen", 0)
    event = st.altair_chart(chart, on_select="rerun", key=f"{name}-{generation}", width="stretch")
    points = (event.get("selection") or {}).get("pick") or [] if isinstance(event, dict) else []
    if not points or "key" not in points[0]:
        return None
    st.session_state["chart_gen"] = generation + 1  # a fresh chart next time: the click is not kept
    return str(points[0]["key"])


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def _severity_colour() -> alt.Color:
    return alt.Color(
        "severity:N",
        scale=alt.Scale(domain=list(SEVERITY_COLOURS), range=list(SEVERITY_COLOURS.values())),
        title="严重程度",
    )


def _links(items: list[tuple[str, QueueFilters]], per_row: int = 3, limit: int = 9) -> None:
    """Buttons under a chart, each opening the queue filtered to one of its bars."""
    items = items[:limit]
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, (label, filters) in zip(cols, items[start : start + per_row], strict=False):
            col.button(label, key=f"link-{label}", on_click=_filter_queue, args=(filters,), width="stretch")


if st.session_state.pop("goto_queue", False):
    st.switch_page(state.PAGES["queue"])
st.title("总览")
data = review.overview(state.store())
progress = review.scan_progress(state.store())
if not data.forms_by_status:
    st.info("还没有识别完成的表单。先运行 `formtally scan 文件夹` 处理扫描件。")
    st.stop()
total = sum(c.count for c in data.forms_by_status)
cols = st.columns(4)
cols[0].metric("表单", total)
open_forms = sum(c.count for c in data.forms_by_status if c.key in review.OPEN_STATUSES)
cols[1].metric("待审核", open_forms)
cols[2].metric("错误", sum(c.count for c in data.findings_by_rule if c.severity == "error"))
cols[3].metric("文件", f"{progress.done} / {progress.total}")

left, right = st.columns(2, gap="large")
with left:
    picked = _bars(_frame(data.findings_by_rule, rule_label), "by_rule", "问题（按规则）", _severity_colour())
    if picked:
        _open_queue(QueueFilters(rule=picked))
    _links(
        [
            (f"查看 {rule_label(c.key)}", QueueFilters(rule=c.key))
            for c in data.findings_by_rule
            if c.severity == "error"
        ]
    )
with right:
    picked = _bars(
        _frame(data.findings_by_department, lambda d: d or "（未识别）"),
        "by_department",
        "问题（按主管部门）",
        _severity_colour(),
    )
    if picked:
        _open_queue(QueueFilters(department=picked or None))
    departments = list(dict.fromkeys(c.key for c in data.findings_by_department if c.key))
    _links([(f"查看 {d}", QueueFilters(department=d)) for d in departments])

left, right = st.columns(2, gap="large")
with left:
    picked = _bars(
        _frame(data.forms_by_status, status_label), "by_status", "表单（按审核状态）", alt.value("#2563eb")
    )
    if picked:
        _open_queue(QueueFilters(status=picked))
    _links([(f"查看{status_label(c.key)}", QueueFilters(status=c.key)) for c in data.forms_by_status])
with right:
    bands = _frame(data.confidence)
    colour = alt.Color(
        "label:N", scale=alt.Scale(domain=list(bands["label"]), range=BAND_COLOURS), legend=None
    )
    _bars(bands, "confidence", f"识别置信度（{data.sampled_forms} 份表单的全部值）", colour)
    _links([("查看待审核（低置信度在前）", QueueFilters(status="needs_review"))])

st.subheader("识别进度")
if progress.active:
    st.progress((progress.done + progress.failed) / max(1, progress.total), text=progress_text(progress))
if data.throughput:
    frame = pd.DataFrame([{"分钟 (UTC)": c.key, "文件": c.count} for c in data.throughput])
    st.bar_chart(frame, x="分钟 (UTC)", y="文件", height=220)
    st.caption(f"近两小时每分钟完成的文件数；共 {sum(c.count for c in data.throughput)} 个。")
else:
    st.caption("近两小时没有完成识别的文件。")
_links([("查看全部表单", QueueFilters())])
