"""Label matching: every canonical spelling, OCR damage, reviewer synonyms, and values that must not match."""

from __future__ import annotations

import pytest

from extraction.mapping import match_label, normalize_label
from extraction.mapping.rows import block_title
from models.canonical import LabelGroup, canonical_schema
from models.record import Cell

from .seed import DEPT, SEED_FORMS, UNIT

GROUPS: tuple[LabelGroup, ...] = ("header", "funds_rows", "funds_columns", "indicator_columns")


@pytest.mark.parametrize("group", GROUPS)
def test_every_spelling_matches_its_own_id(group: LabelGroup) -> None:
    for spec in canonical_schema().group(group):
        for spelling in spec.spellings:
            found = match_label(spelling, group)
            assert found is not None and found.id == spec.id and found.score == 1.0, spelling


@pytest.mark.parametrize(
    ("text", "group", "field_id"),
    [
        ("主管部1", "header", "competent_dept"),  # a wrong character
        ("实 施单位:", "header", "impl_unit"),  # a space inside, a trailing colon
        ("实施单", "header", "impl_unit"),  # a missing character
        ("项目名称：", "header", "project_name"),  # full-width colon
        ("总 分", "header", "total_score"),
        ("<b>总 分</b>", "header", "total_score"),
        ("项目资金(万元)", "header", "funds_unit"),  # half-width brackets
        ("项目资金（万元", "header", "funds_unit"),  # a bracket lost
        ("预算执行情况(10分)", "header", "funds_unit"),
        ("年度资金总頟", "funds_rows", "total"),
        ("年度资金总额：", "funds_rows", "total"),
        ("其中：本年财政拨款", "funds_rows", "fiscal_current"),
        ("其中:当年财政拨款", "funds_rows", "fiscal_current"),
        ("上年结转资全", "funds_rows", "carryover"),
        ("全年预算数（A）", "funds_columns", "budget_full_year"),
        ("执行率（%）", "funds_columns", "exec_rate"),
        ("得分(分*执行率)", "funds_columns", "exec_score"),
        ("全年执行数", "funds_columns", "executed"),
        ("年初预算数", "funds_columns", "budget_initial"),
        ("偏差原因分析及改进措施", "indicator_columns", "deviation"),
        ("偏差原因分析及改进措", "indicator_columns", "deviation"),
        ("实际完成值", "indicator_columns", "actual"),
        ("实际完戍值", "indicator_columns", "actual"),
        ("指标权重（分）", "indicator_columns", "weight"),
        ("三级指标", "indicator_columns", "level3"),
    ],
)
def test_damaged_labels(text: str, group: LabelGroup, field_id: str) -> None:
    found = match_label(text, group)
    assert found is not None, text
    assert found.id == field_id
    assert 0.74 <= found.score <= 1.0


def test_values_never_match_a_label() -> None:
    values = {DEPT, UNIT, "80万元", "100%", "98%", "无", "—", "10", "100", "2022"}
    for form in SEED_FORMS:
        values |= {form.project, form.goal_expected, form.goal_actual}
        values |= {text for _, _, cells in form.indicators for text in cells}
    for value in values:
        for group in GROUPS:
            assert match_label(value, group) is None, (value, group)


def test_indicator_names_are_not_block_titles() -> None:
    """效益指标 is one character away from the block title 绩效指标: the name must win."""
    schema = canonical_schema()
    for name in (*schema.level1, *schema.all_level2()):
        assert block_title(_cell(name), None) is None, name
    title = block_title(_cell("绩效指标(90分)"), None)
    assert title is not None and title.id == "indicator_block"
    for group in ("funds_rows", "funds_columns", "indicator_columns"):
        assert all(match_label(name, group) is None for name in schema.all_level2()), group


def _cell(text: str) -> Cell:
    return Cell(id="p0t0r0c0", row=0, col=0, bbox=(0, 0, 1, 1), text=text)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("部门", "header"),
        ("分", "indicator_columns"),
        ("得", "funds_columns"),
        ("执行卒", "funds_columns"),
        ("得分系数(%)", "indicator_columns"),
    ],
)
def test_weak_matches_are_rejected(text: str, group: LabelGroup) -> None:
    assert match_label(text, group) is None


def test_best_member_wins() -> None:
    found = match_label("年初预算数", "funds_columns")
    assert found is not None and found.id == "budget_initial" and found.spelling == "年初预算数"
    found = match_label("全年预算数", "funds_columns")
    assert found is not None and found.id == "budget_full_year"


def test_reviewer_synonyms() -> None:
    assert match_label("资金拨付单位", "header") is None
    extra = {"header.impl_unit": ["资金拨付单位"], "indicator_columns.actual": ["实现值"]}
    found = match_label("资金拨付单位：", "header", extra=extra)
    assert found is not None and found.id == "impl_unit" and found.spelling == "资金拨付单位"
    found = match_label("实现值", "indicator_columns", extra=extra)
    assert found is not None and found.id == "actual"
    assert match_label("实现值", "header", extra=extra) is None  # a synonym belongs to its group


def test_normalize_label() -> None:
    assert normalize_label("其中：当年财政拨款") == "当年财政拨款"
    assert normalize_label(" 总 分 ") == "总分"
    assert normalize_label("项目资金（万元）") == "项目资金"
    assert normalize_label("１、年度资金总额：") == "年度资金总额"
