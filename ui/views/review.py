"""逐表审核: the scan with the grid, the findings, the values to check with their cell crops, the
form as editable tables in paper order, the history, and the decision."""

from __future__ import annotations

import streamlit as st

from service import review
from service.storage import NotFound, WrongIdKind
from ui import state
from ui.actions import conflict_message
from ui.cursor import Cursor, highlight, locate
from ui.labels import STATUS_LABELS
from ui.panels import decision, editors, findings, history, viewer
from ui.tables import form_tables

# The editors below the scan, in the order of the paper form (heading None: under the previous one).
SECTIONS = (
    ("header", "表头"),
    ("funds", "项目资金（万元）"),
    ("goals", "年度总体目标"),
    ("level1", "绩效指标"),
    ("indicators", None),
    ("totals", "总分与等级"),
)


# The scan pane sticks below Streamlit's header. Sticky holds within the parent, so it is set on the
# pane's layout wrapper, whose parent is the column as tall as the row; the pane scrolls on its own
# when the zoomed page is taller than the screen.
SPLIT_STYLE = """
div[data-testid="stLayoutWrapper"]:has(> .st-key-scan-pane) { position: sticky; top: 3.75rem; z-index: 2; }
.st-key-scan-pane { max-height: calc(100vh - 4.5rem); overflow-y: auto; }
"""


def _missing_message(form_id: int, missing: NotFound) -> str:
    """?form= takes a form id; a document id there says so and offers the document's forms."""
    if isinstance(missing, WrongIdKind) and missing.given == "document":
        forms = "、".join(f"#{i}" for i in missing.related) or "（尚无）"
        return f"找不到表单 #{form_id}：#{form_id} 是文件编号，不是表单编号。该文件的表单：{forms}。"
    return f"找不到表单 #{form_id}。"


def _follow(form_id: int, cursor: Cursor) -> None:
    """Move the cursor; the scan's focus list steps back to the whole page so it does not claim
    a blue it no longer draws (runs before the list is drawn)."""
    state.set_cursor(form_id, cursor)
    st.session_state[f"focus-{form_id}"] = viewer.WHOLE_PAGE


def _go(form_id: int | None) -> None:
    if form_id is not None:
        state.open_form(form_id)


if (bad := state.bad_form_param()) is not None:
    st.error(f"链接中的 ?form={bad} 不是表单编号（表单编号是数字，见审核队列的「表单编号」列）。")
    st.stop()
form_id = state.current_form()
if form_id is None:
    st.info("请先在「审核队列」中选择一份表单。")
    st.page_link(state.PAGES["queue"], label="前往审核队列", icon=":material/inbox:")
    st.stop()
try:
    view = review.open_form(state.store(), form_id)
except NotFound as missing:
    st.error(_missing_message(form_id, missing))
    st.stop()

seen = state.seen_version(form_id)
if seen is not None and seen != view.summary.version:
    # Someone else saved since this screen was drawn: never apply edits made on the old screen.
    if editors.stale_edits(form_id, seen):
        st.error(
            conflict_message(seen, view.summary.version, view.summary.reviewer),
            icon=":material/sync_problem:",
        )
    else:
        who = f"审核人「{view.summary.reviewer}」" if view.summary.reviewer else "其他审核人"
        st.info(f"此表已被{who}更新为第 {view.summary.version} 版，已重新载入。")
elif saved := editors.save_pending(view, view.summary.version, form_tables(view.record)):
    before, view = view, review.open_form(state.store(), form_id)  # the re-verified form
    editors.report(before, view, saved)
    if moved := locate(form_tables(view.record), saved[-1].path):
        _follow(form_id, moved)  # the cursor is where the reviewer just typed
state.show_flashes()
summary = view.summary
version = summary.version
state.set_seen(form_id, version)
has_reviewer = bool(state.reviewer())
editable = has_reviewer and not summary.locked

title = summary.project_name or f"表单 #{form_id}"
st.title(title)
status = STATUS_LABELS.get(summary.review_status, summary.review_status)  # type: ignore[call-overload]
st.caption(
    f"表单 #{form_id}（文件 #{summary.document_id}）　{summary.department or '—'}　{summary.fiscal_year or '—'} 年度　状态：{status}　"
    f"第 {version} 版　审核人：{summary.reviewer or '—'}　文件：{view.document_path}"
)
previous_id, next_id = review.neighbours(state.store(), state.filters(), form_id)
c_prev, c_next, c_todo, c_back = st.columns(4)
c_prev.button(
    "← 上一份",
    on_click=_go,
    args=(previous_id,),
    disabled=previous_id is None,
    shortcut="Alt+P",
    width="stretch",
)
c_next.button(
    "下一份 →", on_click=_go, args=(next_id,), disabled=next_id is None, shortcut="Alt+N", width="stretch"
)
todo = review.next_to_review(state.store(), state.filters(), after=form_id)
c_todo.button("下一份待审", on_click=_go, args=(todo,), disabled=todo is None, width="stretch")
if c_back.button("返回队列", width="stretch"):
    st.switch_page(state.PAGES["queue"])
if not has_reviewer:
    st.warning("请先在左侧栏填写「审核人」姓名；填写后才能修改和审核。")
elif summary.locked:
    st.info("此表已审核通过并锁定；如需修改，请在页面底部「重新打开」。")

table_list = form_tables(view.record, viewer.cell_crops(view))
tables = {t.name: t for t in table_list}
if moved := editors.picked(form_id, seen if seen is not None else version, table_list):
    _follow(form_id, moved)
cursor = state.cursor(form_id)
mark = highlight(view.record, table_list, cursor) if cursor else None
# Split view: the scan on the left stays in view (sticky) while the values on the right scroll past
# it, so the value being edited and its cell on the scan are on screen together.
st.html(f"<style>{SPLIT_STYLE}</style>")
left, right = st.columns([11, 9], gap="medium")
with left, st.container(key="scan-pane"):
    viewer.render(view, mark)
with right:
    findings.render(view, version, editable=editable)
    # 定位: the tables answer clicks (a cell or a row) by showing them on the scan; editing shows
    # the cell just saved. Read-only screens start in 定位, there is nothing to type there.
    locate_mode = st.toggle(
        "定位模式：点选单元格或行，在扫描件上显示其位置",
        value=not editable,
        key=f"locate-{form_id}-{editable}",
        help="关闭时可修改表格；修改后的单元格也会在扫描件上标出。",
    )
    st.subheader("待核对（低置信度或涉及错误）")
    if tables["check"].frame.empty:
        st.caption("没有需要特别核对的值。")
    else:
        editors.render(tables["check"], view, version, editable=editable, locate=locate_mode, row_height=48)
    history.render_recent(view.record, form_id, version, editable=editable)
    for name, heading in SECTIONS:
        if heading:
            st.subheader(heading)
        if not tables[name].frame.empty:
            editors.render(tables[name], view, version, editable=editable, locate=locate_mode)

with st.expander(f"未映射标签（{len(view.record.unmapped)}）", expanded=bool(view.record.unmapped)):
    decision.render_unmapped(view, version, editable=has_reviewer)
with st.expander("完整修改记录与撤销"):
    history.render_full(view.record, form_id, version, editable=editable)
decision.render(view, version, has_reviewer=has_reviewer)
