"""The reviewer's cursor: the value (cell level) and the table row (row level) the reviewer last
touched in the editors, and where they sit on the scan.

Streamlit's data editor reports no cursor, so the cursor is what the app can see: the cell whose edit
was just saved, or the cell or row picked in the tables' 定位 mode (st.dataframe selections). It is
kept as (editor, row, column) and turned into scan cells each run, so it follows the stored form.
Pure: no Streamlit state here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from models.paths import PathError, get_field
from models.record import BBox, Form, Table
from ui.labels import path_label
from ui.tables import CONTENT, EditorTable

# The 待核对 list repeats values of the form's tables: its cursor moves to the value's own table, so
# the row highlighted on the scan is the row of the form, not of the list.
CHECK = "check"
SECTION_LABELS = {
    "header": "表头",
    "funds": "项目资金",
    "goals": "年度总体目标",
    "level1": "一级指标分值",
    "indicators": "绩效指标",
    "totals": "总分与等级",
}


@dataclass(frozen=True)
class Cursor:
    """A cell of an editor table (`column` None: the whole row)."""

    table: str
    row: int
    column: str | None = None


@dataclass(frozen=True)
class Highlight:
    """What the scan shows for a cursor: its cells, and the cells that make up its row."""

    label: str
    cells: list[str]
    row_cells: list[str]


def locate(tables: list[EditorTable], path: str) -> Cursor | None:
    """The cell of the form's tables (not 待核对) that shows `path`."""
    for table in tables:
        if table.name == CHECK:
            continue
        for (row, column), shown in table.paths.items():
            if shown == path:
                return Cursor(table.name, row, column)
    return None


def from_selection(tables: list[EditorTable], name: str, selection: Mapping[str, object]) -> Cursor | None:
    """The cursor of a st.dataframe selection ({"rows": [...], "cells": [(row, column)]}) in table
    `name`; a picked cell wins over a picked row. None when nothing is selected."""
    table = next((t for t in tables if t.name == name), None)
    if table is None:
        return None
    cells = selection.get("cells") or []
    rows = selection.get("rows") or []
    if isinstance(cells, list) and cells:
        row, column = cells[0]
        cursor = Cursor(name, int(row), str(column))
    elif isinstance(rows, list) and rows:
        cursor = Cursor(name, int(rows[0]))
    else:
        return None
    if name == CHECK:  # a value of the list: go to its place in the form's tables
        path = table.paths.get((cursor.row, CONTENT))
        return locate(tables, path) if path else None
    return cursor


def _cells_of(form: Form, path: str) -> list[str]:
    try:
        value = get_field(form, path)
    except PathError:
        return []
    return list(value.cells) if value is not None else []


def _label_cells(form: Form, table: EditorTable, row: int) -> list[str]:
    """Cells of a funds row's printed label: part of the row, though no path shows them."""
    if table.name != "funds" or row >= len(form.funds.rows):
        return []
    return list(form.funds.rows[row].label_cells)


def highlight(form: Form, tables: list[EditorTable], cursor: Cursor) -> Highlight | None:
    """The cells of the cursor's value and of its row; None when the cursor is off the tables."""
    table = next((t for t in tables if t.name == cursor.table), None)
    if table is None or cursor.row >= len(table.frame):
        return None
    row_paths = [path for (row, _), path in table.paths.items() if row == cursor.row]
    row_cells = [c for path in row_paths for c in _cells_of(form, path)]
    row_cells += _label_cells(form, table, cursor.row)
    path = table.paths.get((cursor.row, cursor.column)) if cursor.column else None
    cells = _cells_of(form, path) if path else []
    section = SECTION_LABELS.get(table.name, table.name)
    if path:
        label = path_label(path, form)
    elif cursor.column:  # a label column: the row is what it names
        label = f"{section} · {table.frame.iat[cursor.row, 0]} · {cursor.column}"
    else:
        label = f"{section} · 第{cursor.row + 1}行"
    return Highlight(label, cells, list(dict.fromkeys(row_cells)))


def row_bands(scan_tables: list[Table], cells: list[str]) -> list[tuple[int, BBox]]:
    """(page, box) of each scan row the cells lie on: the full width of its table, the height of
    the rows the cells cover. Cells spanning several rows (a level-1 label beside many indicators)
    set the band only when the row has no single-row cell, so the band is the row, not the group."""
    wanted = set(cells)
    bands = []
    for table in scan_tables:
        found = [c for c in table.cells if c.id in wanted]
        if not found:
            continue
        single = [c for c in found if c.row_span == 1] or found
        first, last = min(c.row for c in single), max(c.row + c.row_span for c in single)
        inside = [c for c in table.cells if c.row >= first and c.row + c.row_span <= last] or single
        x0, _, x1, _ = table.bbox
        top, bottom = min(c.bbox[1] for c in inside), max(c.bbox[3] for c in inside)
        bands.append((table.page, (x0, top, x1, bottom)))
    return bands
