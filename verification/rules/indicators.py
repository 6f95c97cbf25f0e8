"""V6 (quantitative indicators scored by the target/actual ratio) and V7 (qualitative bands).

Which rule applies is decided by the parsed values: target and actual both `CmpValue` in
compatible units → quantitative (V6); an actual that is a `QualValue` (or a period such as 按时,
which says the deadline was kept) → qualitative (V7); anything else is left to the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.record import Finding, Severity
from models.values import CmpValue, DateValue, Op, QualClass, QualValue
from verification.numbers import EPS, Num, fmt, printed_match
from verification.view import FormView, IndicatorLine, make_finding

_MONEY = {"元": 1e-4, "万元": 1.0, "万": 1.0, "亿元": 1e4, "亿": 1e4}
_OP_TEXT = {Op.GE: "≥", Op.GT: ">", Op.EQ: "=", Op.ABOUT: "约", Op.LE: "≤", Op.LT: "<"}
_KEPT_PERIODS = {"按时", "及时", "按期"}
_BANDS: dict[QualClass, tuple[float, float, str]] = {
    QualClass.ACH: (0.8, 1.0, "达成"),
    QualClass.PART: (0.6, 0.8, "部分达成"),
    QualClass.NOT: (0.0, 0.6, "未达成"),
}


@dataclass(frozen=True, slots=True)
class Quant:
    op: Op
    a: float  # target
    b: float  # actual, in the target's unit
    unit: str


def quantitative(line: IndicatorLine) -> Quant | None:
    """Target A and actual B of a quantitative row, in one unit; None when not comparable."""
    t, a = line.target, line.actual
    if not isinstance(t, CmpValue) or not isinstance(a, CmpValue):
        return None
    at, bt = t.number, a.number
    if t.unit == a.unit or t.unit is None or a.unit is None:
        if t.unit == "%" and a.unit is None and bt <= 2 < at:
            bt *= 100  # a ratio `1.00` next to a `100%` target
    elif t.unit in _MONEY and a.unit in _MONEY:
        bt *= _MONEY[a.unit] / _MONEY[t.unit]
    else:
        return None
    level2 = line.row.level2.text if line.row.level2 is not None else ""
    default = Op.LE if "成本" in level2 else Op.GE  # a bare cost target is a ceiling
    return Quant(t.op or default, at, bt, t.unit or a.unit or "")


def met_and_expected(q: Quant, w: float) -> tuple[bool, list[float]]:
    """Whether B meets A, and the scores the national method accepts when it does not."""
    if q.op in (Op.LE, Op.LT):
        expected = [w * q.a / q.b] if q.b > EPS else []
        if q.a > EPS:
            expected.append(w * max(0.0, 1 - (q.b - q.a) / q.a))
        return q.b <= q.a + EPS, [min(w, max(0.0, e)) for e in expected] or [0.0]
    if q.op in (Op.EQ, Op.ABOUT) and abs(q.a) < EPS:
        return q.b <= EPS, [0.0]
    expected = [w * q.b / q.a] if q.a > EPS else [0.0]
    return q.b >= q.a - EPS, [min(w, max(0.0, e)) for e in expected]


def _context(line: IndicatorLine) -> tuple[list[str], list[str]]:
    paths = [line.path("actual"), line.path("target")]
    cells = [c for f in (line.row.actual, line.row.target) if f is not None for c in f.cells]
    return paths, cells


def _name(line: IndicatorLine) -> str:
    name = line.row.level3.text.strip()[:20] if line.row.level3 is not None else ""
    return f"第 {line.index + 1} 个指标（{name}）" if name else f"第 {line.index + 1} 个指标"


def check_quantitative(view: FormView) -> list[Finding]:
    """V6: met → full weight; missed → w·B/A (GE/GT/EQ) or w·A/B, w·max(0, 1−(B−A)/A) (LE/LT)."""
    findings: list[Finding] = []
    for line in view.applicable():
        q = quantitative(line)
        w, s = line.weight, line.score
        if q is None or w is None or s is None:
            continue
        met, expected = met_and_expected(q, w.value)
        target = f"{_OP_TEXT[q.op]}{fmt(q.a)}{q.unit}"
        actual = f"{fmt(q.b)}{q.unit}"
        paths, cells = _context(line)
        nums: list[Num | None] = [s, w]
        if met:
            if s.value >= w.value - EPS or printed_match(w.value, s):
                continue  # full marks (more than full is V5's business)
            message = f"{_name(line)}实际完成值 {actual} 已达到指标值 {target}，得分应为满分 {fmt(w.value)}，表中为 {fmt(s.value)}"
            findings.append(
                make_finding(
                    "V6", "warning", message, nums, paths=paths, cells=cells, expected=w.value, found=s.value
                )
            )
            continue
        if any(printed_match(e, s) for e in expected):
            continue
        how = "按比例应得 " + " 或 ".join(fmt(e) for e in expected)
        if s.value >= w.value - EPS:
            message = (
                f"{_name(line)}实际完成值 {actual} 未达到指标值 {target}，却得满分 {fmt(w.value)}；{how}"
            )
            severity: Severity = "error"
        else:
            message = f"{_name(line)}实际完成值 {actual} 未达到指标值 {target}，得分 {fmt(s.value)} 与计算不符；{how}"
            severity = "warning"
        findings.append(
            make_finding(
                "V6",
                severity,
                message,
                nums,
                paths=paths,
                cells=cells,
                expected=round(expected[0], 4),
                found=s.value,
            )
        )
    return findings


def qualitative_class(line: IndicatorLine) -> QualValue | None:
    a = line.actual
    if isinstance(a, QualValue):
        return a
    if isinstance(a, DateValue) and a.period in _KEPT_PERIODS:
        return QualValue(cls=QualClass.ACH)
    return None


def check_qualitative(view: FormView) -> list[Finding]:
    """V7: ACH → [0.8w, w]; PART → [0.6w, 0.8w); NOT → [0, 0.6w); 较好 (ambiguous) → [0.6w, w]."""
    findings: list[Finding] = []
    for line in view.applicable():
        qual = qualitative_class(line)
        w, s = line.weight, line.score
        if qual is None or w is None or s is None:
            continue
        lo, hi, word = _BANDS[qual.cls]
        if qual.ambiguous:
            lo, hi, word = 0.6, 1.0, "达成或部分达成"
        low, high = lo * w.value, hi * w.value
        upper_open = hi < 1.0
        inside = s.value >= low - s.tol - EPS and (
            s.value < high + s.tol - EPS if upper_open else s.value <= high + s.tol + EPS
        )
        if inside:
            continue
        shown = line.row.actual.text.strip() if line.row.actual is not None else ""
        band = f"{fmt(low)}～{fmt(high)} 分" + ("（不含上限）" if upper_open else "")
        message = f"{_name(line)}完成情况「{shown}」属{word}，得分应在 {band}，表中为 {fmt(s.value)}"
        paths, cells = _context(line)
        findings.append(
            make_finding(
                "V7",
                "warning",
                message,
                [s, w],
                paths=paths,
                cells=cells,
                expected=[low, high],
                found=s.value,
            )
        )
    return findings
