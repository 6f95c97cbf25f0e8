"""Column maps of damaged header rows: each id goes to one column, ambiguity settled by the neighbours."""

from __future__ import annotations

import pytest

from extraction.mapping import map_pages
from extraction.mapping.columns import build_columns
from models.canonical import LabelGroup

from .grids import make_page, make_table
from .test_variants import national
from .variants import variant_rows


def keys(labels: list[str], group: LabelGroup) -> list[str | None]:
    table = make_table([labels])
    return [c.key for c in build_columns(table.cells, table, group, None).columns]


@pytest.mark.parametrize(
    ("labels", "want"),
    [
        (["一级指标", "口级指标", "三级指标"], ["level1", "level2", "level3"]),
        (["级指标", "二级口标", "三级指标："], ["level1", "level2", "level3"]),
        (["口效指标(90分)", "级指标", "二级口标", "三级指标"], [None, "level1", "level2", "level3"]),
        (
            ["一级 指标", "二 级指标", "三级指口", "年度指标口", "实际完成值"],
            ["level1", "level2", "level3", "target", "actual"],
        ),
        (
            ["一级指标", "二级指标", "三级指标", "年初指标值", "调整指标值"],
            ["level1", "level2", "level3", "target", None],
        ),
        (["一级指标", "得分系数(%)", "是否核心指标"], ["level1", None, None]),
    ],
)
def test_indicator_columns(labels: list[str], want: list[str | None]) -> None:
    assert keys(labels, "indicator_columns") == want


@pytest.mark.parametrize(
    ("labels", "want"),
    [
        (
            ["口年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
            ["budget_full_year", "executed", "exec_weight", "exec_rate", "exec_score"],
        ),
        (
            ["年初预", "调整后预算数", "预算执行口", "预算执行", "权重", "得分", "原因"],
            [
                "budget_initial",
                "budget_full_year",
                "executed",
                "exec_rate",
                "exec_weight",
                "exec_score",
                "exec_reason",
            ],
        ),
    ],
)
def test_funds_columns(labels: list[str], want: list[str | None]) -> None:
    assert keys(labels, "funds_columns") == want


def test_a_lost_wan_does_not_shrink_amounts() -> None:
    """`项目资金（元）` over amounts that cannot be 元 (a project under 1万元) is read as 万元."""
    for title, unit, executed in (("项目资金（元）", "万元", 72.0), ("项目资金（万元）", "万元", 72.0)):
        form = national(funds_title=title, funds=(("年度资金总额", ("80", "80", "72", "10", "90%", "9")),))
        (got,) = map_pages([make_page(0, [make_table(variant_rows(form))])])
        assert (
            got.funds.unit == unit
            and got.funds.rows[0].executed
            and got.funds.rows[0].executed.value == executed
        )
    form = national(
        funds_title="项目资金（元）",
        funds=(("年度资金总额", ("800000", "800000", "720000", "10", "90%", "9")),),
    )
    (got,) = map_pages([make_page(0, [make_table(variant_rows(form))])])
    assert got.funds.unit == "元" and got.funds.rows[0].executed and got.funds.rows[0].executed.value == 72
