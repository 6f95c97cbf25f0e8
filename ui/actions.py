"""Every write of the review app goes through `run_action`: the reviewer's name is required, and the
storage's refusals become a clear Chinese message (never a silent overwrite, never a traceback)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from service import review
from service.storage import FormLocked, NotFound, StorageError, VersionConflict
from ui import state

T = TypeVar("T")


def conflict_message(expected: int, actual: int, who: str | None = None) -> str:
    by = f"审核人「{who}」" if who else "其他审核人"
    return (
        f"修改未保存：此表已被{by}修改（当前为第 {actual} 版，您编辑的是第 {expected} 版）。"
        "已重新载入最新内容，请核对后重新修改。"
    )


def run_action(form_id: int, action: Callable[[str], T], success: str | None = None) -> T | None:
    """Call `action(reviewer)`; on success remember the new version (if any) and flash `success`."""
    who = state.reviewer()
    if not who:
        state.flash("请先在左侧栏填写「审核人」姓名，再进行修改或审核。", "warning")
        return None
    try:
        result = action(who)
    except VersionConflict as exc:
        current = review.open_form(state.store(), form_id).summary
        state.set_seen(form_id, current.version)  # reload: the screen now shows the stored form
        state.flash(conflict_message(exc.expected, exc.actual, current.reviewer), "error")
        return None
    except FormLocked:
        state.flash("此表已审核通过并锁定，不能修改；如需修改请先点击「重新打开」。", "warning")
        return None
    except NotFound as exc:
        state.flash(f"找不到要操作的记录：{exc}", "error")
        return None
    except StorageError as exc:
        state.flash(f"操作未完成：{exc}", "error")
        return None
    last = result[-1] if isinstance(result, list) and result else result
    version = getattr(last, "form_version", None)
    if isinstance(version, int):
        state.set_seen(form_id, version)
    if success:
        state.flash(success, "success")
    return result
