"""Which parser reads which field: used wherever printed text becomes a typed value again
(the mapper, a reviewer's correction, an arithmetic repair suggestion)."""

from __future__ import annotations

from models import parsing
from models.paths import iter_fields
from models.record import FieldValue, Form
from models.values import NaValue, TextValue

AMOUNT_COLUMNS = frozenset({"budget_initial", "budget_full_year", "executed"})
NUMBER_COLUMNS = frozenset({"exec_weight", "exec_score", "weight", "score"})
VALUE_COLUMNS = frozenset({"target", "actual"})
NUMBER_FIELDS = frozenset({"total_weight", "total_score"})


def parse_for_path(path: str, text: str, *, funds_unit: str = "万元") -> FieldValue:
    """The typed value of `text` printed at record path `path` (see models.paths)."""
    column = path.rsplit(".", 1)[-1]
    if path.startswith("funds."):
        if column in AMOUNT_COLUMNS:
            return parsing.parse_amount(text, block_unit=funds_unit)
        if column == "exec_rate":
            return parsing.parse_rate(text)
        if column in NUMBER_COLUMNS:
            return parsing.parse_number(text)
        return text
    if path.startswith("indicators["):
        if column in VALUE_COLUMNS:
            return parsing.parse_indicator_value(text)
        if column in NUMBER_COLUMNS:
            return parsing.parse_number(text)
        if column == "deviation":
            return NaValue() if parsing.is_na(text) else TextValue()
        return text
    if path.startswith("level1_weights.") or column in NUMBER_FIELDS:
        return parsing.parse_number(text)
    if column == "fiscal_year":
        return parsing.parse_year(text)
    return text


def is_numeric_path(path: str) -> bool:
    column = path.rsplit(".", 1)[-1]
    return (
        column in AMOUNT_COLUMNS
        or column in NUMBER_COLUMNS
        or column in NUMBER_FIELDS
        or column == "exec_rate"
        or path.startswith("level1_weights.")
    )


def reparse_form(form: Form) -> Form:
    """A copy of `form` whose every value is re-derived from its printed text."""
    unit = form.funds.unit or "万元"
    updated = form.model_copy(deep=True)
    for path, field in list(iter_fields(updated)):
        field.value = parse_for_path(path, field.text, funds_unit=unit)
    return updated
