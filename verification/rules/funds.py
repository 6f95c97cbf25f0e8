"""V1–V3: the funds block (资金来源之和, 执行率, 执行率得分)."""

from __future__ import annotations

from models.canonical import canonical_schema
from models.record import Finding
from verification.numbers import EPS, Num, close, fmt, number, pct, printed_match, rate, sum_slack
from verification.view import FormView, FundsLine, make_finding

AMOUNT_COLUMNS = ("budget_initial", "budget_full_year", "executed")


def _label(line: FundsLine) -> str:
    label = line.row.label.strip().rstrip(":：")
    for prefix in ("其中:", "其中："):
        label = label.removeprefix(prefix)
    return label or line.row.row


def _column_label(column: str) -> str:
    return canonical_schema().label("funds_columns", column)


def check_sources(view: FormView) -> list[Finding]:
    """V1: total = fiscal_current + carryover + Σ other, per amount column; a 0 total over non-zero parts too."""
    total = view.total
    findings: list[Finding] = []
    if total is None:
        return findings
    for column in AMOUNT_COLUMNS:
        t = view.amount(total, column)
        parts = [(line, n) for line in view.parts if (n := view.amount(line, column)) is not None]
        if t is None or not parts:
            continue
        s = sum(n.value for _, n in parts)
        if close(t.value, s, sum_slack([t, *(n for _, n in parts)])):
            continue
        terms = " + ".join(f"{_label(line)} {fmt(n.value)}" for line, n in parts)
        head = f"年度资金总额（{_column_label(column)}）"
        if abs(t.value) < EPS:
            message = f"{head}填为 0，但各资金来源不为 0：{terms} = {fmt(s)}；总额应为 {fmt(s)}"
        else:
            message = f"{head}应为 各资金来源之和 = {terms} = {fmt(s)}，表中为 {fmt(t.value)}"
        nums: list[Num | None] = [t, *(n for _, n in parts)]
        findings.append(make_finding("V1", "error", message, nums, expected=round(s, 6), found=t.value))
    return findings


def _computed_rate(view: FormView, line: FundsLine) -> tuple[float, float, list[Num]] | None:
    """executed / budget_full_year with its uncertainty; None when the budget is 0 or missing."""
    budget = view.amount(line, "budget_full_year")
    executed = view.amount(line, "executed")
    if budget is None or executed is None or budget.value <= EPS:
        return None
    r = executed.value / budget.value
    tol = min(executed.tol, budget.tol)  # both at the finer printed precision, as in sum_slack
    return r, tol * (1 + r) / budget.value, [executed, budget]


def check_rates(view: FormView) -> list[Finding]:
    """V2: exec_rate = executed / budget_full_year on every row printing a rate; above 100% warns."""
    findings: list[Finding] = []
    for line in view.funds:
        printed = rate(line.row.exec_rate, line.path("exec_rate"))
        computed = _computed_rate(view, line)
        if printed is not None and computed is not None:
            r, slack, inputs = computed
            if not printed_match(r, printed, slack):
                message = (
                    f"{_label(line)}执行率应为 全年执行数÷全年预算数 = {fmt(inputs[0].value)}÷"
                    f"{fmt(inputs[1].value)} = {pct(r)}，表中为 {printed.text.strip()}"
                )
                nums = [printed, *inputs]
                findings.append(
                    make_finding("V2", "error", message, nums, expected=round(r, 6), found=printed.value)
                )
        if line.row.row == "total":
            over = [n for n in (printed,) if n is not None and n.value > 1 + n.tol + EPS]
            if not over and computed is not None and computed[0] > 1 + computed[1] + EPS:
                over = computed[2]
            if over:
                shown = pct(over[0].value) if printed is not None else pct(computed[0] if computed else 0)
                message = f"执行率 {shown} 超过 100%，请核实全年执行数与全年预算数（超预算执行需说明）"
                findings.append(make_finding("V2", "warning", message, list(over)))
    return findings


def check_exec_score(view: FormView) -> list[Finding]:
    """V3: exec_score = exec_weight × min(exec_rate, 1) (or the profile's steps); sub-rows carry no score."""
    findings: list[Finding] = []
    for line in view.parts:
        s = number(line.row.exec_score, line.path("exec_score"))
        if s is not None and abs(s.value) > EPS:
            message = f"{_label(line)}行不计执行率得分（应为 —），表中为 {s.text.strip()}"
            findings.append(make_finding("V3", "warning", message, [s], expected=None, found=s.value))
    total = view.total
    w, s = view.exec_weight(), view.exec_score()
    if total is None or w is None or s is None:
        return findings
    printed = rate(total.row.exec_rate, total.path("exec_rate"))
    candidates: list[tuple[float, float]] = []  # (rate, its uncertainty): printed first, then computed
    if printed is not None:
        candidates.append((printed.value, printed.tol))
    computed = _computed_rate(view, total)
    if computed is not None:
        candidates.append(computed[:2])
    if not candidates:
        return findings
    profile = view.profile
    for r, tol in candidates:
        if profile.exec_scoring == "linear":
            if printed_match(w.value * profile.exec_fraction(r), s, w.value * tol):
                return findings
        elif any(printed_match(w.value * profile.exec_fraction(x), s) for x in (r - tol, r, r + tol)):
            return findings
    r = candidates[0][0]
    expected = w.value * profile.exec_fraction(r)
    if profile.exec_scoring == "linear":
        formula = "分值×执行率" if r <= 1 else "分值×100%（执行率超过 100% 按 100% 计）"
        how = f"{fmt(w.value)}×{pct(min(r, 1.0))}"
    else:
        formula = "分值×档位系数"
        how = f"{fmt(w.value)}×{pct(profile.exec_fraction(r))}（执行率 {pct(r)}，{_step_text(view, r)}）"
    message = f"执行率得分应为 {formula} = {how} = {fmt(expected)}，表中为 {fmt(s.value)}"
    rate_path = [printed] if printed is not None else (computed[2] if computed else [])
    nums: list[Num | None] = [s, w, *rate_path]
    findings.append(make_finding("V3", "error", message, nums, expected=round(expected, 4), found=s.value))
    return findings


def _step_text(view: FormView, r: float) -> str:
    steps = view.profile.exec_steps
    for i, step in enumerate(steps):
        if r >= step.min_rate:
            upper = f"，低于 {pct(steps[i - 1].min_rate)}" if i else ""
            return f"不低于 {pct(step.min_rate)}{upper}的档"
    return f"低于 {pct(steps[-1].min_rate)}，不得分" if steps else "无档位"
