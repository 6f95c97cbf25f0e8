"""Chinese interface text: labels as printed on the form (models.canonical), statuses, rules, and a
readable name for every record path."""

from __future__ import annotations

import re

from models.canonical import canonical_schema
from models.record import Form, ReviewStatus, Severity
from verification.names import rule_label as rule_label  # re-exported: the ui's one place for labels

STATUS_LABELS: dict[ReviewStatus, str] = {
    "needs_review": "待审核",
    "in_review": "审核中",
    "auto_ok": "自动通过",
    "approved": "已通过",
    "rejected": "已退回",
}
SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}
# Coloured dots in Streamlit markdown: no emoji font needed (servers and CI browsers often lack one).
SEVERITY_BADGES: dict[Severity, str] = {"error": ":red[●]", "warning": ":orange[●]", "info": ":blue[●]"}
ACTION_LABELS = {"edit": "修改", "undo": "撤销", "review": "审核"}
# Header fields the canonical schema has no printed label for.
_EXTRA_HEADER = {"form_title": "表名", "total_weight": "总分（分值）", "total_score": "总分（得分）"}

_FUNDS = re.compile(r"^funds\.(\w+?)(?:\[(\d+)\])?\.(\w+)$")
_INDICATOR = re.compile(r"^indicators\[(\d+)\]\.(?:extra\.(.+)|(\w+))$")


def header_label(field_id: str) -> str:
    if field_id in _EXTRA_HEADER:
        return _EXTRA_HEADER[field_id]
    specs = {s.id: s.label for s in canonical_schema().header}
    return specs.get(field_id, field_id)


def funds_column_label(column: str) -> str:
    return canonical_schema().label("funds_columns", column)


def funds_row_label(row: str) -> str:
    return canonical_schema().label("funds_rows", row)


def indicator_column_label(column: str) -> str:
    return canonical_schema().label("indicator_columns", column)


def path_label(path: str, form: Form | None = None) -> str:
    """What a reviewer calls the value at `path`, e.g. 年度资金总额 · 得分 or 指标第4行 · 得分."""
    head, _, rest = path.partition(".")
    if head == "fields":
        return header_label(rest)
    if head == "level1_weights":
        return f"{rest}（分值）"
    if (m := _FUNDS.match(path)) is not None:
        row = funds_row_label(m.group(1)) + (f"（{int(m.group(2)) + 1}）" if m.group(2) else "")
        return f"{row} · {funds_column_label(m.group(3))}"
    if (m := _INDICATOR.match(path)) is not None:
        i = int(m.group(1))
        column = m.group(2) or indicator_column_label(m.group(3))
        name = ""
        if form is not None and i < len(form.indicators):
            level = form.indicators[i].level2 or form.indicators[i].level3
            name = f"（{level.text[:8]}）" if level is not None and level.text else ""
        return f"指标第{i + 1}行{name} · {column}"
    return path
