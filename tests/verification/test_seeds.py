"""The three published 石嘴山 forms: exactly the findings form.md §4 says they must give, and none
once their numbers are corrected."""

import pytest

from tests.fixtures.builders import load_record
from tests.fixtures.forms import SEED_1, SEED_2, SEED_3
from tests.verification.helpers import findings_of, keys, with_funds, with_indicators
from verification import verify_form

COMMON = {
    ("V3", "funds.total.exec_score"),
    ("V4", "funds.total.exec_weight"),
    ("V5", "funds.total.exec_score"),
    ("V9", "fields.total_score"),
}
SEED_3_EXTRA = {
    ("V1", "funds.total.budget_initial"),
    ("V1", "funds.total.budget_full_year"),
    ("V1", "funds.total.executed"),
    ("V8", "funds.total.exec_rate"),  # 55% executed and no reason given anywhere: a warning, rightly
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("seed_shizuishan_1", COMMON),
        ("seed_shizuishan_2", COMMON),
        ("seed_shizuishan_3", COMMON | SEED_3_EXTRA),
    ],
)
def test_seed_records_give_exactly_the_known_findings(name, expected):
    findings = verify_form(load_record(name).forms[0])
    assert keys(findings) == expected
    assert keys(findings, "error") == {k for k in expected if k[0] != "V8"}


def test_seed_messages_are_actionable_and_point_at_cells():
    by_rule = {f.rule: f for f in verify_form(load_record("seed_shizuishan_1").forms[0])}
    v3 = by_rule["V3"]
    assert v3.message == "执行率得分应为 分值×执行率 = 10×100% = 10，表中为 100"
    assert (v3.expected, v3.found) == (10, 100)
    assert v3.cells[0] == "p0t0r5c7"  # the 得分 cell of the 年度资金总额 row
    assert "p0t0r5c5" in v3.cells  # and its 分值
    v4 = by_rule["V4"]
    assert "10 + 各指标分值 100 = 110" in v4.message
    assert v4.found == 110
    assert len([p for p in v4.paths if p.endswith(".weight")]) == 7  # n/a rows carry no weight
    v9 = by_rule["V9"]
    assert v9.expected == 200 and v9.found == 100
    assert v9.cells[0] == "p0t0r21c7"  # the 总分 row's 得分
    # the shifted first form: the indicator 得分 sits one column right of its header
    assert "p0t0r12c8" in v9.cells


def test_seed_3_v1_names_the_parts():
    v1 = [f for f in verify_form(load_record("seed_shizuishan_3").forms[0]) if f.rule == "V1"]
    assert [f.expected for f in v1] == [50, 200, 109.3]
    assert "上年结转资金 50" in v1[0].message
    assert v1[1].cells == ["p0t0r5c3", "p0t0r6c3", "p0t0r7c3"]


def test_corrected_seed_1_gives_no_finding():
    # execution scored 10 of 10; 经济效益指标 20 → 10 so that the weights are 10 + 50/30/10
    fixed = with_indicators(with_funds(SEED_1, 0, exec_score="10"), {4: {"weight": "10", "score": "10"}})
    assert findings_of(fixed) == []


def test_corrected_seed_2_gives_no_error():
    # 成本指标 20 → 10: the weights add up, but the split 产出 60 / 效益 20 is unusual (a warning only)
    fixed = with_indicators(with_funds(SEED_2, 0, exec_score="10"), {3: {"weight": "10", "score": "10"}})
    findings = findings_of(fixed)
    assert keys(findings, "error") == set()
    assert keys(findings) == {("V4", "funds.total.exec_weight")}
    assert findings[0].severity == "warning"


def test_corrected_seed_3_gives_no_error():
    # 10 × 55% = 5.5; 质量指标 20 → 10; 上年结转资金 blank; 总分 5.5 + 90 = 95.5
    fixed = with_indicators(
        with_funds(SEED_3, 0, exec_score="5.5"), {1: {"weight": "10", "score": "10"}}, total_score="95.5"
    )
    fixed = with_funds(fixed, 2, budget_initial="", budget_full_year="", executed="")
    findings = findings_of(fixed)
    assert keys(findings, "error") == set()
    assert keys(findings) == {("V8", "funds.total.exec_rate")}  # 55% still needs its reason


def test_seed_record_json_matches_the_builder():
    from tests.fixtures.builders import build_document

    for spec in (SEED_1, SEED_2, SEED_3):
        assert load_record(spec.name) == build_document(spec)


def test_verify_does_not_touch_the_form():
    form = load_record("seed_shizuishan_3").forms[0]
    before = form.model_dump()
    verify_form(form)
    assert form.model_dump() == before
