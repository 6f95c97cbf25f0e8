"""A randomised form: what is printed, block by block, and where its pages are cut.

Unlike samplegen.spec.FormSpec (the fixed layouts of the 23 sample forms) every block here is
optional and its columns come in any order and spelling; the ground truth is read back from the
tags the grid gives each cell (samplegen/variety/truth.py), never from a mapper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.record import FundsRowId
from samplegen.spec import LabeledValue

TotalMode = Literal["grid", "row", "none"]
CutKind = Literal["none", "ind", "before_ind", "before_total"]


@dataclass(frozen=True)
class VCol:
    """A printed column: a record column id (or `extra`), its label, its relative width, and for a
    two-row header the label of the upper cell it sits under ("" = the label spans both rows)."""

    key: str
    label: str
    width: float = 1.0
    group: str = ""


@dataclass(frozen=True)
class VFundsLine:
    row: FundsRowId
    label: str
    cells: tuple[str, ...]  # one text per funds column


@dataclass(frozen=True)
class VFunds:
    title: str
    columns: tuple[VCol, ...]  # measures (年初预算数, 全年预算数, …)
    lines: tuple[VFundsLine, ...]  # sources (年度资金总额, 其中：当年财政拨款, …)
    transposed: bool = False  # sources across as columns, measures down as rows
    bare: bool = False  # no column labels: `年度资金总额 | 300` (the amount is the full-year budget)
    corner: str = ""

    @property
    def two_row(self) -> bool:
        """Column labels on two rows: an upper cell (预算数) over some of them (年初 / 全年)."""
        return not self.transposed and any(c.group for c in self.columns)


@dataclass(frozen=True)
class VInd:
    level1: str
    level2: str
    cells: tuple[str, ...]  # one text per indicator column after 一级/二级


@dataclass(frozen=True)
class VGoals:
    title: str
    labels: tuple[str, str]
    expected: str
    actual: str


@dataclass(frozen=True)
class VScoring:
    """A Hubei-style scoring sheet: 项目决策 / 项目管理 / 产出 / 效益, each with a weight and a score,
    and 自评总分 beside the rows or under them. The record has no place for the rows (→ unmapped)."""

    title: str
    columns: tuple[str, str, str]  # 评价内容 · 分值 · 得分
    rows: tuple[tuple[str, str, str], ...]
    total_label: str
    total_score: str
    beside: bool


@dataclass(frozen=True)
class VForm:
    form_id: str
    family: str
    seed: int
    year: int
    title: str
    year_line: str  # "" when the year sits inside the title
    header: tuple[tuple[LabeledValue, ...], ...]
    funds: VFunds | None
    goals: VGoals | None
    ind_title: str  # "" → no left block column beside the indicator grid
    ind_columns: tuple[VCol, ...]  # 一级, 二级, then the rest
    indicators: tuple[VInd, ...]
    total_mode: TotalMode
    total_label: str
    total_weight: str
    total_score: str
    scoring: VScoring | None = None
    tail: tuple[LabeledValue, ...] = ()
    note_line: str = ""
    cut: CutKind = "none"
    cut_at: int = 0  # indicator rows on the first page when cut == "ind"
    repeat_header: bool = True
    last_page_only: bool = False  # the document is the continuation page alone
    axes: tuple[str, ...] = ()  # the variation axes this form exercises (for the report)
    outside_spellings: tuple[str, ...] = ()  # labels printed that canonical.json does not know
    # added for the tune families of the held-out structures; left out of form.json at their
    # defaults (build.form_json) so the older families' files stay byte for byte the same
    first_page_only: bool = False  # the document is the first page alone (no total, no tail)
    carried_blank: bool = False  # a continuation page leaves the 一级/二级 cells carried over blank

    @property
    def two_row(self) -> bool:
        return any(c.group for c in self.ind_columns)
