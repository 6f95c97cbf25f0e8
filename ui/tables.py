"""The form's blocks as editable tables in the order of the paper form, and the edits a reviewer made.

Each table keeps, for every editable cell, the record path it shows (models.paths), so an edited
cell becomes one correction. Values are shown as printed text: the service re-parses the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from models.ids import funds_keys
from models.paths import get_field, iter_fields
from models.record import FUNDS_COLUMNS, INDICATOR_COLUMNS, Field, Finding, Form
from service.review import Edit
from ui.labels import funds_column_label, header_label, indicator_column_label, path_label

LOW_CONFIDENCE = 0.85  # as extraction.assess: below this a value is listed for checking
# Confidence as words on a calm → loud scale: a sure value reads quietly, a doubtful one shouts.
CONFIDENCE_SCALE = ((0.95, "高"), (LOW_CONFIDENCE, "较高"), (0.6, "⚠ 低"), (0.0, "‼ 很低"))
# Rules whose findings involve every weight or every score: outlining them all would paint the whole
# table; the total they add up to is marked, and their cells are listed on demand.
WIDE_RULES = {"V4": "fields.total_weight", "V9": "fields.total_score"}
FLAG = "标记"
HEADER_IDS = ("form_title", "fiscal_year", "project_name", "competent_dept", "impl_unit")
GOAL_IDS = ("goal_expected", "goal_actual")
TOTAL_IDS = ("total_weight", "total_score", "grade")
ITEM, CONTENT, CONFIDENCE = "项目", "内容", "置信度"


def confidence_label(confidence: float | None) -> str | None:
    """`高 99.9%`, `较高 90.0%`, `⚠ 低 70.0%`, `‼ 很低 41.0%`: rounded down, so 99.99% never reads 100%."""
    if confidence is None:
        return None
    word = next(w for bound, w in CONFIDENCE_SCALE if confidence >= bound)
    return f"{word} {math.floor(confidence * 1000) / 10:.1f}%"


def marked(finding: Finding, form: Form) -> tuple[list[str], list[str]]:
    """(paths, cells) a finding marks in the tables and on the scan: all of them, or for the wide
    rules (V4, V9) the total alone (the finding's first value when the form prints no total)."""
    total = WIDE_RULES.get(finding.rule)
    if total is None:
        return finding.paths, finding.cells
    value = get_field(form, total)
    if value is not None and value.cells:
        return [total], list(value.cells)
    return finding.paths[:1], finding.cells[:1]


@dataclass
class EditorTable:
    """A DataFrame of texts plus the record path behind every editable cell."""

    name: str
    frame: pd.DataFrame
    paths: dict[tuple[int, str], str] = field(default_factory=dict)
    read_only: list[str] = field(default_factory=list)  # columns the reviewer cannot edit
    pinned: list[str] = field(default_factory=list)  # label columns kept in view when the table scrolls


@dataclass(frozen=True)
class Marks:
    """Which paths findings involve, by severity: for the flag column and the overlay."""

    errors: dict[str, list[str]]  # path → rules
    warnings: dict[str, list[str]]

    @classmethod
    def of(cls, form: Form) -> Marks:
        errors: dict[str, list[str]] = {}
        warnings: dict[str, list[str]] = {}
        for finding in form.findings:
            target = errors if finding.severity == "error" else warnings
            for path in marked(finding, form)[0]:
                target.setdefault(path, []).append(finding.rule)
        return cls(errors, warnings)

    def flag(self, path: str, value: Field | None, label: str) -> str | None:
        if path in self.errors:
            return f"× {label} {'、'.join(dict.fromkeys(self.errors[path]))}"
        if value is not None and value.confidence < LOW_CONFIDENCE:
            return f"？{label} {value.confidence:.0%}"
        if path in self.warnings:
            return f"△ {label} {'、'.join(dict.fromkeys(self.warnings[path]))}"
        return None


def _text(value: Field | None) -> str:
    return value.text if value is not None else ""


def field_rows(form: Form, ids: tuple[str, ...], name: str) -> EditorTable:
    """Single values (表头, 年度总体目标, 总分): one row each, label then content."""
    marks = Marks.of(form)
    rows: list[dict[str, object]] = []
    paths: dict[tuple[int, str], str] = {}
    for field_id in ids:
        value = getattr(form.fields, field_id)
        path = f"fields.{field_id}"
        paths[(len(rows), CONTENT)] = path
        rows.append(
            {
                ITEM: header_label(field_id),
                CONTENT: _text(value),
                CONFIDENCE: confidence_label(value.confidence if value is not None else None),
                FLAG: marks.flag(path, value, "") or "",
            }
        )
    frame = pd.DataFrame(rows, columns=[ITEM, CONTENT, CONFIDENCE, FLAG])
    return EditorTable(name, frame, paths, [ITEM, CONFIDENCE, FLAG])


def funds_table(form: Form) -> EditorTable:
    """项目资金: one row per funds row as printed, the canonical columns in form order."""
    marks = Marks.of(form)
    columns = [c for c in FUNDS_COLUMNS if any(r.column(c) is not None for r in form.funds.rows)]
    labels = {c: funds_column_label(c) for c in columns}
    rows, paths = [], {}
    for i, (prefix, row) in enumerate(funds_keys(form.funds.rows)):
        record: dict[str, str] = {ITEM: row.label}
        flags = []
        for column in columns:
            path = f"{prefix}.{column}"
            value = row.column(column)
            paths[(i, labels[column])] = path
            record[labels[column]] = _text(value)
            flags.append(marks.flag(path, value, labels[column]))
        record[FLAG] = "；".join(f for f in flags if f)
        rows.append(record)
    frame = pd.DataFrame(rows, columns=[ITEM, *labels.values(), FLAG])
    return EditorTable("funds", frame, paths, [ITEM, FLAG])


def indicator_table(form: Form) -> EditorTable:
    """绩效指标: the indicator grid, the columns the form has (指标性质/度量单位 only where printed)."""
    marks = Marks.of(form)
    columns = [c for c in INDICATOR_COLUMNS if any(r.column(c) is not None for r in form.indicators)]
    extras = list(dict.fromkeys(label for r in form.indicators for label in r.extra))
    labels = {c: indicator_column_label(c) for c in columns} | {f"extra.{x}": x for x in extras}
    rows: list[dict[str, object]] = []
    paths: dict[tuple[int, str], str] = {}
    for i, indicator in enumerate(form.indicators):
        record: dict[str, object] = {}
        flags = []
        for column, label in labels.items():
            path = f"indicators[{i}].{column}"
            value = (
                indicator.extra.get(column[6:]) if column.startswith("extra.") else indicator.column(column)
            )
            paths[(i, label)] = path
            record[label] = _text(value)
            flags.append(marks.flag(path, value, label))
        record[FLAG] = "；".join(f for f in flags if f)
        rows.append(record)
    frame = pd.DataFrame(rows, columns=[*labels.values(), FLAG])
    pinned = [labels[c] for c in ("level1", "level2", "level3") if c in labels]
    return EditorTable("indicators", frame, paths, [FLAG], pinned)


def level1_table(form: Form) -> EditorTable:
    """一级指标分值 printed in the level-1 labels, e.g. 产出指标(50分)."""
    rows: list[dict[str, object]] = []
    paths: dict[tuple[int, str], str] = {}
    for name, value in form.level1_weights.items():
        paths[(len(rows), CONTENT)] = f"level1_weights.{name}"
        rows.append(
            {ITEM: f"{name}（分值）", CONTENT: value.text, CONFIDENCE: confidence_label(value.confidence)}
        )
    return EditorTable(
        "level1", pd.DataFrame(rows, columns=[ITEM, CONTENT, CONFIDENCE]), paths, [ITEM, CONFIDENCE]
    )


def review_items(form: Form, limit: int = 12) -> list[tuple[str, Field]]:
    """Values to check first: in an error finding or below LOW_CONFIDENCE, least confident first."""
    marks = Marks.of(form)
    items = [
        (path, value)
        for path, value in iter_fields(form)
        if value.cells and (path in marks.errors or value.confidence < LOW_CONFIDENCE)
    ]
    items.sort(key=lambda item: (item[0] not in marks.errors, item[1].confidence))
    return items[:limit]


def check_table(form: Form, crops: dict[str, str]) -> EditorTable:
    """待核对: each value to check with its cell crop (a data URI) beside it."""
    rows: list[dict[str, object]] = []
    paths: dict[tuple[int, str], str] = {}
    for path, value in review_items(form):
        paths[(len(rows), CONTENT)] = path
        rows.append(
            {
                "原图": crops.get(value.cells[0], ""),
                ITEM: path_label(path, form),
                CONTENT: value.text,
                CONFIDENCE: confidence_label(value.confidence),
            }
        )
    frame = pd.DataFrame(rows, columns=["原图", ITEM, CONTENT, CONFIDENCE])
    return EditorTable("check", frame, paths, ["原图", ITEM, CONFIDENCE])


def form_tables(form: Form, crops: dict[str, str] | None = None) -> list[EditorTable]:
    """Every editor of the review page: 待核对 first, then the form in paper order."""
    return [
        check_table(form, crops or {}),
        field_rows(form, HEADER_IDS, "header"),
        funds_table(form),
        field_rows(form, GOAL_IDS, "goals"),
        level1_table(form),
        indicator_table(form),
        field_rows(form, TOTAL_IDS, "totals"),
    ]


def edits_from_state(table: EditorTable, edited_rows: dict[Any, dict[str, Any]]) -> list[Edit]:
    """The cells a reviewer changed, from a data editor's state ({row: {column: new value}})."""
    edits = []
    for row_key, columns in edited_rows.items():
        row = int(row_key)  # the browser sends row positions as ints or as strings
        for column, value in columns.items():
            path = table.paths.get((row, column))
            if path is None:
                continue  # a read-only column
            old = str(table.frame.at[row, column] or "")
            new = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
            if new != old.strip():
                edits.append(Edit(path=path, old=old, new=new))
    return edits
