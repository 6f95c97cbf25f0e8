"""Builders for the composed forms: the defaults of each layout (titles, labels, columns), so a form
file states only its content. A total left as None is computed from the printed scores."""

from __future__ import annotations

from typing import Any

from models.parsing import parse_number
from samplegen.forms import columns as cols
from samplegen.spec import Column, FormSpec, FundsLine, Indicator, LabeledValue, LayoutKind

_DEFAULTS: dict[LayoutKind, dict[str, Any]] = {
    "national": {
        "funds_title": "项目资金（万元）",
        "funds_columns": cols.NATIONAL_FUNDS,
        "ind_columns": cols.NATIONAL_IND,
        "total_label": "总分",
    },
    "yunnan": {
        "funds_title": "项目资金（万元）",
        "funds_columns": cols.NATIONAL_FUNDS,
        "ind_columns": cols.YUNNAN_IND,
        "total_label": "总分",
    },
    "hubei": {
        "funds_title": "项目资金（万元）",
        "funds_columns": cols.HUBEI_FUNDS,
        "ind_columns": cols.NATIONAL_IND,
        "total_label": "自评总分",
    },
    "sichuan": {
        "funds_title": "预算执行情况(10分)",
        "funds_columns": cols.SICHUAN_FUNDS,
        "ind_columns": cols.SICHUAN_IND,
        "total_label": "合计",
        "goal_labels": ("年初设定目标", "年度总体目标完成情况综述"),
        "ind_title": "绩效指标(90分)",
    },
    "transfer": {
        "funds_title": "项目资金（万元）",
        "funds_columns": cols.TRANSFER_FUNDS,
        "ind_columns": cols.TRANSFER_IND,
        "total_label": "总分",
    },
    "chongqing": {
        "funds_title": "预算执行情况（万元）",
        "funds_columns": cols.CHONGQING_FUNDS,
        "ind_columns": cols.CHONGQING_IND,
        "total_label": "合计",
    },
}


def _fmt(x: float) -> str:
    return str(round(x)) if abs(x - round(x)) < 1e-9 else f"{x:.2f}".rstrip("0").rstrip(".")


def compose(
    form_id: str,
    layout: LayoutKind,
    year: int,
    title: str,
    header: tuple[tuple[LabeledValue, ...], ...],
    funds: tuple[FundsLine, ...],
    goals: tuple[str, str],
    rows: tuple[Indicator, ...],
    *,
    total_score: str | None = None,
    total_weight: str = "100",
    tail: tuple[LabeledValue, ...] = (),
    quirks: tuple[str, ...] = (),
    **overrides: Any,
) -> FormSpec:
    d: dict[str, Any] = {
        "goal_title": "年度总体目标",
        "goal_labels": ("预期目标", "实际完成情况"),
        "ind_title": "绩效指标",
    }
    d.update(_DEFAULTS[layout])
    d.update(overrides)
    d.setdefault("year_line", f"（{year}年度）")
    if total_score is None:
        total_score = _exec_plus_scores(funds, rows, d["funds_columns"], d["ind_columns"])
    return FormSpec(
        form_id=form_id,
        layout=layout,
        year=year,
        title=title,
        header=header,
        funds=funds,
        goal_expected=goals[0],
        goal_actual=goals[1],
        indicators=rows,
        total_weight=total_weight,
        total_score=total_score,
        tail=tail,
        quirks=quirks,
        **d,
    )


def _exec_plus_scores(
    funds: tuple[FundsLine, ...],
    rows: tuple[Indicator, ...],
    funds_cols: tuple[Column, ...],
    ind_cols: tuple[Column, ...],
) -> str:
    k = [c.key for c in funds_cols].index("exec_score")
    total = sum(parse_number(line.cells[k]) or 0.0 for line in funds if line.row == "total")
    j = [c.key for c in ind_cols[2:]].index("score")
    total += sum(parse_number(r.cells[j]) or 0.0 for r in rows)
    return _fmt(total)


def lv(label: str, value: str, key: Any = None) -> LabeledValue:
    return LabeledValue(label, value, key)
