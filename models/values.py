"""Typed values of indicator cells (form.md §3): comparison, date, qualitative, not-applicable, text."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class Op(StrEnum):
    GE = "GE"
    GT = "GT"
    EQ = "EQ"
    LE = "LE"
    LT = "LT"
    ABOUT = "ABOUT"  # 左右: roughly equal, scored like EQ


class QualClass(StrEnum):
    ACH = "ACH"  # achieved
    PART = "PART"  # partly achieved
    NOT = "NOT"  # not achieved


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CmpValue(_Value):
    """`[op] num [unit] [sfx]`: ≥95%, 不低于90%, 30万元以内, 150万, 98%."""

    kind: Literal["cmp"] = "cmp"
    op: Op | None = None
    number: float
    unit: str | None = None


class DateValue(_Value):
    """Deadlines and periods: 2022年12月底前, 年底前, 按月, 第3季度."""

    kind: Literal["date"] = "date"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    period: str | None = None  # 按月 / 按季 / 按时 / 及时
    deadline: bool = False  # 前 / 以前 / 内: the date is a deadline, not a point


class QualValue(_Value):
    kind: Literal["qual"] = "qual"
    cls: QualClass
    ambiguous: bool = False  # 较好 can be ACH or PART


class NaValue(_Value):
    kind: Literal["na"] = "na"


class TextValue(_Value):
    """Anything the grammar does not cover; the printed text stays in the field."""

    kind: Literal["text"] = "text"


IndicatorValue = Annotated[
    CmpValue | DateValue | QualValue | NaValue | TextValue, Field(discriminator="kind")
]
