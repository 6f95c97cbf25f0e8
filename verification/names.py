"""Short Chinese names of rules V1–V12 (form.md §4), for every interface that names a rule."""

from __future__ import annotations

RULE_NAMES = {
    "V1": "资金来源合计",
    "V2": "预算执行率",
    "V3": "执行率得分",
    "V4": "分值合计",
    "V5": "得分不超过分值",
    "V6": "定量指标得分",
    "V7": "定性指标得分",
    "V8": "偏差原因",
    "V9": "总分合计",
    "V10": "自评等级",
    "V11": "总分折算",
    "V12": "目标表述金额",
}


def rule_label(rule: str) -> str:
    """`V3 执行率得分`; an unknown rule id as it is."""
    name = RULE_NAMES.get(rule)
    return f"{rule} {name}" if name else rule
