"""Meaning from the words a label is built of, for labels no synonym list has.

`实际值`, `全年完成值`, `指标得分(分)`, `未完成原因分析`, `补助资金` are spelled a hundred ways across
provinces, but the words that carry the meaning are few: 实际/完成 is an actual, 原因/措施 a deviation
text, 结转 a carry-over. Used only where a row is already known to be a header (or a funds label
column), after the fuzzy match found nothing: a value cell reading 已完成 is never asked.
"""

from __future__ import annotations

import re

from extraction.mapping.labels import ExtraSynonyms, LabelMatch, match_label, normalize_label
from models.canonical import LabelGroup

KEYWORD_SCORE = 0.9  # a label understood from its words: above a one-character fuzzy match, below exact

# (id, words any of which is in the label, words none of which may be); first hit wins.
Rule = tuple[str, tuple[str, ...], tuple[str, ...]]

_INDICATOR: tuple[Rule, ...] = (
    ("deviation", ("偏差", "原因", "措施"), ()),
    ("level1", ("一级",), ()),
    ("level2", ("二级",), ()),
    ("level3", ("三级", "指标名称", "指标内容", "绩效指标"), ()),
    ("op", ("性质", "符号", "运算"), ()),
    ("unit", ("度量", "计量"), ()),
    ("score", ("得分", "评分"), ("系数",)),
    ("weight", ("分值", "权重", "满分", "标准分"), ()),
    ("actual", ("实际", "完成", "实现", "达成"), ()),
    ("target", ("指标值", "目标", "预期", "计划", "标准"), ()),
)
_FUNDS_COLUMNS: tuple[Rule, ...] = (
    ("exec_reason", ("原因", "说明"), ()),
    # 执行率得分 and 执行率分值 are the score and weight of the rate: the last word names the thing
    ("exec_score", ("得分",), ()),
    ("exec_weight", ("分值", "权重", "满分"), ()),
    ("exec_rate", ("执行率", "完成率", "支出率"), ()),
    ("budget_initial", ("年初",), ()),
    ("executed", ("执行", "支出", "实际", "使用", "拨付"), ()),
    ("budget_full_year", ("预算", "调整", "安排", "批复", "下达"), ()),
)
_FUNDS_ROWS: tuple[Rule, ...] = (
    ("total", ("合计", "总额", "总计", "资金总"), ()),
    ("carryover", ("结转", "结余"), ()),
    ("other", ("其他", "自筹", "社会", "贷款", "单位资金", "专户", "配套", "地方", "本级"), ()),
    ("fiscal_current", ("财政", "拨款", "补助", "中央", "省级", "上级", "专项"), ()),
)
# Rows after the indicator grid, by the word their first cell is built on.
_CLOSING: tuple[Rule, ...] = (
    ("grade", ("等级", "等次", "评价结论", "自评结论"), ()),
    ("total_score", ("总分", "综合得分", "总得分", "得分合计", "自评得分", "合计"), ()),
)
# A goal row's labels: what was planned and what came of it.
_GOALS: tuple[Rule, ...] = (
    ("goal_actual", ("完成情况", "实际", "完成值", "实现", "达成"), ()),
    ("goal_expected", ("目标", "预期", "计划"), ("完成", "实际", "实现", "达成")),
)
# The block titles printed in the narrow left column, merged down over their block.
_BLOCKS: tuple[Rule, ...] = (
    ("funds_unit", ("资金", "预算执行"), ("名称",)),
    ("goal_block", ("总体目标", "年度目标", "绩效目标"), ()),
    ("indicator_block", ("绩效指标", "指标情况", "指标完成"), ()),
)
_KINDS: dict[str, tuple[Rule, ...]] = {"closing": _CLOSING, "goals": _GOALS, "blocks": _BLOCKS}
_HEADER: tuple[Rule, ...] = (
    ("competent_dept", ("主管", "部门"), ("实施", "执行", "使用", "承担")),  # 实施部门 is the unit
    (
        "impl_unit",
        ("实施", "使用单位", "执行单位", "预算单位", "项目单位", "承担单位"),
        ("情况", "过程", "内容", "进度", "计划", "方案", "效果"),
    ),
    ("project_name", ("项目名称", "资金名称", "专项名称"), ()),
)
_RULES: dict[LabelGroup, tuple[Rule, ...]] = {
    "indicator_columns": _INDICATOR,
    "funds_columns": _FUNDS_COLUMNS,
    "funds_rows": _FUNDS_ROWS,
    "header": _HEADER,
}
_MAX_LABEL = 16  # a cell longer than this is a value or a sentence, not a label


def keyword_match(
    text: str, group: LabelGroup | str, taken: frozenset[str] = frozenset()
) -> LabelMatch | None:
    """The id whose words the label contains (and none of whose excluded words), unless taken.
    `group` is a label group or one of the row kinds above (closing, goals, blocks)."""
    core = normalize_label(text)
    if not core or len(core) > _MAX_LABEL:
        return None
    core += "|" + normalize_label(re.sub(r"[()（）]", "", text))  # `转移支付(项目)名称` names a project too
    rules = _KINDS[group] if group in _KINDS else _RULES[group]  # type: ignore[index]
    for field_id, words, excluded in rules:
        if field_id in taken or any(w in core for w in excluded):
            continue
        hit = next((w for w in words if w in core), None)
        if hit is not None:
            return LabelMatch(id=field_id, score=KEYWORD_SCORE, spelling=hit)
    return None


def label_or_words(
    text: str, group: LabelGroup, extra: ExtraSynonyms | None = None, min_score: float | None = None
) -> LabelMatch | None:
    """The fuzzy match of a label unless its words name something else and the match is looser
    than a keyword hit: `执行率满分` is one character from 执行率得分 but its last word is 满分."""
    fuzzy = (
        match_label(text, group, extra=extra)
        if min_score is None
        else match_label(text, group, extra=extra, min_score=min_score)
    )
    if fuzzy is not None and fuzzy.score >= KEYWORD_SCORE:
        return fuzzy
    return keyword_match(text, group) or fuzzy
