"""Printed content of a randomised form: amounts that add up, indicator rows with their values,
weights and scores, in the glyphs and spellings a family allows."""

from __future__ import annotations

import random
from dataclasses import dataclass

from samplegen.variety import vocab as v


def fmt(x: float, places: int = 2) -> str:
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return s or "0"


@dataclass(frozen=True)
class Style:
    """Glyph and wording choices of one form."""

    ge: tuple[str, ...]
    le: tuple[str, ...]
    eq_rate: float  # how often a quantity target is printed as =N
    prefix: str  # "" | "指标" | "dot" | "paren": how 三级指标 are numbered
    empties: tuple[str, ...]  # what an empty deviation / sub-row score cell shows
    short_level2: float  # how often 二级 drops its 指标 suffix


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    level3: str
    op: str  # the operator glyph as printed ("" for dates and qualitative values)
    target: str  # the number or phrase without the operator
    unit: str
    actual: str
    weight: float
    score: float
    deviation: str


def _numbered(style: Style, k: int, name: str) -> str:
    return {"": name, "指标": f"指标{k}：{name}", "dot": f"{k}.{name}", "paren": f"（{k}）{name}"}[
        style.prefix
    ]


def _values(
    rng: random.Random, kind: str, unit: str, base: float, style: Style, year: int
) -> tuple[str, str, str, bool]:
    """(op, target, actual, met) of one indicator."""
    met = rng.random() < 0.8
    if kind == "q":
        t = max(1, round(base * rng.uniform(0.6, 1.6)))
        a = t + rng.randint(0, max(1, t // 10)) if met else max(0, round(t * rng.uniform(0.7, 0.95)))
        op = rng.choice(v.EQ_GLYPHS) if rng.random() < style.eq_rate else rng.choice(style.ge)
        return op, str(t), str(a), a >= t
    if kind == "r":
        rt = base if base >= 100 else rng.choice([base, base - 5, base + 5])
        ra = min(100.0, rt + rng.choice([0, 0.5, 2])) if met else rt - rng.choice([3, 5.5, 8])
        return rng.choice(style.ge), fmt(rt), fmt(ra), met
    if kind == "le":
        lt = round(base * rng.uniform(0.8, 1.2), 1)
        la = round(lt * rng.uniform(0.85, 1.0), 2) if met else round(lt * 1.08, 2)
        return rng.choice(style.le), fmt(lt), fmt(la), met
    if kind == "t":
        month = rng.randint(9, 11)
        done = rng.choice(("按时完成", f"{year}年{month - 1}月")) if met else f"{year}年{month + 1}月"
        return "", f"{year}年{month}月底前", done, met
    phrase = rng.choice(v.QUAL)
    return "", phrase[0], phrase[0] if met else phrase[1], met


def _pick(rng: random.Random, n: int) -> list[tuple[str, str, str, str, str, float]]:
    pool = list(v.INDICATOR_POOL)
    by_l1 = {l1: [p for p in pool if p[0] == l1] for l1 in ("产出指标", "效益指标", "满意度指标")}
    counts = {"产出指标": max(2, n // 2), "满意度指标": 1}
    counts["效益指标"] = max(1, n - counts["产出指标"] - 1)
    out: list[tuple[str, str, str, str, str, float]] = []
    for l1, items in by_l1.items():
        chosen = rng.sample(items, min(counts[l1], len(items)))
        out += sorted(chosen, key=items.index)
    return out


def _weights(rng: random.Random, n: int, total: int) -> list[int]:
    w = [total // n] * n
    for i in range(total - sum(w)):
        w[i % n] += 1
    for _ in range(n):  # uneven but still adding up
        i, j = rng.randrange(n), rng.randrange(n)
        if w[i] > 3:
            w[i] -= 1
            w[j] += 1
    return w


def indicator_rows(rng: random.Random, n: int, total_weight: int, style: Style, year: int) -> list[Row]:
    picked = _pick(rng, n)
    weights = _weights(rng, len(picked), total_weight)
    rows: list[Row] = []
    for k, ((l1, l2, name, kind, unit, base), w) in enumerate(zip(picked, weights, strict=True), start=1):
        op, target, actual, met = _values(rng, kind, unit, base, style, year)
        score = float(w) if met else round(w * rng.uniform(0.6, 0.9), 1)
        dev = (
            ""
            if met
            else rng.choice(
                ("资金到位较晚，进度滞后；下一步加快实施。", "部分任务未完成，已列入下年度计划。")
            )
        )
        if l2.endswith("指标") and rng.random() < style.short_level2:
            l2 = l2[:-2]
        rows.append(
            Row(
                l1,
                l2,
                _numbered(style, k, name),
                op,
                target,
                unit,
                actual,
                w,
                score,
                dev or rng.choice(style.empties),
            )
        )
    return rows


@dataclass(frozen=True)
class Funds:
    """Amounts of one form by source: (label row id, budget_initial, budget_full_year, executed)."""

    lines: list[tuple[str, float, float, float]]
    weight: float

    @property
    def total(self) -> tuple[str, float, float, float]:
        return self.lines[0]

    def rate(self) -> float:
        _, _, full, ex = self.total
        return ex / full if full else 0.0

    def score(self) -> float:
        return round(self.weight * min(self.rate(), 1.0), 2)


def amounts(rng: random.Random, sources: list[str]) -> Funds:
    """Amounts for `sources` (row ids after the total) that add up to the total row."""
    parts: list[tuple[str, float, float, float]] = []
    for row in sources:
        init = round(rng.uniform(5, 300), rng.choice([0, 2]))
        full = init if rng.random() < 0.6 else round(init * rng.uniform(0.9, 1.2), 2)
        ex = round(full * rng.uniform(0.8, 1.0), 2)
        parts.append((row, init, full, ex))
    if not parts:
        init = round(rng.uniform(20, 500), rng.choice([0, 2]))
        parts = [("fiscal_current", init, init, round(init * rng.uniform(0.85, 1.0), 2))]
        sources = []
    total = ("total", round(sum(p[1] for p in parts), 2), round(sum(p[2] for p in parts), 2),
             round(sum(p[3] for p in parts), 2))  # fmt: skip
    return Funds([total, *(parts if sources else [])], 10.0)
