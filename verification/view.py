"""A form digested once for all rules: record paths, numbers with their precision, parsed values,
level-1 groups and the rows that are entirely not applicable."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from models import parsing
from models.canonical import canonical_schema
from models.ids import funds_keys
from models.record import Field, Finding, Form, FundsRow, IndicatorRow, Severity
from models.values import CmpValue, DateValue, IndicatorValue, NaValue, QualValue, TextValue
from verification.numbers import Num, amount, number
from verification.profiles import RuleProfile

_WEIGHT_IN_LABEL = re.compile(r"[(（]\s*([0-9.]+)\s*分?\s*[)）]")
_TRAILING_WEIGHT = re.compile(r"(?<=[^0-9.])[0-9]+(?:\.[0-9]+)?分$")  # `项目管理13分` → 项目管理
_BRACKETS = re.compile(r"[(（].*?[)）]")
_VALUE_TYPES = (CmpValue, DateValue, QualValue, NaValue, TextValue)


@dataclass(slots=True)
class FundsLine:
    prefix: str  # record path prefix: funds.total, funds.other[1]
    row: FundsRow

    def path(self, column: str) -> str:
        return f"{self.prefix}.{column}"


@dataclass(slots=True)
class IndicatorLine:
    index: int
    row: IndicatorRow
    level1: str  # carried down from the merged cell above when the row has none
    na: bool  # every value of the row is 无 / — / blank
    target: IndicatorValue
    actual: IndicatorValue
    weight: Num | None
    score: Num | None

    def path(self, column: str) -> str:
        return f"indicators[{self.index}].{column}"

    @property
    def has_deviation(self) -> bool:
        return self.row.deviation is not None and not parsing.is_na(self.row.deviation.text)


@dataclass(slots=True)
class FormView:
    form: Form
    profile: RuleProfile
    funds: list[FundsLine] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)

    @property
    def total(self) -> FundsLine | None:
        return next((line for line in self.funds if line.row.row == "total"), None)

    @property
    def parts(self) -> list[FundsLine]:
        return [line for line in self.funds if line.row.row != "total"]

    _amounts: dict[str, Num | None] = field(default_factory=dict)  # several rules read each amount

    def amount(self, line: FundsLine, column: str) -> Num | None:
        path = line.path(column)
        if path not in self._amounts:
            self._amounts[path] = amount(line.row.column(column), path, self.form.funds.unit or "万元")
        return self._amounts[path]

    def exec_weight(self) -> Num | None:
        """分值 of the funds block: the total row's cell, else the block title `预算执行情况(10分)`."""
        total = self.total
        if total is not None and (n := number(total.row.exec_weight, total.path("exec_weight"))) is not None:
            return n
        title = self.form.funds.title
        if title is not None and (m := _WEIGHT_IN_LABEL.search(parsing.normalize_text(title.text))):
            return Num(float(m.group(1)), 0.0, 0.0, "funds.title", tuple(title.cells), title.text)
        return None

    def exec_score(self) -> Num | None:
        total = self.total
        return None if total is None else number(total.row.exec_score, total.path("exec_score"))

    def field_num(self, name: str) -> Num | None:
        return number(getattr(self.form.fields, name), f"fields.{name}")

    def applicable(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if not line.na]


def level1_name(text: str) -> str:
    """`产出指标(50分)` → 产出指标; `产出` → 产出指标; anything else as printed, brackets removed."""
    name = _TRAILING_WEIGHT.sub("", _BRACKETS.sub("", parsing.normalize_text(text)))
    if name and not name.endswith("指标") and f"{name}指标" in canonical_schema().level1:
        name += "指标"
    return name


def label_weight(field: Field) -> float | None:
    """The weight a level-1 label carries: its value, else `(50分)` in its text."""
    if isinstance(field.value, int | float) and not isinstance(field.value, bool):
        return float(field.value)
    m = _WEIGHT_IN_LABEL.search(parsing.normalize_text(field.text))
    return float(m.group(1)) if m else parsing.parse_number(field.text)


def indicator_value(value_field: Field | None, op: Field | None, unit: Field | None) -> IndicatorValue:
    """The parsed value; where 指标性质 / 度量单位 sit in their own cells they fill in what it lacks."""
    if value_field is None:
        return NaValue()
    value = value_field.value
    if isinstance(value, _VALUE_TYPES):
        parsed: IndicatorValue = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = CmpValue(number=float(value))
    else:
        return parsing.combine_split(op.text if op else "", value_field.text, unit.text if unit else "")
    if isinstance(parsed, CmpValue) and (parsed.op is None or parsed.unit is None):
        fill_op = parsing.parse_op(op.text) if op is not None else None
        fill_unit = parsing.normalize_unit(unit.text) if unit is not None else None
        parsed = parsed.model_copy(update={"op": parsed.op or fill_op, "unit": parsed.unit or fill_unit})
    return parsed


def _row_is_na(row: IndicatorRow) -> bool:
    cells = (row.target, row.actual, row.weight, row.score)
    return all(f is None or parsing.is_na(f.text) for f in cells)


def build_view(form: Form, profile: RuleProfile) -> FormView:
    view = FormView(form, profile)
    for prefix, row in funds_keys(form.funds.rows):
        view.funds.append(FundsLine(prefix, row))
    level1 = ""
    for i, ind in enumerate(form.indicators):
        if ind.level1 is not None and ind.level1.text.strip():
            level1 = level1_name(ind.level1.text)
        view.indicators.append(
            IndicatorLine(
                index=i,
                row=ind,
                level1=level1,
                na=_row_is_na(ind),
                target=indicator_value(ind.target, ind.op, ind.unit),
                actual=indicator_value(ind.actual, None, ind.unit),
                weight=number(ind.weight, f"indicators[{i}].weight"),
                score=number(ind.score, f"indicators[{i}].score"),
            )
        )
    return view


def make_finding(
    rule: str,
    severity: Severity,
    message: str,
    nums: Sequence[Num | None] = (),
    *,
    paths: list[str] | None = None,
    cells: list[str] | None = None,
    expected: object = None,
    found: object = None,
) -> Finding:
    """A finding whose paths and cells are those of `nums` (then `paths` / `cells`), deduplicated."""
    present = [n for n in nums if n is not None]
    all_paths = [n.path for n in present] + (paths or [])
    all_cells = [c for n in present for c in n.cells] + (cells or [])
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        paths=list(dict.fromkeys(all_paths)),
        cells=list(dict.fromkeys(all_cells)),
        expected=expected,
        found=found,
    )
