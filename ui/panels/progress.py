"""The scan's progress in the sidebar while files are still being extracted (the demo's background
scan, a `formtally scan` in another terminal, REST uploads): files done of total, rate, time left."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from service import review
from ui import state

REFRESH = timedelta(seconds=5)


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"约 {minutes} 分钟" if minutes < 90 else f"约 {minutes / 60:.1f} 小时"


def progress_text(p: review.ScanProgress) -> str:
    """`已处理 30 / 144 个文件 · 4.2 个/分钟 · 剩余约 27 分钟` (rate and time left once known)."""
    parts = [f"已处理 {p.done + p.failed} / {p.total} 个文件"]
    if p.failed:
        parts.append(f"{p.failed} 个失败")
    if p.files_per_minute is not None:
        parts.append(f"{p.files_per_minute:.1f} 个/分钟")
    if p.seconds_left is not None:
        parts.append(f"剩余{_minutes(p.seconds_left)}")
    return " · ".join(parts)


@st.fragment(run_every=REFRESH)
def scan_progress() -> None:
    """Redrawn every few seconds on its own; silent once nothing is pending."""
    progress = review.scan_progress(state.store())
    if not progress.active:
        return
    st.progress(
        (progress.done + progress.failed) / max(1, progress.total),
        text="正在识别扫描件",
    )
    st.caption(progress_text(progress))
    st.caption("已完成的表单随时出现在审核队列中。")
