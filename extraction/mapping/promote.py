"""Columns whose label matched nothing, given a role by what they hold once all rows are read.

A header label can be unreadable (`考值参分` for 参考分值, a smudge over 分值) while its column is plain:
numbers that never fall below the row's 得分 are its weights; numbers never above the row's 分值 are
its scores; a lone column of numbers is read as infer.py reads one. Only these two roles are
promoted, and only when the form has no column for them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extraction.mapping.builder import FormBuilder
from extraction.mapping.infer import WEIGHT_SUMS
from models.field_values import parse_for_path
from models.parsing import is_na, normalize_text, parse_number
from models.record import IndicatorRow

_PLAIN_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MIN_ROWS = 2  # a role is not given on one row's evidence


def promote_extra_columns(builder: FormBuilder) -> None:
    columns = builder.ind_columns
    if columns is None or not builder.indicators:
        return
    keys = set(columns.keys())
    for label in [c.label for c in columns.columns if c.key is None]:
        role = _role_of(label, builder.indicators, keys)
        if role is not None:
            _promote(builder, label, role)
            keys.add(role)


def _numbers(label: str, rows: list[IndicatorRow]) -> list[tuple[float, IndicatorRow]] | None:
    """The column's numbers with their rows, or None when it holds anything but numbers and blanks."""
    found = []
    for row in rows:
        field = row.extra.get(label)
        text = normalize_text(field.text) if field is not None else ""
        if is_na(text):
            continue
        if not _PLAIN_NUMBER.match(text):
            return None
        number = parse_number(text)
        if number is not None:
            found.append((number, row))
    return found


def _other(row: IndicatorRow, key: str) -> float | None:
    field = row.column(key)
    return parse_number(field.text) if field is not None else None


def _role_of(label: str, rows: list[IndicatorRow], keys: set[str]) -> str | None:
    numbers = _numbers(label, rows)
    if not numbers or len(numbers) < _MIN_ROWS:
        return None
    if "weight" not in keys and "score" in keys:
        pairs = [(n, s) for n, row in numbers if (s := _other(row, "score")) is not None]
        if len(pairs) >= _MIN_ROWS and all(n >= s for n, s in pairs):
            return "weight"
    if "score" not in keys and "weight" in keys:
        pairs = [(n, w) for n, row in numbers if (w := _other(row, "weight")) is not None]
        if len(pairs) >= _MIN_ROWS and all(n <= w for n, w in pairs):
            return "score"
    if "score" not in keys and "weight" not in keys:  # the one column of numbers (as infer.py reads it)
        total = sum(n for n, _ in numbers)
        return "weight" if any(abs(total - w) < 0.5 for w in WEIGHT_SUMS) else "score"
    return None


def _promote(builder: FormBuilder, label: str, role: str) -> None:
    for index, row in enumerate(builder.indicators):
        field = row.extra.pop(label, None)
        if field is not None:
            value = parse_for_path(f"indicators[{index}].{role}", field.text)
            setattr(row, role, field.model_copy(update={"value": value}))
    assert builder.ind_columns is not None
    columns = tuple(
        replace(c, key=role) if c.label == label and c.key is None else c for c in builder.ind_columns.columns
    )
    builder.ind_columns = replace(builder.ind_columns, columns=columns)
    builder.note_review(
        f"「{label}」列按内容判定为{'分值' if role == 'weight' else '得分'} (column role from content)"
    )
