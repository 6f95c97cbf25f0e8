"""A form as printed: the data every rendering and its ground truth are made from.

Texts are exactly what the paper shows (inconsistent numbers included); the typed values of the
ground truth are parsed from them, so a form file never states a value twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models.record import FundsRowId

LayoutKind = Literal["national", "sichuan", "transfer", "hubei", "chongqing", "yunnan"]
SealTarget = Literal["unit", "total"]

# A header key names the FormFields entry the value fills; None keeps the row in `unmapped`.
HeaderKey = Literal["project_name", "competent_dept", "impl_unit", "grade"] | None


@dataclass(frozen=True)
class Column:
    """A printed column: `key` is a record column id (FUNDS_COLUMNS / INDICATOR_COLUMNS) or, for a
    column the record has no id for, `extra` (the value then lands in IndicatorRow.extra)."""

    key: str
    label: str
    width: float = 1.0  # relative width inside its block


@dataclass(frozen=True)
class LabeledValue:
    label: str
    value: str
    key: HeaderKey = None


@dataclass(frozen=True)
class FundsLine:
    row: FundsRowId
    label: str
    cells: tuple[str, ...]  # one text per funds column


@dataclass(frozen=True)
class Indicator:
    level1: str  # as printed in the merged cell, weight included: 产出指标(50分)
    level2: str
    cells: tuple[str, ...]  # one text per indicator column after 一级/二级


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    layout: LayoutKind
    year: int
    title: str  # 石嘴山市项目支出绩效自评表
    year_line: str  # （2022年度）
    header: tuple[tuple[LabeledValue, ...], ...]  # one tuple per printed row
    funds_title: str
    funds_columns: tuple[Column, ...]
    funds: tuple[FundsLine, ...]
    goal_title: str
    goal_labels: tuple[str, str]
    goal_expected: str
    goal_actual: str
    ind_title: str
    ind_columns: tuple[Column, ...]  # 一级, 二级, then the rest
    indicators: tuple[Indicator, ...]
    total_label: str
    total_weight: str
    total_score: str
    tail: tuple[LabeledValue, ...] = ()  # 自评等级, 存在问题, 填报日期 …
    note_line: str = ""  # a line between title and table, e.g. 单位：万元
    sign_line: str = ""  # a line under the table: 单位负责人：…　填报人：…
    bold_total: bool = False
    page1_indicators: int | None = None  # force the page break after this many indicator rows
    repeat_header: bool = True  # the continuation page repeats the indicator column labels
    seal_target: SealTarget = "unit"
    quirks: tuple[str, ...] = ()  # deliberate inconsistencies, for the verifier's tests
    source: str = field(default="composed")  # seed / composed

    def header_value(self, key: str) -> LabeledValue | None:
        for row in self.header:
            for item in row:
                if item.key == key:
                    return item
        return None
