"""Columns whose label matched nothing, given a role by what they hold once all rows are read.

A header label can be unreadable (`考值参分` for 参考分值, `级标 一指` for 一级指标, `年成值全完值` for
全年完成值) while its column is plain: indicator names down a level column, indicator values right of
the target, numbers that never fall below the row's 得分 (weights) or never rise above its 分值
(scores); a lone column of numbers is read as infer.py reads one. A role is only given to a column
when the form has no column for it, and the record says so (a review reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import Column
from extraction.mapping.fields import repair_reading
from extraction.mapping.infer import WEIGHT_SUMS
from extraction.mapping.labels import match_value_name, strip_weight
from models.canonical import canonical_schema
from models.field_values import parse_for_path
from models.parsing import is_na, normalize_text, parse_indicator_value, parse_number
from models.record import Field, IndicatorRow
from models.values import CmpValue

_PLAIN_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MIN_ROWS = 2  # a role is not given on one row's evidence
_SHARE = 0.6  # of a column's non-empty cells that must fit the role
_VALUE_KINDS = ("cmp", "qual", "date")
_YES_NO = frozenset({"是", "否", "√", "×"})
_NAMES = {
    "weight": "分值",
    "score": "得分",
    "actual": "实际完成值",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
}
_NOWHERE = 1 << 30  # an open bound of a column range
_DISTINCT = 0.8  # indicator names differ row by row; 指标解释 / 备注 columns repeat a few phrases
_WITH_OPS = 0.3  # of a target column's values that print an operator (≥95%, ≤300万元)


def promote_extra_columns(builder: FormBuilder) -> None:
    if builder.ind_columns is None or not builder.indicators:
        return
    keys = set(builder.ind_columns.keys())
    for role in ("level1", "level2", "level3", "target", "actual"):
        label = _column_for(builder, role) if role not in keys else None
        if label is not None:
            _promote(builder, label, role)
            keys.add(role)
    for column in _unknown(builder):
        number_role = _number_role(column.label, builder.indicators, keys)
        if number_role is not None:
            _promote(builder, column.label, number_role)
            keys.add(number_role)


def _unknown(builder: FormBuilder) -> list[Column]:
    columns = builder.ind_columns.columns if builder.ind_columns is not None else ()
    return sorted((c for c in columns if c.key is None), key=lambda c: c.header.col)


def _texts(builder: FormBuilder, label: str) -> list[str]:
    return [f.text for row in builder.indicators if (f := row.extra.get(label)) and not is_na(f.text)]


def _is_value(text: str) -> bool:
    return text.strip() not in _YES_NO and parse_indicator_value(text).kind in _VALUE_KINDS


def _has_op(text: str) -> bool:
    value = parse_indicator_value(repair_reading("indicators[].target", text))
    return isinstance(value, CmpValue) and value.op is not None


def _is_level_name(text: str) -> bool:
    schema = canonical_schema()
    return match_value_name(strip_weight(text), (*schema.level1, *schema.all_level2())) is not None


def _is_indicator_name(text: str) -> bool:
    """受益人数, 项目验收合格率: words, neither a value nor a level name nor a yes/no mark."""
    plain = normalize_text(text)
    return (
        any("\u4e00" <= ch <= "\u9fff" for ch in plain)
        and plain not in _YES_NO
        and parse_indicator_value(plain).kind not in ("cmp", "date")  # a name reads as a qual value
        and not _is_level_name(plain)
    )


def _column_for(builder: FormBuilder, role: str) -> str | None:
    """The first unknown column in the role's place holding anything, if it fits: an actual right
    of the target, a level-3 name left of it (and its names all different), a target by the
    operators its values print."""
    schema = canonical_schema()
    fits: dict[str, Callable[[str], bool]] = {
        "level1": lambda t: match_value_name(strip_weight(t), schema.level1) is not None,
        "level2": lambda t: match_value_name(t, schema.all_level2()) is not None,
        "level3": _is_indicator_name,
        "target": _is_value,
        "actual": _is_value,
    }
    after, before = _place(builder, role)
    for column in (c for c in _unknown(builder) if after < c.header.col < before):
        texts = _texts(builder, column.label)
        bounded = after >= 0 and before < _NOWHERE
        if len(texts) < (1 if role == "level3" and bounded else _MIN_ROWS):
            continue  # one name suffices where both neighbours of the level-3 column are known
        if role == "level3" and len(set(texts)) < _DISTINCT * len(texts):
            continue
        if role == "target" and sum(1 for t in texts if _has_op(t)) < _WITH_OPS * len(texts):
            continue  # an actual (or any value column) prints no operators
        hits = sum(1 for t in texts if fits[role](t))
        return column.label if hits >= _SHARE * len(texts) else None
    return None


def _place(builder: FormBuilder, role: str) -> tuple[int, int]:
    """Columns (exclusive bounds) where the role may stand: an actual after the target, a level-3
    name after the level columns and before the values."""
    columns = builder.ind_columns.columns if builder.ind_columns is not None else ()
    at = {c.key: c.header.col for c in columns if c.key is not None}
    if role == "actual":
        return (at["target"], _NOWHERE) if "target" in at else (_NOWHERE, 0)
    if role == "level3":
        values = [at[k] for k in ("target", "actual", "op", "unit", "weight", "score") if k in at]
        return max(at.get("level1", -1), at.get("level2", -1)), min(values, default=_NOWHERE)
    return -1, _NOWHERE


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


def _number_role(label: str, rows: list[IndicatorRow], keys: set[str]) -> str | None:
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
    if "score" not in keys and "weight" not in keys:
        total = sum(n for n, _ in numbers)
        return "weight" if any(abs(total - w) < 0.5 for w in WEIGHT_SUMS) else "score"
    return None


def _promote(builder: FormBuilder, label: str, role: str) -> None:
    above: Field | None = None
    for index, row in enumerate(builder.indicators):
        field = row.extra.pop(label, None)
        if field is not None and field.text:
            field = field.model_copy(
                update={"value": parse_for_path(f"indicators[{index}].{role}", field.text)}
            )
        elif role in ("level1", "level2") and above is not None:
            field = above.model_copy(deep=True)  # a level cell merged over the rows below it
        if field is not None:
            setattr(row, role, field)
            above = field
    assert builder.ind_columns is not None
    columns = tuple(
        replace(c, key=role) if c.label == label and c.key is None else c for c in builder.ind_columns.columns
    )
    builder.ind_columns = replace(builder.ind_columns, columns=columns)
    builder.note_review(f"「{label}」列按内容判定为{_NAMES[role]} (column role from content)")
