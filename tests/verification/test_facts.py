"""Fixtures built from the facts of /work/shared/forms/README.md: each exercises the rule it is noted for."""

import pytest

from tests.fixtures.builders import build_document, load_record
from tests.fixtures.facts import ANHUI_ZERO_TOTAL, FIXTURES, HEBEI_EXEC_86, HUBEI_FUNDS_100, SHANXI_FRACTIONAL
from tests.fixtures.forms import SICHUAN_SPLIT
from tests.verification.helpers import findings_of, keys, with_funds, with_indicator
from verification import PROFILES, verify_form


@pytest.mark.parametrize("spec", FIXTURES, ids=lambda s: s.name)
def test_records_are_up_to_date_with_the_builder(spec):
    assert load_record(spec.name) == build_document(spec)


def test_sichuan_split_cells_are_consistent():
    assert verify_form(load_record("sichuan_split_cells").forms[0]) == []


def test_sichuan_split_op_and_unit_are_combined():
    # `≤` `30` `万元` with 35 spent and full marks: only the combined ceiling makes this an error
    spec = with_indicator(SICHUAN_SPLIT, 1, actual="35")
    findings = findings_of(spec)
    assert keys(findings, "error") == {("V6", "indicators[1].score")}
    v6 = findings[0]
    assert "≤30万元" in v6.message and "35万元" in v6.message
    assert v6.expected == pytest.approx(25 * 30 / 35, abs=1e-4)
    assert "p0t0r14c7" in v6.cells  # the 完成值 cell


def test_sichuan_split_reduced_score_in_band_is_accepted():
    # 25 × 30/35 = 21.43 or 25 × (1 − 5/30) = 20.83: both methods are accepted, with a deviation text
    for score in ("21.43", "20.83"):
        spec = with_indicator(SICHUAN_SPLIT, 1, actual="35", score=score, deviation="物价上涨，补贴标准提高")
        spec = with_funds(spec, 0)  # unchanged funds
        assert keys(findings_of(spec)) == {("V9", "fields.total_score")}  # the total was not lowered


def test_anhui_zero_total_row_over_nonzero_parts():
    findings = verify_form(load_record("anhui_zero_total_row").forms[0])
    assert keys(findings) == {
        ("V1", "funds.total.budget_initial"),
        ("V1", "funds.total.budget_full_year"),
        ("V1", "funds.total.executed"),
    }
    assert all("填为 0" in f.message for f in findings)
    assert findings[2].expected == pytest.approx(89.974)


def test_anhui_targets_parse_and_hold():
    # `≥100百分比` against 100%: met, so no V6; `≤90万元` against 89.974万元: met
    spec = with_indicator(ANHUI_ZERO_TOTAL, 1, actual="96%")
    findings = findings_of(spec)
    assert ("V6", "indicators[1].score") in keys(findings, "error")


def test_hebei_86_percent_scored_9_is_within_printed_precision():
    assert verify_form(load_record("hebei_exec_86").forms[0]) == []


def test_hebei_full_execution_score_at_86_percent_is_an_error():
    findings = findings_of(with_funds(HEBEI_EXEC_86, 0, exec_score="10"))
    v3 = [f for f in findings if f.rule == "V3"]
    assert len(v3) == 1 and v3[0].severity == "error"
    assert v3[0].message == "执行率得分应为 分值×执行率 = 10×86% = 8.6，表中为 10"


def test_hebei_without_deviation_text_warns_twice():
    spec = with_indicator(HEBEI_EXEC_86, 0, deviation="无")
    assert keys(findings_of(spec)) == {("V8", "indicators[0].deviation"), ("V8", "funds.total.exec_rate")}


def test_shanxi_fractional_scores_add_up():
    assert verify_form(load_record("shanxi_fractional_scores").forms[0]) == []


@pytest.mark.parametrize(("total", "ok"), [("99.1", True), ("99", True), ("99.2", False), ("100", False)])
def test_shanxi_total_at_printed_precision(total, ok):
    from dataclasses import replace

    findings = findings_of(replace(SHANXI_FRACTIONAL, total_score=total))
    assert (keys(findings) == set()) is ok
    if not ok:
        assert keys(findings) == {("V9", "fields.total_score")}
        assert findings[0].expected == pytest.approx(99.1)


def test_shanxi_four_decimal_amounts_are_compared_at_their_precision():
    spec = with_funds(SHANXI_FRACTIONAL, 2, executed="57.4528万元")  # off by 0.001, not rounding
    assert keys(findings_of(spec)) == {("V1", "funds.total.executed")}


def test_hubei_funds_row_100():
    findings = verify_form(load_record("hubei_funds_row_100").forms[0])
    assert keys(findings) == {
        ("V3", "funds.total.exec_score"),
        ("V4", "funds.total.exec_weight"),
        ("V8", "funds.total.exec_rate"),
        ("V9", "fields.total_score"),
    }
    v4 = next(f for f in findings if f.rule == "V4")
    assert "疑似填成了总分" in v4.message
    # `150万` / `125.25万` parse as 万元, so 83.5% is the right rate: no V2
    assert not any(f.rule == "V2" for f in findings)


def test_hubei_with_exec20_profile():
    spec = with_funds(HUBEI_FUNDS_100, 0, exec_weight="20", exec_score="16.7")
    spec = with_indicator(spec, 3, weight="20", score="20")
    from dataclasses import replace

    spec = replace(spec, total_score="96.7")
    assert keys(findings_of(spec, "exec20")) == {("V8", "funds.total.exec_rate")}
    national = findings_of(spec, "national")
    assert ("V4", "funds.total.exec_weight") in keys(national, "warning")
    assert keys(national, "error") == set()


def test_profiles_are_named():
    assert set(PROFILES) == {"national", "exec20", "stepped"}
    assert FIXTURES[0] is not HUBEI_FUNDS_100
