"""The families of randomised forms and the fixed tune / held-out split.

A family is a coherent set of axes. Nothing may be tuned on the held-out families: they print
spellings (vocab.OUTSIDE's second half, ＞＝ / ≦, 上级补助资金 / 本级资金) that no tune family prints.
Their structures (transposed funds, two-row headers, a continuation page alone) have tune families of
their own (…_tune), drawn from other axes and other random streams in other shapes and spellings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from samplegen.layout import LayoutRecord
from samplegen.variety.grammar import Axes, compose
from samplegen.variety.layout import fit
from samplegen.variety.model import VForm

Split = Literal["tune", "held_out"]
DEFAULT_SEED = 20261207
PER_FAMILY = 36


@dataclass(frozen=True)
class Family:
    name: str
    split: Split
    axes: Axes
    description: str


FAMILIES: tuple[Family, ...] = (
    Family("reordered_national", "tune",
           Axes(order="weight_first", extras=(0, 1), funds=("full", "subset"), cut=("none", "ind"),
                tail=0.4, names=["column_order", "funds_subset", "extra_columns", "page_cut"]),
           "national grid with 分值 before 年度指标值, funds column subsets, an extra column"),
    Family("shuffled_columns", "tune",
           Axes(order="shuffled", extras=(1, 2), funds=("full", "subset", "subrows"), outside=0.5,
                l1_weight=("none", "bracket"), names=["column_order", "extra_columns", "spellings"]),
           "indicator columns in any order, 是否核心指标 / 备注 / 指标解释 columns, outside spellings"),
    Family("minimal_columns", "tune",
           Axes(drop=("weight", "score"), drop_rate=0.5, funds=("total_only", "bare", "none"), goals=0.4,
                tail=0.3, names=["no_score_columns", "no_deviation", "funds_total_only", "goals_absent"]),
           "no 分值/得分 (and often no 偏差) columns, funds as a single total row or absent"),
    Family("glyph_variants", "tune",
           Axes(eq_rate=0.25, prefix=("指标", "dot", "paren"), empties=("/", "—", ""),
                split=("none", "target_unit"), l1_weight=("bracket", "ascii", "space"), ge=("≥", ">=", "≧"), le=("≤", "<="),
                names=["op_glyphs", "unit_outside", "empties", "level3_prefix", "level1_weight"]),
           "≥ >= ≧ ≤ <= ＝ ﹦ glyphs, unit in its own column, / and — empties, numbered 三级指标"),
    Family("year_in_title", "tune",
           Axes(title=("plain_line", "before", "after", "prefix_before"), goals=0.5, tail=0.7, outside=0.4,
                names=["title_year", "unit_prefix", "goals_absent", "tail_rows"]),
           "year before, after or beside the title, unit prefixes, goals and tail rows present or not"),
    Family("split_target", "tune",
           Axes(split=("op_target_unit",), funds=("full", "subrows"), extras=(0, 1), cut=("none", "ind"),
                repeat_header=0.5, names=["split_target_one_row", "extra_columns", "page_cut"]),
           "指标性质 · 指标值 · 度量单位 in three columns under one header row"),
    Family("page_cuts", "tune",
           Axes(cut=("ind", "before_ind", "before_total"), repeat_header=0.5, n_ind=(9, 13),
                names=["page_cut_any_row", "header_repeat"]),
           "two pages cut at any indicator row, before the grid or before the total, header repeated or not"),
    Family("scoring_sheet", "tune",
           Axes(scoring=("beside", "under"), l1_weight=("bracket", "space"), funds=("full", "subset"),
                tail=0.6, names=["scoring_sheet", "level1_weight"]),
           "Hubei scoring rows 项目决策 / 项目管理 / 产出 / 效益 with 自评总分 beside or under them"),
    # the tune side of the three held-out structures: own axes, own random streams (the form ids
    # seed them), tune spellings only
    Family("two_row_header_tune", "tune",
           Axes(header_shape=("split", "levels", "levels_split"), split=("op_target_unit", "target_unit"),
                funds_header=("one_row", "budget", "budget_exec"), funds=("full", "subrows", "subset"), extras=(0, 1),
                outside=0.4, short_levels=0.3, tail=0.5,
                names=["two_row_header", "two_row_levels", "two_row_funds", "extra_columns"]),
           "年度指标值 over 指标性质 / 指标值 / 度量单位, 绩效指标 over 一级 / 二级 / 三级 and 指标值 over "
           "年度目标 / 实际完成, 预算数 over 年初 / 全年; 分值 / 得分 span both rows"),
    Family("continuation_tune", "tune",
           Axes(cut=("ind",), keep=("last", "last", "first"), carried_blank=0.5, repeat_header=0.4, n_ind=(10, 14),
                l1_weight=("none", "bracket", "space"), short_levels=0.3, prefix=("", "指标", "dot"),
                split=("none", "none", "target_unit", "op_target_unit"), tail=0.6, outside=0.4,
                ge=("≥", ">="), le=("≤", "<="),
                names=["continuation_page_only", "first_page_only", "carried_levels_blank", "no_header_rows"]),
           "one page of a two-page form: the continuation (rows, carried 一级/二级 cells often blank, total, "
           "tail) or the first page (header … some rows, no total)"),
    Family("transposed_tune", "tune",
           Axes(funds=("across",), title=("line", "after", "before"), outside=0.4, goals=0.7, tail=0.5,
                l1_weight=("none", "bracket"), names=["transposed_funds", "funds_corner", "tune_spellings"]),
           "funds with the sources across (合计 · 其中：财政拨款 · 上年结转 · 本级 …), 预算数 / 执行数 / 执行率 / "
           "分值 / 得分 down, a corner label or none"),
    Family("transposed_funds", "held_out",
           Axes(funds=("transposed",), order="weight_first", side=1, outside=0.5, ge=("＞＝", "≥"), le=("≦", "≤"),
                title=("after", "line"), names=["transposed_funds", "held_spellings", "column_order"]),
           "funds with sources across (合计 · 财政拨款 · …) and 预算数 / 执行数 / 执行率 down"),
    Family("two_row_header", "held_out",
           Axes(two_row=True, split=("op_target_unit", "target_unit"), side=1, outside=0.5, extras=(0, 1),
                short_level2=0.3, funds=("full", "subrows"), names=["two_row_header", "held_spellings"]),
           "年度指标值 spanning 指标性质 / 指标值 / 度量单位 over a second header row; 分值 spans both rows"),
    Family("continuation_only", "held_out",
           Axes(cut=("ind",), last_only=True, repeat_header=0.3, side=1, outside=0.5, n_ind=(10, 14),
                l1_weight=("none", "bracket"), tail=0.6, ge=("＞＝", "≥"), le=("≦", "≤"),
                names=["continuation_page_only", "no_header_rows", "held_spellings"]),
           "only the second page of a form: indicator rows (often without their header), total, tail"),
)  # fmt: skip

HELD_OUT = tuple(f.name for f in FAMILIES if f.split == "held_out")


def family(name: str) -> Family:
    return next(f for f in FAMILIES if f.name == name)


def make_form(fam: Family, i: int, seed: int = DEFAULT_SEED) -> tuple[VForm, LayoutRecord]:
    """Form i of a family, laid out; a draw that fits on no two pages is drawn again."""
    axes = replace(fam.axes, names=list(fam.axes.names))
    for attempt in range(20):
        form = compose(axes, f"{fam.name}_{i:03d}", fam.name, seed, attempt)
        try:
            return fit(form)
        except ValueError:
            continue
    raise ValueError(f"{fam.name}_{i:03d}: no draw fits")


def generate(
    names: list[str] | None = None, per_family: int = PER_FAMILY, seed: int = DEFAULT_SEED
) -> list[tuple[VForm, LayoutRecord]]:
    chosen = [f for f in FAMILIES if names is None or f.name in names]
    return [make_form(f, i, seed) for f in chosen for i in range(per_family)]
