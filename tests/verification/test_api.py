"""Public API: verify_document, profiles, printed-precision helpers, and the `formtally verify` CLI."""

import json
import re

import pytest
from typer.testing import CliRunner

from models.record import Field, Finding
from tests.fixtures.builders import load_record, record_path
from verification import PROFILES, verify_document, verify_form
from verification.numbers import amount, fmt, number, printed_match, rate


def test_verify_document_returns_a_copy_with_findings_replaced():
    document = load_record("seed_shizuishan_1")
    stale = Finding(rule="V12", severity="info", message="stale")
    document.forms[0].findings = [stale]
    verified = verify_document(document, PROFILES["national"])
    assert document.forms[0].findings == [stale]
    assert [f.rule for f in verified.forms[0].findings] == ["V3", "V4", "V5", "V9"]  # in rule order
    assert verified.tables == document.tables


def test_findings_are_deterministic_for_repair_keys():
    form = load_record("seed_shizuishan_3").forms[0]
    first = [(f.rule, tuple(f.paths)) for f in verify_form(form)]
    assert first == [(f.rule, tuple(f.paths)) for f in verify_form(form)]
    assert len(set(first)) == len(first)


@pytest.mark.parametrize(
    ("rate_", "national", "stepped"),
    [(1.2, 1.0, 1.0), (0.9, 0.9, 1.0), (0.899, 0.899, 0.8), (0.65, 0.65, 0.4), (0.59, 0.59, 0.0)],
)
def test_exec_fraction(rate_, national, stepped):
    assert PROFILES["national"].exec_fraction(rate_) == pytest.approx(national)
    assert PROFILES["stepped"].exec_fraction(rate_) == stepped
    assert PROFILES["exec20"].exec_weight == 20


def test_printed_precision():
    n = number(Field(text="9", value=9), "x")
    assert n is not None and (n.tol, n.ulp) == (0.5, 1.0)
    assert printed_match(8.62, n)  # rounded
    assert printed_match(9.91, n)  # truncated
    assert not printed_match(10.0, n)
    a = amount(Field(text="72890元"), "x")
    assert a is not None and a.value == pytest.approx(7.289) and a.tol == pytest.approx(0.00005)
    r = rate(Field(text="83.5%"), "x")
    assert r is not None and r.value == pytest.approx(0.835) and r.tol == pytest.approx(0.0005)
    ratio = rate(Field(text="1.00"), "x")
    assert ratio is not None and ratio.tol == pytest.approx(0.005)
    assert rate(Field(text="—"), "x") is None
    assert (fmt(10.0), fmt(8.6), fmt(54.65), fmt(7.289)) == ("10", "8.6", "54.65", "7.289")


def test_cli_verify_prints_findings():
    from service.cli import app

    result = CliRunner().invoke(app, ["verify", "--json", str(record_path("seed_shizuishan_3"))])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rules = [f["rule"] for f in document["forms"][0]["findings"]]
    assert rules.count("V1") == 3 and "V3" in rules and "V9" in rules
    assert "执行率得分应为 分值×执行率 = 10×55% = 5.5，表中为 100" in result.stdout


def test_cli_verify_summary_names_rules_severity_and_cells():
    from service.cli import app

    result = CliRunner().invoke(app, ["verify", str(record_path("seed_shizuishan_3"))])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    v3 = next(i for i, line in enumerate(lines) if line.strip().startswith("V3 执行率得分"))
    assert "[error]" in lines[v3] and "执行率得分应为 分值×执行率 = 10×55% = 5.5，表中为 100" in lines[v3]
    assert re.search(r"cells: p\d+t\d+r\d+c\d+", lines[v3 + 1])  # the cells the finding points at
    assert sum(line.strip().startswith("V1 资金来源合计") for line in lines) == 3
    assert re.search(r"form \S+ · .* · \d+ errors, \d+ warnings", result.stdout)
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)  # a summary, not the record


def test_cli_verify_profile_and_errors(tmp_path):
    from service.cli import app

    runner = CliRunner()
    stepped = runner.invoke(app, ["verify", "--profile", "stepped", str(record_path("seed_shizuishan_3"))])
    assert stepped.exit_code == 0
    assert "档位系数" in stepped.stdout  # 55%: below the last step, no score
    assert (
        runner.invoke(app, ["verify", "--profile", "nope", str(record_path("seed_shizuishan_1"))]).exit_code
        == 2
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert runner.invoke(app, ["verify", str(bad)]).exit_code == 2
