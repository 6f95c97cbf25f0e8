"""Column sets of the layouts of form.md §5 and small helpers that keep the form files terse."""

from __future__ import annotations

from models.record import FundsRowId
from samplegen.spec import Column, FundsLine, Indicator, LabeledValue

C = Column

NATIONAL_FUNDS = (
    C("budget_initial", "年初预算数"),
    C("budget_full_year", "全年预算数"),
    C("executed", "全年执行数"),
    C("exec_weight", "分值", 0.75),
    C("exec_rate", "执行率", 0.85),
    C("exec_score", "得分", 0.75),
)
HUBEI_FUNDS = (*NATIONAL_FUNDS[:5], C("exec_score", "得分(分*执行率)", 1.0))
TRANSFER_FUNDS = (
    C("budget_full_year", "全年预算数(A)"),
    C("executed", "全年执行数(B)"),
    C("exec_weight", "分值", 0.7),
    C("exec_rate", "执行率(B/A)", 0.9),
    C("exec_score", "得分", 0.7),
)
SICHUAN_FUNDS = (
    C("budget_initial", "年初预算", 0.9),
    C("budget_full_year", "调整后预算数", 0.9),
    C("executed", "预算执行数", 0.9),
    C("exec_rate", "预算执行率", 0.9),
    C("exec_weight", "权重", 0.6),
    C("exec_score", "得分", 0.6),
    C("exec_reason", "原因", 1.5),
)
CHONGQING_FUNDS = (
    C("budget_initial", "年初预算数"),
    C("budget_full_year", "全年预算数"),
    C("executed", "全年执行数"),
    C("exec_weight", "执行率权重", 0.9),
    C("exec_rate", "执行率", 0.8),
    C("exec_score", "执行率得分", 0.9),
)

L1 = C("level1", "一级指标", 1.1)
L2 = C("level2", "二级指标", 1.3)
NATIONAL_IND = (
    L1,
    L2,
    C("level3", "三级指标", 3.0),
    C("target", "年度指标值", 1.35),
    C("actual", "实际完成值", 1.35),
    C("weight", "分值", 0.8),
    C("score", "得分", 0.8),
    C("deviation", "偏差原因分析及改进措施", 2.5),
)
YUNNAN_IND = (
    L1,
    L2,
    C("level3", "三级指标", 2.8),
    C("op", "指标性质", 0.8),
    C("target", "指标值", 0.95),
    C("unit", "度量单位", 0.8),
    C("actual", "实际完成值", 1.1),
    C("weight", "分值", 0.75),
    C("score", "得分", 0.75),
    C("deviation", "偏差原因分析及改进措施", 2.0),
)
SICHUAN_IND = (
    L1,
    L2,
    C("level3", "三级指标", 2.8),
    C("op", "指标性质", 0.8),
    C("target", "指标值", 0.95),
    C("unit", "度量单位", 0.8),
    C("actual", "完成值", 1.0),
    C("weight", "权重", 0.75),
    C("score", "得分", 0.75),
    C("deviation", "未完成原因分析", 2.0),
)
TRANSFER_IND = (
    L1,
    L2,
    C("level3", "三级指标", 2.8),
    C("weight", "分值", 0.8),
    C("target", "年度指标值", 1.3),
    C("actual", "全年实际值", 1.3),
    C("score", "得分", 0.8),
    C("deviation", "未完成原因及拟采取的改进措施", 2.4),
)
CHONGQING_IND = (
    L1,
    L2,
    C("level3", "三级指标", 2.6),
    C("target", "年初指标值", 1.1),
    C("extra", "调整指标值", 1.1),
    C("actual", "全年完成值", 1.1),
    C("extra", "得分系数(%)", 0.8),
    C("weight", "指标权重", 0.75),
    C("score", "指标得分", 0.75),
    C("extra", "是否核心指标", 0.75),
)


def head(project: str, dept: str, unit: str) -> tuple[tuple[LabeledValue, ...], ...]:
    return (
        (LabeledValue("项目名称", project, "project_name"),),
        (LabeledValue("主管部门", dept, "competent_dept"), LabeledValue("实施单位", unit, "impl_unit")),
    )


def fl(row: FundsRowId, label: str, *cells: str) -> FundsLine:
    return FundsLine(row, label, tuple(cells))


def inds(*rows: tuple[str, ...]) -> tuple[Indicator, ...]:
    """Rows `(一级, 二级, cells…)`; an empty 一级/二级 repeats the one above (a merged cell)."""
    out: list[Indicator] = []
    l1 = l2 = ""
    for row in rows:
        if row[0]:
            l1, l2 = row[0], ""
        l2 = row[1] or l2
        out.append(Indicator(l1, l2, tuple(row[2:])))
    return tuple(out)
