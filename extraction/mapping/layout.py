"""Which variant of form.md §5 a form is, and whether it is a self-assessment at all.

Judged from what was printed: the title, the block titles and the column labels (normalised
spellings, so OCR damage to punctuation does not matter)."""

from __future__ import annotations

import unicodedata

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import ColumnMap
from extraction.mapping.labels import label_weight, normalize_label
from models.record import FormKind

# Column labels only the Chongqing 部门整体 form prints (form.md §5).
_CHONGQING_COLUMNS = frozenset({"调整指标值", "得分系数", "是否核心指标", "执行率权重", "执行率得分"})


def _labels(columns: ColumnMap | None) -> set[str]:
    return {normalize_label(c.label) for c in columns.columns} if columns is not None else set()


def _raw_labels(columns: ColumnMap | None) -> set[str]:
    """Labels with their brackets kept (`执行率(B/A)`, `得分(分*执行率)` tell variants apart)."""
    if columns is None:
        return set()
    return {"".join(unicodedata.normalize("NFKC", c.label).split()) for c in columns.columns}


def detect_layout(builder: FormBuilder) -> str:
    title = normalize_label(builder.title_spelling)
    funds, ind = builder.funds_columns, builder.ind_columns
    ind_keys = ind.keys() if ind is not None else []
    funds_keys = funds.keys() if funds is not None else []
    labels = _labels(funds) | _labels(ind)
    raw = _raw_labels(funds)
    if labels & _CHONGQING_COLUMNS or title == "部门整体绩效自评表":
        return "chongqing"
    split = "op" in ind_keys or "unit" in ind_keys
    funds_title = normalize_label(builder.funds.title.text) if builder.funds.title else ""
    weighted_block = label_weight(builder.ind_title) is not None  # 绩效指标(90分)
    if split and (
        "exec_reason" in funds_keys
        or funds_title == "预算执行情况"
        or title.startswith("部门预算")
        or weighted_block
    ):
        return "sichuan"
    if split:
        return "yunnan"
    level1 = {normalize_label(r.level1.text) for r in builder.indicators if r.level1 is not None}
    hubei_score = any("分*执行率" in r or "分×执行率" in r for r in raw)
    if title.startswith("财政预算支出") or hubei_score or "过程指标" in level1:
        return "hubei"
    weight_first = _before(ind_keys, "weight", "target")
    transfer_funds = "budget_initial" not in funds_keys and any("(A)" in r or "(B/A)" in r for r in raw)
    if title.endswith("绩效目标自评表") or weight_first or transfer_funds:
        return "transfer"
    if funds_keys or ind_keys:
        return "national"
    return "unknown"


def _before(keys: list[str], first: str, second: str) -> bool:
    return first in keys and second in keys and keys.index(first) < keys.index(second)


def detect_kind(builder: FormBuilder) -> FormKind:
    """Target declarations and approvals share the indicator grid but carry no actual values."""
    title = builder.title_spelling
    if "批复" in title:
        return "target_approval"
    if "申报" in title or (title.endswith("目标表") and "自评" not in title):
        return "target_declaration"
    columns = builder.ind_columns
    printed = columns is not None and not columns.inferred  # blank inferred columns are not known
    keys = columns.keys() if columns is not None else []
    if printed and "target" in keys and "actual" not in keys and "score" not in keys:
        return "target_declaration"
    return "self_assessment"
