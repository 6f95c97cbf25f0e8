"""The form's blocks as st.data_editor tables; an edited cell is saved at once as a correction. In
定位 mode the same tables are read-only st.dataframes whose cell or row selection moves the cursor.

Each editor's key names the form version it shows. A rerun that finds edits made on an older version
(someone else saved in between) refuses them with a message instead of applying them to a form the
reviewer has not seen; a save that races another is refused by the storage's version check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from service import review
from service.review import Edit, FormView
from ui import state
from ui.actions import run_action
from ui.cursor import Cursor, from_selection
from ui.labels import path_label, rule_label
from ui.tables import CONFIDENCE, CONTENT, FLAG, ITEM, EditorTable, edits_from_state

PREFIX = "ed-"
LOCATE = "loc-"


def editor_key(name: str, form_id: int, version: int) -> str:
    generation = st.session_state.setdefault("editor_gen", {}).get(form_id, 0)
    return f"{PREFIX}{name}-{form_id}-v{version}-g{generation}"


def _reset_editors(form_id: int) -> None:
    """New keys for every editor of the form: edits the app refused must not stay on screen."""
    generations = st.session_state.setdefault("editor_gen", {})
    generations[form_id] = generations.get(form_id, 0) + 1


def stale_edits(form_id: int, version: int) -> bool:
    """Whether the reviewer edited a table drawn for `version` (still in this session's state)."""
    marker = f"-{form_id}-v{version}-"
    for key in list(st.session_state.keys()):
        if str(key).startswith(PREFIX) and marker in str(key):
            value = st.session_state[key]
            if isinstance(value, dict) and (value.get("edited_rows") or value.get("added_rows")):
                return True
    return False


def column_config(table: EditorTable) -> dict[str, Any]:
    config: dict[str, Any] = {
        ITEM: st.column_config.TextColumn(ITEM, width="medium", disabled=True, pinned=True),
        FLAG: st.column_config.TextColumn(
            FLAG, width="medium", disabled=True, help="× 错误　？低置信度　△ 警告"
        ),
        CONFIDENCE: st.column_config.TextColumn(
            CONFIDENCE, width="small", disabled=True, help="高 ≥ 95%　较高 ≥ 85%　⚠ 低 ≥ 60%　‼ 很低 < 60%"
        ),
        "原图": st.column_config.ImageColumn("原图", width="medium", help="扫描件上的单元格"),
    }
    if CONTENT in table.frame.columns:
        config[CONTENT] = st.column_config.TextColumn(CONTENT, width="large")
    for label in table.pinned:
        config[label] = st.column_config.TextColumn(label, pinned=True)
    return {k: v for k, v in config.items() if k in table.frame.columns}


def render(
    table: EditorTable,
    view: FormView,
    version: int,
    *,
    editable: bool,
    locate: bool = False,
    row_height: int | None = None,
) -> None:
    """Draw one table: an editor, whose typed cells `save_pending` saves on the next run, or in
    定位 mode a table whose picked cell or row `picked` turns into the cursor on the scan."""
    if locate:
        st.dataframe(
            table.frame,
            key=locate_key(table.name, view.summary.id, version),
            hide_index=True,
            on_select="rerun",
            selection_mode=["single-cell", "single-row"],
            column_config=column_config(table),
            row_height=row_height,
            width="stretch",
        )
        return
    st.data_editor(
        table.frame,
        key=editor_key(table.name, view.summary.id, version),
        hide_index=True,
        num_rows="fixed",
        disabled=table.read_only if editable else True,
        column_config=column_config(table),
        row_height=row_height,
        width="stretch",
    )


def locate_key(name: str, form_id: int, version: int) -> str:
    return f"{LOCATE}{name}-{form_id}-v{version}"


def _plain_selection(value: object) -> dict[str, object]:
    """A st.dataframe's selection state as plain lists (the browser sends cells as lists, Python
    code sets tuples), so two states compare equal when they select the same."""
    selection = value.get("selection") if isinstance(value, Mapping) else None
    if not isinstance(selection, Mapping):
        return {}
    return {str(k): [list(x) if isinstance(x, tuple | list) else x for x in v] for k, v in selection.items()}


def picked(form_id: int, version: int, tables: list[EditorTable]) -> Cursor | None:
    """The cell or row picked in a 定位 table since the last run: the selection that changed (a
    click reruns the page with one table's selection new; the others keep theirs)."""
    last: dict[str, object] = st.session_state.setdefault("picked", {})
    cursor = None
    for table in tables:
        key = locate_key(table.name, form_id, version)
        # Empty selections are remembered too: clicking a cell off and on again is a new pick.
        plain = _plain_selection(st.session_state.get(key))
        if last.get(key) != plain:
            last[key] = plain
            cursor = from_selection(tables, table.name, plain) or cursor
    return cursor


def save_pending(view: FormView, version: int, tables: list[EditorTable]) -> list[Edit]:
    """Save the cells typed into the editors of `version` since the last run, before the page draws
    (one transaction, re-verified). Returns the edits saved; none if there were none or they were
    refused (then the message is flashed and the editors start afresh)."""
    form_id = view.summary.id
    edits: list[Edit] = []
    for table in tables:
        value = st.session_state.get(editor_key(table.name, form_id, version))
        if isinstance(value, dict):
            edits.extend(edits_from_state(table, value.get("edited_rows") or {}))
    if not edits:
        return []
    result = run_action(
        form_id,
        lambda who: review.correct_many(state.store(), form_id, edits, expected_version=version, author=who),
    )
    if result is None:
        _reset_editors(form_id)  # refused: the editors must not keep showing the unsaved text
        return []
    return edits


def report(before: FormView, after: FormView, edits: list[Edit]) -> None:
    """Flash what was saved and which findings the re-verification cleared."""
    rules_before = {f.rule for f in before.record.findings if f.severity != "info"}
    rules_after = {f.rule for f in after.record.findings if f.severity != "info"}
    changes = "；".join(
        f"{path_label(e.path, before.record)}：{e.old or '（空）'} → {e.new or '（空）'}" for e in edits
    )
    gone = sorted(rules_before - rules_after, key=lambda r: (len(r), r))
    verdict = f"复核：{'、'.join(rule_label(r) for r in gone)} 已消除。" if gone else "复核完成。"
    state.flash(f"已保存（第 {after.summary.version} 版）{changes}。{verdict}", "success")
