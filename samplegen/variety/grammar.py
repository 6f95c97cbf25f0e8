"""The grammar: a family's axes + a seeded random source → one VForm.

Each axis is a knob of `Axes`; a family (families.py) fixes some knobs and leaves others to chance.
Spellings come from vocab.CANON or, with probability `outside`, from the family's side of
vocab.OUTSIDE; every outside spelling printed is recorded on the form.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field

from samplegen.spec import LabeledValue
from samplegen.variety import shapes
from samplegen.variety import vocab as v
from samplegen.variety.content import Funds, Row, Style, amounts, fmt, indicator_rows
from samplegen.variety.model import VCol, VForm, VFunds, VFundsLine, VGoals, VInd, VScoring

IND_WIDTH = {"level3": 2.8, "target": 1.3, "actual": 1.3, "op": 0.75, "unit": 0.75, "weight": 0.75,
             "score": 0.75, "deviation": 2.2, "extra": 0.9}  # fmt: skip
SPLIT_GROUP = "年度指标值"


@dataclass(frozen=True)
class Axes:
    order: str = "national"  # national | weight_first | shuffled
    drop: tuple[str, ...] = ()  # indicator columns left out (weight, score, deviation)
    drop_rate: float = 0.0  # chance of dropping each of weight/score/deviation on top of `drop`
    extras: tuple[int, int] = (0, 0)  # how many extra columns (是否核心指标 …), min..max
    split: tuple[str, ...] = ("none",)  # none | op_target_unit | target_unit
    two_row: bool = False
    funds: tuple[str, ...] = ("full",)  # full | subset | total_only | bare | subrows | transposed | none
    scoring: tuple[str, ...] = ("none",)  # none | beside | under
    title: tuple[str, ...] = ("line",)  # line | plain_line | before | after | prefix_before
    cut: tuple[str, ...] = ("none",)  # none | ind | before_ind | before_total
    last_only: bool = False
    repeat_header: float = 1.0
    goals: float = 1.0
    tail: float = 0.5
    ge: tuple[str, ...] = ("≥",)
    le: tuple[str, ...] = ("≤",)
    eq_rate: float = 0.1
    prefix: tuple[str, ...] = ("",)
    empties: tuple[str, ...] = ("无",)
    l1_weight: tuple[str, ...] = ("none",)  # none | bracket | ascii | space
    short_level2: float = 0.0
    side: int = 0  # 0: tune spellings of vocab.OUTSIDE, 1: held-out spellings
    outside: float = 0.3
    n_ind: tuple[int, int] = (6, 11)
    # knobs of the tune families of the held-out structures (samplegen/variety/shapes.py); left at
    # their defaults they draw nothing, so the other families' forms stay what they were
    header_shape: tuple[str, ...] = ()  # one_row | split | levels | levels_split ("" → `two_row`)
    funds_header: tuple[str, ...] = ()  # one_row | budget | budget_exec: two-row funds labels
    keep: tuple[str, ...] = ()  # first | last: the document is one page of a two-page form
    carried_blank: float = 0.0  # chance a continuation page leaves carried 一级/二级 cells blank
    short_levels: float = 0.0  # chance a form prints its 一级 (and, apart, its 二级) without 指标
    names: list[str] = field(default_factory=list)  # the axes' names, for the report


class _Ctx:
    def __init__(self, rng: random.Random, axes: Axes) -> None:
        self.rng, self.axes = rng, axes
        self.outside: list[str] = []

    def spell(self, key: str) -> str:
        pool = v.OUTSIDE.get(key)
        if pool and self.rng.random() < self.axes.outside:
            s = self.rng.choice(pool[self.axes.side])
            self.outside.append(s)
            return s
        return self.rng.choice(v.CANON[key])


def _ind_columns(c: _Ctx, split: str, shape: str = "") -> tuple[VCol, ...]:
    a, rng = c.axes, c.rng
    keys = ["level3", "target", "actual", "weight", "score", "deviation"]
    for k in ("weight", "score", "deviation"):
        if k in a.drop or rng.random() < a.drop_rate:
            keys.remove(k)
    if a.order == "weight_first" and "weight" in keys:
        keys.remove("weight")
        keys.insert(1, "weight")
    elif a.order == "shuffled":
        middle = keys[1:]
        rng.shuffle(middle)
        keys = [keys[0], *sorted(middle, key=lambda k: k == "deviation")]
    for label in rng.sample(sorted(v.EXTRA_COLUMNS), rng.randint(*a.extras)):
        keys.insert(rng.randint(1, len(keys)), f"extra:{label}")  # never inside a split group
    if shape == "levels":
        keys = shapes.actual_after_target(keys)
    two_row = a.two_row if not shape else shape in ("split", "levels_split")
    cols: list[VCol] = []
    for k in keys:
        if k.startswith("extra:"):
            cols.append(VCol("extra", k[6:], IND_WIDTH["extra"]))
        elif k == "target" and split != "none":
            group = SPLIT_GROUP if two_row else ""
            if split == "op_target_unit":
                cols.append(VCol("op", c.spell("op"), IND_WIDTH["op"], group))
            cols.append(VCol("target", "指标值" if two_row else c.spell("target"), 1.0, group))
            cols.append(VCol("unit", c.spell("unit"), IND_WIDTH["unit"], group))
        else:
            cols.append(VCol(k, c.spell(k), IND_WIDTH[k]))
    if shape in ("levels", "levels_split"):
        return shapes.grouped_levels(c, cols, shape)
    return (VCol("level1", "一级指标", 1.0), VCol("level2", "二级指标", 1.2), *cols)


def _cell(col: VCol, r: Row, split: str, rng: random.Random) -> str:
    if col.key == "extra":
        return rng.choice(v.EXTRA_COLUMNS[col.label])
    if col.key == "target":
        if split == "none":
            return f"{r.op}{r.target}{r.unit}"
        return r.target if split == "op_target_unit" else f"{r.op}{r.target}"
    if col.key == "actual":
        return r.actual if split != "none" or not r.unit or not r.op else f"{r.actual}{r.unit}"
    if col.key == "op":
        return r.op or rng.choice(v.EMPTIES)
    if col.key == "unit":
        return r.unit or rng.choice(v.EMPTIES)
    if col.key in ("weight", "score"):
        return fmt(r.weight if col.key == "weight" else r.score)
    return {"level3": r.level3, "deviation": r.deviation}[col.key]


def _level1(label: str, weight: float, how: str) -> str:
    return {"none": label, "bracket": f"{label}（{fmt(weight)}分）", "ascii": f"{label}({fmt(weight)}分)",
            "space": f"{label} {fmt(weight)}分"}[how]  # fmt: skip


def _indicators(c: _Ctx, cols: tuple[VCol, ...], rows: list[Row], split: str) -> tuple[VInd, ...]:
    how = c.rng.choice(c.axes.l1_weight)
    p = c.axes.short_levels
    short1, short2 = (c.rng.random() < p, c.rng.random() < p) if p > 0 else (False, False)
    sums: dict[str, float] = {}
    for r in rows:
        sums[r.level1] = sums.get(r.level1, 0.0) + r.weight
    return tuple(
        VInd(
            _level1(r.level1.removesuffix("指标") if short1 else r.level1, sums[r.level1], how),
            r.level2.removesuffix("指标") if short2 else r.level2,
            tuple(_cell(col, r, split, c.rng) for col in cols[2:]),
        )
        for r in rows
    )


FUNDS_KEYS = ("budget_initial", "budget_full_year", "executed", "exec_weight", "exec_rate", "exec_score")


def _funds_cells(key: str, line: tuple[str, float, float, float], f: Funds, total: bool, empty: str) -> str:
    _, init, full, ex = line
    amount = {"budget_initial": init, "budget_full_year": full, "executed": ex}
    if key in amount:
        return fmt(amount[key])
    if not total:
        return empty
    return {
        "exec_weight": fmt(f.weight),
        "exec_rate": f"{fmt(100 * f.rate())}%",
        "exec_score": fmt(f.score()),
    }[key]


def _funds(c: _Ctx, kind: str) -> tuple[VFunds | None, float]:
    rng = c.rng
    if kind == "none":
        return None, 0.0
    keys = list(FUNDS_KEYS)
    if kind in ("subset", "transposed"):
        keys = rng.choice([keys[1:], [*keys[1:3], keys[4]], [keys[1], keys[2], keys[4], keys[3], keys[5]]])
    if kind == "bare":
        keys = ["budget_full_year"]
    if kind == "across":  # the tune side of `transposed`
        keys = list(rng.choice(shapes.ACROSS_KEYS))
    two_row = shapes.pick(rng, c.axes.funds_header) if kind in ("full", "subset", "subrows") else ""
    if two_row == "budget_exec":
        keys = shapes.exec_rate_after_executed(keys)
    sources = {"total_only": [], "bare": []}.get(kind) or rng.choice(
        [["fiscal_current", "carryover", "other"], ["fiscal_current", "other"], ["fiscal_current"]]
    )
    f = amounts(rng, sources)
    empty = rng.choice((*c.axes.empties, "—"))
    labels = {"total": c.spell("total"), "fiscal_current": c.spell("fiscal_current"),
              "carryover": c.spell("carryover"), "other": c.spell("other")}  # fmt: skip
    if kind == "transposed":  # sources across: 合计 · 上级补助资金 · 本级资金
        labels["total"] = "合计"
        if rng.random() < 0.5:
            labels.update(v.TRANSPOSED_SOURCES)
            c.outside += [labels[s] for s in sources if s in v.TRANSPOSED_SOURCES]
    corner = "资金来源" if kind == "transposed" else ""
    if kind == "across":
        corner = shapes.across_labels(c, labels, sources)
    lines = tuple(
        VFundsLine(line[0], labels[line[0]], tuple(_funds_cells(k, line, f, i == 0, empty) for k in keys))  # type: ignore[arg-type]
        for i, line in enumerate(f.lines)
    )
    cols = tuple(VCol(k, c.spell(k), 0.8 if k.startswith("exec_") else 1.0) for k in keys)
    if two_row not in ("", "one_row"):
        cols = shapes.funds_groups(c, cols, two_row)
    title = c.spell("funds_title")
    weight = f.weight if "exec_weight" in keys else 0.0
    score = f.score() if "exec_score" in keys else 0.0
    vf = VFunds(title, cols, lines, transposed=kind in ("transposed", "across"), bare=kind == "bare",
                corner=corner)  # fmt: skip
    return vf, (score if weight else 0.0)


def _title(c: _Ctx, year: int, place: str) -> tuple[str, str]:
    name = c.rng.choice(v.CANON["form_title"])
    how = c.rng.choice(c.axes.title)
    if how == "line":
        return f"{place}{name}", f"（{year}年度）"
    if how == "plain_line":
        return name, f"{year}年度"
    if how == "before":
        return f"{year}年度{name}", ""
    if how == "after":
        return f"{name}（{year}年度）", ""
    return f"{place}{year}年度{name}", ""


def _header(c: _Ctx, place: str) -> tuple[tuple[LabeledValue, ...], ...]:
    rng = c.rng
    dept = place + rng.choice(v.DEPTS)
    unit = dept + rng.choice(v.UNITS)
    rows: list[tuple[LabeledValue, ...]] = [
        (LabeledValue(c.spell("project_name"), f"{rng.randint(2019, 2023)}年{rng.choice(v.PROJECTS)}", "project_name"),),
        (LabeledValue(c.spell("competent_dept"), dept, "competent_dept"),
         LabeledValue(c.spell("impl_unit"), unit, "impl_unit")),
    ]  # fmt: skip
    if rng.random() < 0.3:
        a, b = rng.sample(v.UNMAPPED_HEADER, 2)
        rows.append((LabeledValue(a, v.UNMAPPED_VALUES[a]), LabeledValue(b, v.UNMAPPED_VALUES[b])))
    return tuple(rows)


def _tail(c: _Ctx, total: float) -> tuple[LabeledValue, ...]:
    rng = c.rng
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    items = [LabeledValue(c.spell("grade"), grade, "grade"), LabeledValue("存在问题", "项目前期准备不充分，进度偏慢。"),
             LabeledValue("填报日期", f"{rng.randint(2020, 2024)}年3月{rng.randint(1, 28)}日"),
             LabeledValue("联系人", "李红　0951-2012345")]  # fmt: skip
    return tuple(i for i in items if rng.random() < c.axes.tail)


def compose(axes: Axes, form_id: str, family: str, seed: int, attempt: int = 0) -> VForm:
    rng = random.Random(f"{seed}:{form_id}:{attempt}")
    c = _Ctx(rng, axes)
    year = rng.randint(2019, 2023)
    place = rng.choice(v.PLACES)
    split = rng.choice(axes.split)
    shape = shapes.pick(rng, axes.header_shape)
    if shape == "levels":  # 指标值 spans 年度目标 / 实际完成: the target keeps its operator and unit
        split = "none"
    cols = _ind_columns(c, split, shape)
    funds, exec_score = _funds(c, rng.choice(axes.funds))
    exec_weight = 10 if funds is not None and any(col.key == "exec_weight" for col in funds.columns) else 0
    style = Style(axes.ge, axes.le, axes.eq_rate, rng.choice(axes.prefix), axes.empties,
                  axes.short_level2)  # fmt: skip
    rows = indicator_rows(rng, rng.randint(*axes.n_ind), 100 - exec_weight, style, year)
    keys = {col.key for col in cols}
    score = exec_score + sum(r.score for r in rows)
    title, year_line = _title(c, year, place)
    total_mode = "grid" if keys & {"weight", "score"} else rng.choice(("row", "none"))
    scoring = _scoring(c, score) if (how := rng.choice(axes.scoring)) != "none" else None
    if scoring is not None:
        scoring = VScoring(scoring.title, scoring.columns, scoring.rows, scoring.total_label, scoring.total_score,
                           beside=how == "beside")  # fmt: skip
    goals = None
    if rng.random() < axes.goals:
        exp, act = rng.choice(v.GOALS)
        goals = VGoals("年度总体目标", (c.spell("goal_expected"), c.spell("goal_actual")), exp, act)
    cut = rng.choice(axes.cut)
    n = len(rows)
    form = VForm(
        form_id=form_id, family=family, seed=seed, year=year, title=title, year_line=year_line,
        header=_header(c, place), funds=funds, goals=goals,
        ind_title=rng.choice(("绩效指标", "绩效指标", "")), ind_columns=cols,
        indicators=_indicators(c, cols, rows, split), total_mode=total_mode,  # type: ignore[arg-type]
        total_label=c.spell("total_score"), total_weight="100", total_score=fmt(score),
        scoring=scoring, tail=_tail(c, score), note_line=rng.choice(("", "单位：万元")) if funds else "",
        cut=cut, cut_at=rng.randint(1, n - 1) if cut == "ind" else 0,  # type: ignore[arg-type]
        repeat_header=rng.random() < axes.repeat_header, last_page_only=axes.last_only,
        axes=tuple(axes.names), outside_spellings=tuple(dict.fromkeys(c.outside)),
    )  # fmt: skip
    if shape in ("levels", "levels_split"):  # 绩效指标 is the upper header cell, not a left block too
        form = dataclasses.replace(form, ind_title="")
    return shapes.one_page(rng, form, axes.keep, axes.carried_blank) if axes.keep else form


def _scoring(c: _Ctx, score: float) -> VScoring:
    rows = []
    left = score
    for k, (label, w) in enumerate(v.SCORING_SHEET):  # scores in proportion to the weights, adding up
        s = left if k == len(v.SCORING_SHEET) - 1 else round(float(w) * score / 100, 1)
        left -= s
        rows.append((label, w, fmt(s)))
    return VScoring(
        "评价内容", ("一级指标", "分值", "得分"), tuple(rows), c.spell("total_score"), fmt(score), True
    )
