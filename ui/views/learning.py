"""学习与设置: label spellings reviewers taught the mapper (used by the next `formtally scan`),
revocable; where the app reads its data from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from service import review
from service.storage import StorageError
from ui import state


def _toggle(synonym_id: int, active: bool) -> None:
    who = state.reviewer()
    if not who:
        state.flash("请先在左侧栏填写「审核人」姓名。", "warning")
        return
    try:
        review.set_synonym(state.store(), synonym_id, active, author=who)
    except StorageError as exc:
        state.flash(f"操作未完成：{exc}", "error")
        return
    state.flash("已恢复该同义词。" if active else "已撤销该同义词，之后的识别不再使用。", "success")


st.title("学习与设置")
state.show_flashes()
st.subheader("已学习的标签同义词")
st.caption("在「逐表审核」的「未映射标签」中把标签对应到表单字段即可学习；下一次 `formtally scan` 起生效。")
learned = review.synonyms(state.store())
targets = review.canonical_targets()
if not learned:
    st.info("尚未学习任何同义词。")
else:
    frame = pd.DataFrame(
        [
            {
                "标签写法": s.spelling,
                "对应字段": targets.get(s.canonical_path, s.canonical_path),
                "状态": "使用中" if s.active else "已撤销",
                "学习人": s.created_by,
                "学习时间": s.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                "最后变更": f"{s.changed_by or ''} {s.changed_at.astimezone():%Y-%m-%d %H:%M}"
                if s.changed_at
                else "",
            }
            for s in learned
        ]
    )
    st.dataframe(frame, hide_index=True)
    for s in learned:
        c_text, c_button = st.columns([5, 1], vertical_alignment="center")
        c_text.markdown(f"「{s.spelling}」→ {targets.get(s.canonical_path, s.canonical_path)}")
        c_button.button(
            "撤销" if s.active else "恢复",
            key=f"syn-{s.id}-{s.active}",
            on_click=_toggle,
            args=(s.id, not s.active),
            disabled=not state.reviewer(),
        )

st.subheader("数据位置")
config = state.store().config
st.markdown(
    f"- 数据目录：`{config.data_dir}`\n- 数据库：`{config.db_url.split('@')[-1]}`\n- 校验规则：每张表按其提取时记录的规则复核"
)
