"""Test helper: forms of the variants of form.md §5 as marker grids (see grids.py).

Column 0 holds the block titles; the indicator columns take one grid column each from column 1;
funds values take one each from column 3 (their row label spans columns 1–2). The last cell of a
row is merged to the right edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .grids import LEFT, UP

Cells = tuple[str, ...]


@dataclass(frozen=True)
class VariantForm:
    header: tuple[tuple[str, str], ...]  # (label, value) pairs of each header row, in print order
    funds_title: str
    funds_columns: Cells
    funds: tuple[tuple[str, Cells], ...]
    ind_title: str
    ind_columns: Cells  # 一级, 二级, …
    indicators: tuple[Cells, ...]  # one text per indicator column; "" under 一级/二级 = merged from above
    total: Cells = ("总分", "100", "100")  # label, weight, score
    goal_labels: tuple[str, str] = ("预期目标", "实际完成情况")
    goals: tuple[str, str] = ("完成年度工作任务。", "已完成年度工作任务。")
    tail: tuple[tuple[str, str], ...] = ()
    header_rows: tuple[int, ...] = (1, 2)  # how many pairs each header row holds


def width(form: VariantForm) -> int:
    return 1 + max(len(form.ind_columns), 2 + len(form.funds_columns), 4)


def _row(cells: list[str], n: int) -> list[str]:
    return cells + [LEFT] * (n - len(cells))


def variant_rows(form: VariantForm, *, with_total: bool = True) -> list[list[str]]:
    n = width(form)
    rows: list[list[str]] = []
    pairs = list(form.header)
    for count in form.header_rows:
        row: list[str] = []
        for label, value in pairs[:count]:
            row += [label, LEFT, value] if not row else [label, value]
        pairs = pairs[count:]
        rows.append(_row(row, n))
    rows.append(_row([form.funds_title, "", LEFT, *form.funds_columns], n))
    for label, cells in form.funds:
        rows.append(_row([UP, label, LEFT, *cells], n))
    half = 1 + (n - 1) // 2
    rows.append(_row(["年度总体目标", form.goal_labels[0], *[LEFT] * (half - 2), form.goal_labels[1]], n))
    rows.append(_row([UP, form.goals[0], *[LEFT] * (half - 2), form.goals[1]], n))
    rows.append(_row([form.ind_title, *form.ind_columns], n))
    for cells in form.indicators:
        rows.append(_row([UP, *(c if c or j > 1 else UP for j, c in enumerate(cells))], n))
    total = total_row(form) if with_total else None
    if total is not None:
        rows.append(total)
    for label, value in form.tail:
        rows.append(_row([label, LEFT, LEFT, value], n))
    return rows


def total_row(form: VariantForm) -> list[str] | None:
    """总分 under the label columns, its weight and score under the 分值 and 得分 columns."""
    n = width(form)
    labels = list(form.ind_columns)
    weights = [1 + i for i, c in enumerate(labels) if c in ("分值", "权重", "指标权重")]
    scores = [1 + i for i, c in enumerate(labels) if c in ("得分", "指标得分")]
    if not weights or not scores:
        return None
    weight_col, score_col = weights[0], scores[0]
    row = [form.total[0]] + [LEFT] * (min(weight_col, score_col) - 1)
    for col in range(min(weight_col, score_col), n):
        row.append(form.total[1] if col == weight_col else form.total[2] if col == score_col else "")
    return row
