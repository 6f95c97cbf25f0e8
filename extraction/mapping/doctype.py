"""Is what was read a self-assessment form at all? Several cues together, each worth a share.

A table with a 合计 row or a 项目名称 cell is not yet a form: annual reports, settlement statements and
budget tables print those too. The cues that only these forms carry are the title, the indicator grid
(一级/二级/三级指标 columns, 产出指标 / 数量指标 names down the rows) and a funds block laid out by its
own column labels. A candidate below the threshold yields no form; its reason is kept.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from extraction.mapping.builder import FormBuilder
from extraction.mapping.labels import match_value_name, strip_weight
from models.canonical import canonical_schema

# Shares of the evidence (they add up past 1 on a complete form).
TITLE = 0.5  # 项目支出绩效自评表 / 绩效目标自评表 … printed above or inside the table
IND_COLUMNS = 0.3  # an indicator header with ≥ 3 indicator-only column labels
IND_NAMES = 0.25  # indicator rows whose level cells read 产出指标 / 数量指标 …
FUNDS = 0.2  # a funds header with ≥ 2 funds-only labels and a row of a known funding source
HEADER = 0.15  # 项目名称 with 主管部门 or 实施单位
GOALS = 0.1  # 预期目标 / 实际完成情况
TOTAL = 0.05  # 总分 / 自评总分
THRESHOLD = 0.45

_IND_ONLY = frozenset({"level1", "level2", "level3", "target", "op", "unit", "actual", "deviation"})
_FUNDS_ONLY = frozenset({"budget_initial", "budget_full_year", "executed", "exec_rate"})


class Verdict(BaseModel):
    """The judgement on one candidate form: its score, the cues found and, when refused, why."""

    model_config = ConfigDict(frozen=True)

    score: float
    cues: tuple[str, ...]

    @property
    def is_form(self) -> bool:
        return self.score >= THRESHOLD

    def reason(self) -> str:
        found = ", ".join(self.cues) if self.cues else "none"
        return (
            f"not a self-assessment form: evidence {self.score:.2f} < {THRESHOLD} "
            f"(cues found: {found}; a form has a title, an indicator grid or a funds block by its labels)"
        )


def _named_levels(builder: FormBuilder) -> tuple[int, int]:
    """Indicator rows whose level-1 or level-2 cell is a known indicator name, and rows with any
    level text at all (a continuation's first rows print none: their level cells are on the page
    before)."""
    schema = canonical_schema()
    names = (*schema.level1, *schema.all_level2())
    named = with_levels = 0
    for row in builder.indicators:
        texts = [f.text for f in (row.level1, row.level2) if f is not None and f.text]
        with_levels += bool(texts)
        if any(match_value_name(strip_weight(t), names) for t in texts):
            named += 1
    return named, with_levels


def judge(builder: FormBuilder) -> Verdict:
    cues: list[tuple[str, float]] = []
    f = builder.fields
    if f.form_title is not None:
        cues.append(("title", TITLE))
    ind_keys = set(builder.ind_columns.keys()) if builder.ind_columns is not None else set()
    labelled = len(ind_keys & _IND_ONLY)
    if labelled >= 3 and (builder.indicators or labelled >= 4):  # a page may end under its header
        cues.append(("indicator columns", IND_COLUMNS))
    named, with_levels = _named_levels(builder)
    if named >= min(2, with_levels) > 0:
        cues.append(("indicator names", IND_NAMES))
    funds_keys = set(builder.funds_columns.keys()) if builder.funds_columns is not None else set()
    if len(funds_keys & _FUNDS_ONLY) >= 2 and builder.funds.rows:
        cues.append(("funds block", FUNDS))
    if f.project_name is not None and (f.competent_dept is not None or f.impl_unit is not None):
        cues.append(("project header", HEADER))
    if f.goal_expected is not None or f.goal_actual is not None:
        cues.append(("goals", GOALS))
    if f.total_score is not None:
        cues.append(("total", TOTAL))
    return Verdict(score=round(sum(w for _, w in cues), 4), cues=tuple(n for n, _ in cues))
