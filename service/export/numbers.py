"""Which fields are numbers in a spreadsheet, and with which number format: a finance office sums
amounts and rates, so they must be numbers, not text that looks like one."""

from __future__ import annotations

from models.record import Field

AMOUNT_FORMAT, RATE_FORMAT, SCORE_FORMAT = "#,##0.00", "0.00%", "0.##"
_AMOUNTS = {"budget_initial", "budget_full_year", "executed"}
_RATES = {"exec_rate"}  # stored as a fraction (65.6% → 0.656), so Excel's % format shows it right
_SCORES = {"exec_weight", "exec_score", "weight", "score", "total_weight", "total_score"}


def number_format(path: str) -> str | None:
    """The number format of the field at record path `path`; None for a field that is not a number."""
    if path.startswith("level1_weights."):
        return SCORE_FORMAT
    column = path.rsplit(".", 1)[-1]
    if column in _AMOUNTS:
        return AMOUNT_FORMAT
    if column in _RATES:
        return RATE_FORMAT
    return SCORE_FORMAT if column in _SCORES else None


def numeric_value(path: str, field: Field) -> tuple[float, str] | None:
    """(the number, its format) when the field at `path` is a parsed number; None otherwise
    (text, a dash, a value that did not parse: those stay text as printed)."""
    fmt = number_format(path)
    value = field.value
    if fmt is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value), fmt
