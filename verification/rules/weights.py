"""V4 (the weights themselves) and V5 (every score within its weight)."""

from __future__ import annotations

from models.record import Finding
from verification.numbers import EPS, Num, close, fmt
from verification.view import FormView, label_weight, level1_name, make_finding


def check_total_weight(view: FormView) -> list[Finding]:
    """V4: the 总分 row's 分值 is 100."""
    printed = view.field_num("total_weight")
    expected = view.profile.total_weight
    if printed is None or close(printed.value, expected, 0.0):
        return []
    message = f"总分行的分值应为 {fmt(expected)}，表中为 {fmt(printed.value)}"
    return [make_finding("V4", "error", message, [printed], expected=expected, found=printed.value)]


def _group_weights(view: FormView) -> dict[str, list[Num]]:
    groups: dict[str, list[Num]] = {}
    for line in view.applicable():
        if line.weight is not None:
            groups.setdefault(line.level1, []).append(line.weight)
    return groups


def check_level1_weights(view: FormView) -> list[Finding]:
    """V4: a level-1 label weight (`产出指标(50分)`) equals the sum of its rows' weights."""
    groups = _group_weights(view)
    findings: list[Finding] = []
    for key, field in view.form.level1_weights.items():
        label = label_weight(field)
        rows = groups.get(level1_name(key), [])
        if label is None or not rows:
            continue
        s = sum(n.value for n in rows)
        if close(label, s, 0.0):
            continue
        name = level1_name(key)
        message = f"{name}标注 {fmt(label)} 分，但其下各指标分值之和为 {' + '.join(fmt(n.value) for n in rows)} = {fmt(s)}"
        label_num = Num(label, 0.0, 0.0, f"level1_weights.{key}", tuple(field.cells), field.text)
        findings.append(make_finding("V4", "error", message, [label_num, *rows], expected=s, found=label))
    return findings


def check_split(view: FormView) -> list[Finding]:
    """V4 (warning): the usual split 10/50/30/10 is a convention; checked only once the weights add up."""
    split = view.profile.level1_split
    groups = _group_weights(view)
    exec_weight = view.exec_weight()
    exec_w = exec_weight.value if exec_weight is not None else view.profile.exec_weight
    total = exec_w + sum(n.value for rows in groups.values() for n in rows)
    if not split or not groups or not close(total, view.profile.total_weight, 0.0):
        return []
    off = {
        name: sum(n.value for n in groups.get(name, []))
        for name, want in split.items()
        if not close(sum(n.value for n in groups.get(name, [])), want, 0.0)
    }
    if not off and close(exec_w, view.profile.exec_weight, 0.0):
        return []
    usual = "/".join(f"{name[:2]} {fmt(w)}" for name, w in split.items())
    actual = "/".join(f"{name[:2]} {fmt(sum(n.value for n in groups.get(name, [])))}" for name in split)
    message = (
        f"分值分配与通常做法不同：预算执行 {fmt(exec_w)}，{actual}（通常为 预算执行 "
        f"{fmt(view.profile.exec_weight)}，{usual}）；如为本地规定可忽略"
    )
    nums = [exec_weight, *(n for name in off for n in groups.get(name, []))]
    return [make_finding("V4", "warning", message, nums, expected=dict(split), found=off or None)]


def check_score_bounds(view: FormView) -> list[Finding]:
    """V5: 0 ≤ score ≤ weight on the funds row and on every indicator row."""
    pairs: list[tuple[str, Num | None, Num | None]] = [("执行率得分", view.exec_score(), view.exec_weight())]
    for line in view.applicable():
        name = line.row.level3.text.strip()[:20] if line.row.level3 is not None else ""
        pairs.append(
            (f"第 {line.index + 1} 个指标（{name}）得分" if name else "指标得分", line.score, line.weight)
        )
    findings: list[Finding] = []
    for what, score, weight in pairs:
        if score is None or weight is None:
            continue
        if score.value < -EPS:
            message = f"{what} {fmt(score.value)} 为负数（得分应在 0～{fmt(weight.value)} 之间）"
        elif score.value > weight.value + EPS:
            message = f"{what} {fmt(score.value)} 超过分值 {fmt(weight.value)}（得分应在 0～{fmt(weight.value)} 之间）"
        else:
            continue
        expected = min(max(score.value, 0.0), weight.value)
        findings.append(
            make_finding("V5", "error", message, [score, weight], expected=expected, found=score.value)
        )
    return findings
