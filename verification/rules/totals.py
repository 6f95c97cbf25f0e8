"""V4 (weights add up to 100), V9 (scores add up to the total), V10 (grade), V11 (n/a rows rescaled)."""

from __future__ import annotations

from models import parsing
from models.canonical import canonical_schema
from models.record import Finding
from verification.numbers import Num, close, fmt, printed_match
from verification.view import FormView, make_finding

# 不合格 before 合格: the first word found in the printed grade decides.
_GRADES = (
    ("优", "优"),
    ("良", "良"),
    ("中", "中"),
    ("差", "差"),
    ("不合格", "差"),
    ("合格", "中"),
    ("及格", "中"),
)


def check_sums(view: FormView) -> list[Finding]:
    """V4: exec_weight + Σ weights = 100; V9: exec_score + Σ scores = total_score, the printed scores
    summed as printed, at the total's printed precision; V11: n/a rows dropped and the total rescaled
    to 100 explain both, which is allowed and only noted."""
    profile = view.profile
    rows = view.applicable()
    weights = [line.weight for line in rows if line.weight is not None]
    scores = [line.score for line in rows if line.score is not None]
    exec_w, exec_s = view.exec_weight(), view.exec_score()
    total_s = view.field_num("total_score")
    w_sum = (exec_w.value if exec_w is not None else profile.exec_weight) + sum(n.value for n in weights)
    s_sum = (exec_s.value if exec_s is not None else 0.0) + sum(n.value for n in scores)
    dropped = len(view.indicators) - len(rows)
    if dropped and weights and w_sum < profile.total_weight and total_s is not None:
        rescaled = s_sum * profile.total_weight / w_sum
        if printed_match(rescaled, total_s):
            message = (
                f"{dropped} 个不适用指标未计分，分值合计 {fmt(w_sum)}，总分按 {fmt(profile.total_weight)} "
                f"分折算：{fmt(s_sum)}×{fmt(profile.total_weight)}÷{fmt(w_sum)} = {fmt(rescaled)}"
            )
            return [
                make_finding(
                    "V11", "info", message, [total_s], expected=round(rescaled, 4), found=total_s.value
                )
            ]
    findings: list[Finding] = []
    if weights and not close(w_sum, profile.total_weight, 0.0):
        ind_w = sum(n.value for n in weights)
        head = (
            f"预算执行 {fmt(exec_w.value)}"
            if exec_w is not None
            else f"预算执行（按 {fmt(profile.exec_weight)} 计）"
        )
        message = f"分值合计应为 {fmt(profile.total_weight)}：{head} + 各指标分值 {fmt(ind_w)} = {fmt(w_sum)}"
        if exec_w is not None and exec_w.value >= profile.total_weight:
            message += f"；资金行分值 {fmt(exec_w.value)} 疑似填成了总分，预算执行通常为 {fmt(profile.exec_weight)} 分"
        elif exec_w is not None:
            message += f"；若预算执行为 {fmt(exec_w.value)} 分，各指标分值之和应为 {fmt(profile.total_weight - exec_w.value)}"
        nums: list[Num | None] = [exec_w, *weights]
        findings.append(
            make_finding("V4", "error", message, nums, expected=profile.total_weight, found=w_sum)
        )
    if total_s is not None and (scores or exec_s is not None) and not printed_match(s_sum, total_s):
        ind_s = sum(n.value for n in scores)
        head = fmt(exec_s.value) if exec_s is not None else "（空）0"
        message = f"总分应为 执行率得分 {head} + 各指标得分 {fmt(ind_s)} = {fmt(s_sum)}，表中为 {fmt(total_s.value)}"
        nums = [total_s, exec_s, *scores]
        findings.append(
            make_finding("V9", "error", message, nums, expected=round(s_sum, 4), found=total_s.value)
        )
    return findings


def check_grade(view: FormView) -> list[Finding]:
    """V10: a printed grade matches the printed total (≥90 优, [80, 90) 良, [60, 80) 中, < 60 差)."""
    grade = view.form.fields.grade
    total = view.field_num("total_score")
    if grade is None or total is None or parsing.is_na(grade.text):
        return []
    text = parsing.normalize_text(grade.text)
    printed = next((g for word, g in _GRADES if word in text), None)
    if printed is None:
        return []
    expected = canonical_schema().grade_for(total.value)
    if printed == expected:
        return []
    message = f"总分 {fmt(total.value)} 对应的自评等级应为「{expected}」，表中为「{grade.text.strip()}」"
    return [
        make_finding(
            "V10",
            "error",
            message,
            paths=["fields.grade", total.path],
            cells=[*grade.cells, *total.cells],
            expected=expected,
            found=printed,
        )
    ]
