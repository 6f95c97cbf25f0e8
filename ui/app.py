"""The formtally review app: `formtally review` runs `streamlit run ui/app.py`.

This entrypoint only sets up what every page shares (page config, the reviewer's name in the
sidebar) and hands over to st.navigation; the pages are thin and call service.review.
"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.panels.progress import scan_progress

st.set_page_config(page_title="formtally 绩效自评表审核", page_icon=":material/fact_check:", layout="wide")

PAGES = [
    st.Page(state.PAGES["queue"], title="审核队列", icon=":material/inbox:", url_path="queue", default=True),
    st.Page(state.PAGES["review"], title="逐表审核", icon=":material/edit_note:", url_path="review"),
    st.Page(state.PAGES["overview"], title="总览", icon=":material/bar_chart:", url_path="overview"),
    st.Page(state.PAGES["learning"], title="学习与设置", icon=":material/school:", url_path="learning"),
]


def _keep_reviewer() -> None:
    st.session_state["reviewer"] = st.session_state["reviewer_input"]


# The name lives under its own key and is handed back to the widget on every run: a widget's own
# state does not survive a page switch, and the reviewer must not silently become nobody. It is kept
# in the URL too (?reviewer=), so a reload or a bookmark brings it back.
state.remember_reviewer()
st.session_state["reviewer_input"] = st.session_state.get("reviewer", "")
with st.sidebar:
    st.text_input(
        "审核人",
        key="reviewer_input",
        on_change=_keep_reviewer,
        placeholder="请输入姓名",
        help="每次修改都会以此姓名记入修改记录",
    )
    if not state.reviewer():
        st.caption("填写审核人后才能修改和审核。")
    scan_progress()

st.navigation(PAGES).run()
