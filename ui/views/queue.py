"""审核队列: documents and forms riskiest first, filters, counts, and the next form to review."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from service import review
from service.review import QueueEntry, QueueFilters
from ui import state
from ui.labels import STATUS_LABELS, rule_label

ANY = "全部"
# Two numberings: forms (what the review page, ?form= and `formtally export --form` take) and
# documents (`--document`, /v1/documents); each column says which it is.
FORM_ID, DOCUMENT_ID = "表单编号", "文件编号"


def _choose(label: str, options: list[str], current: str | None, key: str) -> str | None:
    choices = [ANY, *options]
    index = choices.index(current) if current in choices else 0
    picked = st.selectbox(label, choices, index=index, key=key)
    return None if picked == ANY else picked


def _filters() -> QueueFilters:
    options = review.filter_options(state.store())
    current = state.filters()
    cols = st.columns(5)
    with cols[0]:
        by_label = {v: k for k, v in STATUS_LABELS.items()}
        status = _choose(
            "状态", list(by_label), STATUS_LABELS[current.status] if current.status else None, "f_status"
        )
    with cols[1]:
        department = _choose("主管部门", options.departments, current.department, "f_dept")
    with cols[2]:
        year = _choose("年度", [str(y) for y in options.years], str(current.year or ""), "f_year")
    with cols[3]:
        rules = {rule_label(r): r for r in options.rules}
        rule = _choose("规则", list(rules), rule_label(current.rule) if current.rule else None, "f_rule")
    with cols[4]:
        reviewer = _choose("审核人", options.reviewers, current.reviewer, "f_reviewer")
    chosen = QueueFilters(
        status=by_label.get(status) if status else None,
        department=department,
        year=int(year) if year else None,
        rule=rules.get(rule) if rule else None,
        reviewer=reviewer,
    )
    state.set_filters(chosen)
    return chosen


def _metrics(filters: QueueFilters) -> None:
    counts = review.queue_counts(state.store(), filters)
    cols = st.columns(6)
    cols[0].metric("全部表单", counts["total"])
    cols[1].metric("含错误", counts["with_errors"])
    cols[2].metric(STATUS_LABELS["needs_review"], counts.get("needs_review", 0))
    cols[3].metric(STATUS_LABELS["in_review"], counts.get("in_review", 0))
    cols[4].metric(STATUS_LABELS["approved"], counts.get("approved", 0))
    cols[5].metric(STATUS_LABELS["rejected"], counts.get("rejected", 0))


def _frame(entries: list[QueueEntry]) -> pd.DataFrame:
    rows = [
        {
            FORM_ID: e.form.id,
            "风险": e.form.risk,
            "错误": e.form.error_count,
            "警告": e.form.warning_count,
            "状态": STATUS_LABELS.get(e.form.review_status, e.form.review_status),  # type: ignore[call-overload]
            "文件夹": e.folder,
            "文件": e.document_path,
            DOCUMENT_ID: e.form.document_id,
            "表": e.form.form_key,
            "项目名称": e.form.project_name or "",
            "主管部门": e.form.department or "",
            "年度": e.form.fiscal_year,
            "审核人": e.form.reviewer or "",
        }
        for e in entries
    ]
    return pd.DataFrame(
        rows,
        columns=[
            FORM_ID,
            "风险",
            "错误",
            "警告",
            "状态",
            "文件夹",
            "文件",
            DOCUMENT_ID,
            "表",
            "项目名称",
            "主管部门",
            "年度",
            "审核人",
        ],
    )


def _open(form_id: int | None) -> None:
    """Callback: remember the form; the next run switches page before drawing the queue again."""
    if form_id is not None:
        st.session_state["open_next"] = int(form_id)


def _open_selected(ids: list[int]) -> None:
    rows = st.session_state["queue_table"]["selection"]["rows"]
    _open(ids[rows[0]] if rows else None)


if (target := st.session_state.pop("open_next", None)) is not None:
    state.open_form(target)
    st.switch_page(state.PAGES["review"], query_params={"form": str(target)})

st.title("审核队列")
st.caption("按风险排序：先看有错误的表，再看识别置信度低的表。")
state.show_flashes()
filters = _filters()
_metrics(filters)

next_id = review.next_to_review(state.store(), filters)
st.button(
    "开始审核下一份 →",
    type="primary",
    disabled=next_id is None,
    key="next_review",
    on_click=_open,
    args=(next_id,),
    shortcut="Alt+N",
)

entries = review.queue(state.store(), filters)
if not entries:
    st.info("没有符合筛选条件的表单。先运行 `formtally scan 文件夹` 处理扫描件。")
    st.stop()

frame = _frame(entries)
ids = [int(i) for i in frame[FORM_ID]]
st.subheader(f"表单（{len(entries)}）")
st.dataframe(
    frame,
    hide_index=True,
    on_select=partial(_open_selected, ids),  # the ids as shown, not as the next run lists them
    selection_mode="single-row",
    key="queue_table",
    column_config={
        "风险": st.column_config.ProgressColumn(
            "风险", min_value=0.0, max_value=1.0, format="%.2f", color="auto-inverse"
        ),  # high risk is loud (red), low is calm (green)
        "文件夹": st.column_config.TextColumn("文件夹", help="扫描时所在的文件夹（样表）"),
        "文件": st.column_config.TextColumn("文件", help="文件名（同一表的不同扫描/拍照版本）"),
        "表": st.column_config.TextColumn("表", width="small", help="文件中的第几张表"),
        FORM_ID: st.column_config.NumberColumn(
            FORM_ID, help="表单的编号：审核页链接 ?form=、formtally export --form 使用此编号", format="%d"
        ),
        DOCUMENT_ID: st.column_config.NumberColumn(
            DOCUMENT_ID,
            help="文件的编号：formtally export --document 使用此编号（不是表单编号）",
            format="%d",
        ),
    },
)
names = {
    int(
        r[FORM_ID]
    ): f"表单 #{r[FORM_ID]} {r['项目名称']}（{'/'.join(x for x in (r['文件夹'], r['文件']) if x)}）"
    for _, r in frame.iterrows()
}
col_pick, col_open = st.columns([4, 1], vertical_alignment="bottom")
chosen = col_pick.selectbox("打开表单", ids, format_func=lambda i: names[i], key="open_pick")
# A page link, not a button: the browser switches page itself, without rerunning the queue first.
col_open.page_link(
    state.PAGES["review"], label="打开", query_params={"form": str(chosen)}, icon=":material/open_in_new:"
)

with st.expander("按文件汇总"):
    docs = frame.groupby([DOCUMENT_ID, "文件夹", "文件"], sort=False).agg(
        表单数=(FORM_ID, "count"), 最高风险=("风险", "max"), 错误=("错误", "sum"), 警告=("警告", "sum")
    )
    st.dataframe(docs.sort_values(["错误", "最高风险"], ascending=False))
