"""Each rule on small variations of one consistent national form."""

from dataclasses import replace

import pytest

from tests.fixtures.facts import ANHUI_ZERO_TOTAL
from tests.fixtures.forms import _na
from tests.verification.helpers import findings_of, keys, with_funds, with_indicator

# Anhui's form with its 年度资金总额 row filled in: consistent, no finding at all.
BASE = with_funds(ANHUI_ZERO_TOTAL, 0, budget_initial="90", budget_full_year="90", executed="89.974")


def _exec(spec, executed, rate, score):
    spec = with_funds(spec, 0, executed=executed, exec_rate=rate, exec_score=score)
    return with_funds(spec, 1, executed=executed)


def test_base_is_consistent():
    assert findings_of(BASE) == []


def test_v2_wrong_rate():
    findings = findings_of(with_funds(BASE, 0, exec_rate="95%"))
    assert keys(findings) == {("V2", "funds.total.exec_rate")}
    assert (
        findings[0].message
        == "年度资金总额执行率应为 全年执行数÷全年预算数 = 89.974÷90 = 99.9711%，表中为 95%"
    )


def test_v2_over_100_percent_warns():
    findings = findings_of(_exec(BASE, "95", "105.56%", "10"))
    assert keys(findings) == {("V2", "funds.total.exec_rate")}
    assert findings[0].severity == "warning"


def test_v3_sub_row_carries_no_score():
    findings = findings_of(with_funds(BASE, 1, exec_score="10"))
    assert keys(findings) == {("V3", "funds.fiscal_current.exec_score")}


@pytest.mark.parametrize(
    ("score", "national", "stepped"),
    [("8.00", False, True), ("8.40", True, False), ("8", True, True)],  # 84%: linear 8.4, stepped 80% → 8
)
def test_v3_linear_and_stepped(score, national, stepped):
    spec = _exec(BASE, "75.6", "84%", score)
    for profile, ok in (("national", national), ("stepped", stepped)):
        v3 = [f for f in findings_of(spec, profile) if f.rule == "V3"]
        assert (v3 == []) is ok, (profile, [f.message for f in v3])


def test_v3_stepped_message_names_the_step():
    v3 = [f for f in findings_of(_exec(BASE, "75.6", "84%", "10"), "stepped") if f.rule == "V3"]
    assert v3[0].expected == 8
    assert "10×80%" in v3[0].message and "不低于 80%" in v3[0].message


def test_v4_total_weight():
    assert keys(findings_of(replace(BASE, total_weight="90"))) == {("V4", "fields.total_weight")}


@pytest.mark.parametrize(("label", "ok"), [("产出指标(50分)", True), ("产出指标（40分）", False)])
def test_v4_level1_label_weight(label, ok):
    findings = findings_of(replace(BASE, level1_labels={"产出指标": label}))
    assert keys(findings) == (set() if ok else {("V4", "level1_weights.产出指标")})


def test_v5_score_above_weight_and_negative():
    over = findings_of(with_indicator(BASE, 0, score="25"))
    assert keys(over) == {("V5", "indicators[0].score"), ("V9", "fields.total_score")}
    negative = findings_of(with_indicator(BASE, 0, score="-1"))
    assert ("V5", "indicators[0].score") in keys(negative, "error")


def test_v6_full_score_while_missing_is_an_error():
    findings = findings_of(with_indicator(BASE, 0, actual="40个"))
    assert keys(findings) == {("V6", "indicators[0].score")}
    assert findings[0].severity == "error"
    assert findings[0].expected == 16  # 20 × 40/50


def test_v6_proportional_score_needs_only_a_deviation_text():
    spec = with_indicator(BASE, 0, actual="40个", score="16")
    spec = replace(spec, total_score="96")
    assert keys(findings_of(spec)) == {("V8", "indicators[0].deviation")}
    assert findings_of(with_indicator(spec, 0, deviation="受疫情影响，部分村未完成")) == []


def test_v6_wrong_partial_score_and_reduced_score_warn():
    wrong = findings_of(
        replace(with_indicator(BASE, 0, actual="40个", score="12", deviation="原因"), total_score="92")
    )
    assert keys(wrong) == {("V6", "indicators[0].score")} and wrong[0].severity == "warning"
    reduced = findings_of(replace(with_indicator(BASE, 0, score="18", deviation="原因"), total_score="98"))
    assert keys(reduced) == {("V6", "indicators[0].score")} and reduced[0].severity == "warning"


@pytest.mark.parametrize("score", ["9", "8.89"])  # ≤90 against 100: 10×90/100 = 9 or 10×(1−10/90) = 8.89
def test_v6_ceiling_missed_accepts_either_method(score):
    spec = with_indicator(BASE, 2, actual="100万元", score=score, deviation="价格上涨")
    total = str(round(90 + float(score), 2))
    assert keys(findings_of(replace(spec, total_score=total))) == set()


def test_v6_eq_zero_target():
    ok = with_indicator(BASE, 0, target="=0次", actual="0次")
    assert findings_of(ok) == []
    bad = findings_of(with_indicator(BASE, 0, target="=0次", actual="2次"))
    assert keys(bad) == {("V6", "indicators[0].score")} and bad[0].expected == 0


def test_v6_ratio_actual_next_to_percent_target_and_unit_mismatch():
    assert findings_of(with_indicator(BASE, 1, actual="1.00")) == []
    assert findings_of(with_indicator(BASE, 0, actual="95%")) == []  # 个 against %: not comparable


def test_v8_over_achievement_needs_a_deviation_text():
    findings = findings_of(with_indicator(BASE, 0, actual="70个"))
    assert keys(findings) == {("V8", "indicators[0].deviation")}
    assert "超额完成" in findings[0].message


@pytest.mark.parametrize(
    ("actual", "score", "rules"),
    [
        ("基本完成", "30", {"V7", "V8"}),
        ("基本完成", "21", {"V8"}),
        ("较好", "30", set()),
        ("未完成", "15", {"V8"}),
        ("未完成", "24", {"V7", "V8"}),
        ("达成年度指标", "20", {"V7", "V8"}),
        ("达成年度指标", "24", {"V8"}),
    ],
)
def test_v7_qualitative_bands(actual, score, rules):
    spec = with_indicator(BASE, 3, actual=actual, score=score)
    spec = replace(spec, total_score=str(70 + int(score)))
    assert {f.rule for f in findings_of(spec)} == rules


def test_v10_grade():
    assert findings_of(replace(BASE, grade="优")) == []
    findings = findings_of(replace(BASE, grade="良"))
    assert keys(findings) == {("V10", "fields.grade")}
    assert findings[0].expected == "优"


def test_v11_na_row_dropped_and_rescaled():
    spec = replace(BASE, indicators=[*BASE.indicators[:4], _na("满意度指标", "服务对象满意度指标")])
    findings = findings_of(spec)  # 10 + 80 = 90 points, 90 scored, printed as 100
    assert keys(findings) == {("V11", "fields.total_score")}
    assert findings[0].severity == "info"
    not_rescaled = findings_of(replace(spec, total_score="90"))
    assert keys(not_rescaled) == {("V4", "funds.total.exec_weight")}


@pytest.mark.parametrize(
    ("goal", "flagged"),
    [
        ("项目预算执行率为95%。", True),
        ("完成预算的99.97%。", False),
        ("全年共支出资金89.974万元。", False),
        ("全年共支出资金899740元。", False),
        ("全年共支出资金80万元。", True),
        ("完成各项工作。", False),
    ],
)
def test_v12_goal_text(goal, flagged):
    findings = findings_of(replace(BASE, goal_actual=goal))
    assert keys(findings) == ({("V12", "fields.goal_actual")} if flagged else set())


def test_all_dash_rows_give_nothing():
    dashes = replace(BASE.indicators[4], target="—", actual="—", weight="—", score="—", deviation="—")
    spec = replace(BASE, indicators=[*BASE.indicators[:4], dashes], total_score="90")
    assert keys(findings_of(spec)) == {("V4", "funds.total.exec_weight")}  # only the weights: 90 ≠ 100
