"""Printed numbers with their printed precision, and the comparisons the rules make with them.

A number printed as `54.65` stands for anything in [54.645, 54.655): the rules compare at that
precision (± half of the last printed digit) and never flag a difference rounding explains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from models import parsing
from models.record import Field

EPS = 1e-9
_AMOUNT_UNIT = re.compile(r"(亿元|亿|万元|万|元)$")
_TO_WAN = {"亿元": 1e4, "亿": 1e4, "万元": 1.0, "万": 1.0, "元": 1e-4}


@dataclass(frozen=True, slots=True)
class Num:
    """A number read from a field: `tol` is half of its last printed digit, `ulp` the whole digit."""

    value: float
    tol: float
    ulp: float
    path: str
    cells: tuple[str, ...]
    text: str


def _numeric(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _read(
    field: Field | None, path: str, parse: Callable[[str], float | None], scale: Callable[[str, float], float]
) -> Num | None:
    if field is None:
        return None
    value = _numeric(field.value)
    if value is None:
        if parsing.is_na(field.text):
            return None
        value = parse(field.text)
        if value is None:
            return None
    ulp = scale(field.text, value) * 10.0 ** -parsing.printed_decimals(field.text)
    return Num(value, ulp / 2, ulp, path, tuple(field.cells), field.text)


def amount(field: Field | None, path: str, block_unit: str = "万元") -> Num | None:
    """An amount in 万元 (`72890元` → 7.289 ± 0.00005)."""

    def scale(text: str, _: float) -> float:
        m = _AMOUNT_UNIT.search(parsing.normalize_text(text))
        return _TO_WAN.get(m.group(1) if m else parsing.normalize_text(block_unit), 1.0)

    return _read(field, path, lambda t: parsing.parse_amount(t, block_unit), scale)


def rate(field: Field | None, path: str) -> Num | None:
    """A rate as a fraction (`83.5%` → 0.835 ± 0.0005; a bare ratio `1.00` → 1.0 ± 0.005)."""

    def scale(text: str, value: float) -> float:
        printed = parsing.parse_number(text.replace("%", "").replace("％", ""))
        return 1.0 if printed is not None and abs(printed - value) < EPS else 0.01

    return _read(field, path, parsing.parse_rate, scale)


def number(field: Field | None, path: str) -> Num | None:
    """A weight or a score (`20分` → 20 ± 0.5)."""
    return _read(field, path, parsing.parse_number, lambda _t, _v: 1.0)


def sum_slack(nums: list[Num]) -> float:
    """How far a printed sum may be off its printed parts: each number is taken at the finest
    precision printed among them (a `150` next to `57.4538` is exact, not 150 ± 0.5)."""
    return len(nums) * min((n.tol for n in nums), default=0.0)


def close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + EPS


def printed_match(expected: float, printed: Num, slack: float = 0.0) -> bool:
    """`printed` is `expected` rounded or truncated at its printed precision, give or take `slack`
    (the uncertainty of the inputs `expected` was computed from)."""
    if close(expected, printed.value, printed.tol + slack):
        return True
    return -EPS - slack <= expected - printed.value < printed.ulp + slack


def fmt(x: float) -> str:
    """A number as a reviewer reads it: `10`, `8.6`, `54.65`, `7.2890` → `7.289`."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(x: float) -> str:
    return fmt(x * 100) + "%"
