"""V8: a deviation text (not empty, 无, /, —) is required where the result falls short or overshoots.

Over-achievement (`B ≥ 1.2·A`, listed under V6 in form.md) is reported here, once, as one of the
reasons a row needs a deviation text.
"""

from __future__ import annotations

from models import parsing
from models.record import Finding
from models.values import Op, QualClass
from verification.numbers import EPS, fmt, pct, printed_match, rate
from verification.rules.indicators import qualitative_class, quantitative
from verification.view import FormView, make_finding

_UPWARD = (Op.GE, Op.GT, Op.EQ, Op.ABOUT)


def check_deviation(view: FormView) -> list[Finding]:
    findings: list[Finding] = []
    factor = view.profile.overachieve_factor
    for line in view.applicable():
        if line.has_deviation:
            continue
        reasons: list[str] = []
        w, s = line.weight, line.score
        if w is not None and s is not None and s.value < w.value and not printed_match(w.value, s):
            reasons.append(f"得分 {fmt(s.value)} 低于分值 {fmt(w.value)}")
        qual = qualitative_class(line)
        if qual is not None and qual.cls is not QualClass.ACH and not qual.ambiguous:
            shown = line.row.actual.text.strip() if line.row.actual is not None else ""
            reasons.append(f"完成情况「{shown}」未完全达成")
        q = quantitative(line)
        if q is not None and q.op in _UPWARD and q.a > EPS and q.b >= factor * q.a - EPS:
            reasons.append(
                f"实际完成值 {fmt(q.b)}{q.unit} 超过指标值 {fmt(q.a)}{q.unit} 的 {pct(factor)}（超额完成）"
            )
        if not reasons:
            continue
        name = line.row.level3.text.strip()[:20] if line.row.level3 is not None else ""
        message = f"第 {line.index + 1} 个指标（{name}）{'；'.join(reasons)}，应填写偏差原因分析及改进措施"
        cells = list(line.row.deviation.cells) if line.row.deviation is not None else []
        involved = [n for n in (s, w) if n is not None]
        paths = [line.path("deviation"), *(n.path for n in involved)]
        cells += [c for n in involved for c in n.cells]
        findings.append(make_finding("V8", "warning", message, paths=paths, cells=cells, found=reasons))
    findings.extend(_low_execution(view))
    return findings


def _low_execution(view: FormView) -> list[Finding]:
    """An execution rate below 90% needs a reason: the 原因 cell where the form has one, else
    some deviation text on the form."""
    total = view.total
    if total is None:
        return []
    printed = rate(total.row.exec_rate, total.path("exec_rate"))
    r = printed.value if printed is not None else None
    budget = view.amount(total, "budget_full_year")
    executed = view.amount(total, "executed")
    if r is None and budget is not None and executed is not None and budget.value > EPS:
        r = executed.value / budget.value
    threshold = view.profile.low_exec_rate
    if r is None or r >= threshold - (printed.tol if printed is not None else 0.0) - EPS:
        return []
    reason = total.row.exec_reason
    if reason is not None and not parsing.is_na(reason.text):
        return []
    if reason is None and any(line.has_deviation for line in view.indicators):
        return []
    path = total.path("exec_reason") if reason is not None else total.path("exec_rate")
    cells = (reason.cells if reason is not None else []) or (printed.cells if printed is not None else ())
    message = f"预算执行率 {pct(r)} 低于 {pct(threshold)}，应说明原因（偏差原因分析及改进措施）"
    return [make_finding("V8", "warning", message, paths=[path], cells=list(cells), found=round(r, 6))]
