"""V12 (info): rates and amounts quoted in the goal texts should agree with the funds block."""

from __future__ import annotations

import re

from models import parsing
from models.record import Finding
from verification.numbers import EPS, fmt, pct, rate
from verification.rules.funds import AMOUNT_COLUMNS
from verification.view import FormView, FundsLine, make_finding

_RATE = re.compile(
    r"(?:预算执行率|执行率|完成预算的?|支出进度|执行进度)(?:为|达|达到|是)?([0-9]+(?:\.[0-9]+)?)%"
)
_AMOUNT = re.compile(
    r"(?:预算|资金|执行|支出|使用|拨付|到位|下达|安排|投入)[^0-9,;。；，]{0,8}?([0-9][0-9,]*(?:\.[0-9]+)?)(亿元|万元|元)"
)
_TO_WAN = {"亿元": 1e4, "万元": 1.0, "元": 1e-4}


def check_goal_text(view: FormView) -> list[Finding]:
    findings: list[Finding] = []
    total = view.total
    if total is None:
        return findings
    rates = _funds_rates(view, total)
    amounts = [n for line in view.funds for c in AMOUNT_COLUMNS if (n := view.amount(line, c)) is not None]
    for name in ("goal_actual", "goal_expected"):
        field = getattr(view.form.fields, name)
        if field is None:
            continue
        text = parsing.normalize_text(field.text)
        for m in _RATE.finditer(text):
            quoted = float(m.group(1)) / 100
            tol = 0.5 * 10.0 ** -parsing.printed_decimals(m.group(1)) / 100
            if rates and not any(abs(quoted - r) <= tol + t + EPS for r, t in rates):
                message = (
                    f"目标完成情况中写明执行率 {m.group(1)}%，资金表中执行率为 {pct(rates[0][0])}，请核对"
                )
                findings.append(
                    make_finding(
                        "V12", "info", message, paths=[f"fields.{name}"], cells=field.cells, found=quoted
                    )
                )
        for m in _AMOUNT.finditer(text):
            quoted = float(m.group(1).replace(",", "")) * _TO_WAN[m.group(2)]
            tol = 0.5 * 10.0 ** -parsing.printed_decimals(m.group(1)) * _TO_WAN[m.group(2)]
            if amounts and not any(abs(quoted - n.value) <= tol + n.tol + EPS for n in amounts):
                message = f"目标完成情况中写明金额 {m.group(1)}{m.group(2)}（{fmt(quoted)} 万元），与资金表各数均不一致，请核对"
                findings.append(
                    make_finding(
                        "V12", "info", message, paths=[f"fields.{name}"], cells=field.cells, found=quoted
                    )
                )
    return findings


def _funds_rates(view: FormView, total: FundsLine) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    printed = rate(total.row.exec_rate, total.path("exec_rate"))
    if printed is not None:
        out.append((printed.value, printed.tol))
    budget, executed = view.amount(total, "budget_full_year"), view.amount(total, "executed")
    if budget is not None and executed is not None and budget.value > EPS:
        r = executed.value / budget.value
        out.append((r, (executed.tol + r * budget.tol) / budget.value))
    return out
