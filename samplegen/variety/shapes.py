"""Tune-side shapes of the structures the held-out families print: two-row indicator and funds
headers, funds with the sources across, one page of a two-page form alone.

The held-out families (transposed_funds, two_row_header, continuation_only) draw none of this:
every function here is reached only through an Axes knob those families leave at its default, so
their random streams, and so their forms, are what they were. Spellings are canonical ones or the
tune half of vocab.OUTSIDE; the few structural labels that canonical.json does not know (年初,
三级, 上级补助 …) are recorded as outside spellings like any other.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Protocol

from samplegen.variety import vocab as v
from samplegen.variety.model import CutKind, VCol, VForm

LEVEL_GROUP = "绩效指标"
VALUE_GROUPS = ("指标值", "绩效指标值")  # over 年度目标 / 实际完成
BUDGET_GROUP = "预算数"  # over 年初 / 全年 (预算数 alone is a 全年预算数 spelling)
EXEC_GROUPS = ("执行情况", "全年执行情况")  # over 执行数 / 执行率
CORNERS = ("", "", "资金来源", "项目", "来源")


class Ctx(Protocol):
    rng: random.Random
    outside: list[str]

    def spell(self, key: str) -> str: ...


def pick(rng: random.Random, options: tuple[str, ...]) -> str:
    """A knob the older families leave empty draws nothing (and gives "")."""
    return rng.choice(options) if options else ""


def _outside(c: Ctx, label: str) -> str:
    c.outside.append(label)
    return label


def actual_after_target(keys: list[str]) -> list[str]:
    """年度目标 and 实际完成 sit side by side under one upper cell."""
    if "target" not in keys or "actual" not in keys:
        return keys
    keys = [k for k in keys if k != "actual"]
    keys.insert(keys.index("target") + 1, "actual")
    return keys


def grouped_levels(c: Ctx, cols: list[VCol], shape: str) -> tuple[VCol, ...]:
    """绩效指标 over 一级 / 二级 / 三级 (long or short labels); for `levels`, 指标值 over the target
    and the actual column. Every other column spans both header rows."""
    short = c.rng.random() < 0.5
    levels = [VCol("level1", "一级" if short else "一级指标", 1.0, LEVEL_GROUP),
              VCol("level2", "二级" if short else "二级指标", 1.2, LEVEL_GROUP)]  # fmt: skip
    out: list[VCol] = []
    value_group = c.rng.choice(VALUE_GROUPS)
    for col in cols:
        if col.key == "level3":
            label = _outside(c, "三级") if short else col.label
            out.append(dataclasses.replace(col, label=label, group=LEVEL_GROUP))
        elif shape == "levels" and col.key in ("target", "actual"):
            label = col.label
            if col.key == "target" and c.rng.random() < 0.4:
                label = _outside(c, "年度目标")
            out.append(dataclasses.replace(col, label=label, group=value_group))
        else:
            out.append(col)
    return (*levels, *out)


def exec_rate_after_executed(keys: list[str]) -> list[str]:
    if "executed" not in keys or "exec_rate" not in keys:
        return keys
    keys = [k for k in keys if k != "exec_rate"]
    keys.insert(keys.index("executed") + 1, "exec_rate")
    return keys


def funds_groups(c: Ctx, cols: tuple[VCol, ...], shape: str) -> tuple[VCol, ...]:
    """预算数 over 年初 / 全年 and, for `budget_exec`, 执行情况 over 执行数 / 执行率."""
    out = list(cols)
    keys = [col.key for col in cols]
    if "budget_initial" in keys and "budget_full_year" in keys:
        short = c.rng.random() < 0.6
        for key, label in (("budget_initial", "年初"), ("budget_full_year", "全年")):
            j = keys.index(key)
            out[j] = dataclasses.replace(out[j], label=_outside(c, label) if short else out[j].label,
                                         group=BUDGET_GROUP)  # fmt: skip
    if (
        shape == "budget_exec"
        and "executed" in keys
        and keys[keys.index("executed") + 1 :][:1] == ["exec_rate"]
    ):
        group = c.rng.choice(EXEC_GROUPS)
        j = keys.index("executed")
        out[j] = dataclasses.replace(out[j], group=group)
        out[j + 1] = dataclasses.replace(out[j + 1], group=group)
    return tuple(out)


ACROSS_KEYS = (
    ("budget_initial", "budget_full_year", "executed", "exec_weight", "exec_rate", "exec_score"),
    ("budget_full_year", "executed", "exec_rate"),
    ("budget_full_year", "executed", "exec_weight", "exec_rate", "exec_score"),
    ("budget_initial", "budget_full_year", "executed", "exec_rate"),
)


def across_labels(c: Ctx, labels: dict[str, str], sources: list[str]) -> str:
    """Short source labels across the top (合计 · 上级补助 · 本级 …); returns the corner label."""
    if c.rng.random() < 0.7:
        labels["total"] = "合计"
    for source in sources:
        options = v.ACROSS_SOURCES.get(source, ())
        if options and c.rng.random() < 0.5:
            label = c.rng.choice(options)
            labels[source] = _outside(c, label) if label in v.ACROSS_OUTSIDE else label
    return c.rng.choice(CORNERS)


def one_page(rng: random.Random, form: VForm, keep: tuple[str, ...], carried_blank: float) -> VForm:
    """The document is the first page alone (header … some indicator rows, no total) or the
    continuation page alone (rows, often with the 一级/二级 cells carried over left blank)."""
    if rng.choice(keep) == "first":  # filled to the bottom: layout.fit moves the cut up until it fits
        cut: CutKind = "before_total" if rng.random() < 0.4 else "ind"
        return dataclasses.replace(form, cut=cut, cut_at=len(form.indicators) - 1, first_page_only=True)
    return dataclasses.replace(form, last_page_only=True, carried_blank=rng.random() < carried_blank)
