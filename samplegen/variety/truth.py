"""Ground truth of a VForm, read from the tags of the cells its layout drew (never from a mapper).

Only what the document shows is expected: a continuation page alone carries no title, header,
funds or goals. Values are parsed with models.field_values.parse_for_path like the fixed samples;
a split 指标性质 / 度量单位 completes the target as models.parsing.combine_split does. Scoring-sheet
rows (项目决策 …) have no place in models/record.py and go to `unmapped`.
"""

from __future__ import annotations

import re

from models.canonical import canonical_schema
from models.field_values import parse_for_path
from models.parsing import combine_split, parse_op
from models.record import (
    Document,
    EngineInfo,
    Field,
    Form,
    FormFields,
    FundsBlock,
    FundsRow,
    IndicatorRow,
    PageInfo,
    Source,
    Unmapped,
)
from samplegen.layout import LayoutRecord
from samplegen.spec import LabeledValue
from samplegen.truth import tables_of
from samplegen.variety.model import VForm

# 产出指标（40分） / 产出指标(40分) / 项目管理 13分
WEIGHT_IN_LABEL = re.compile(r"[（(]?\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]?\s*$")

Index = dict[tuple[str | int, ...], list[str]]


def cell_index(layout: LayoutRecord) -> Index:
    index: Index = {}
    for page in layout.pages:
        for t_index, t in enumerate(page.tables):
            for c in t.cells:
                index.setdefault(tuple(c.tag), []).append(f"p{page.index}t{t_index}r{c.row}c{c.col}")
    return index


def _field(path: str, text: str, cells: list[str]) -> Field:
    return Field(text=text, value=parse_for_path(path, text), cells=cells)


def _labeled(
    items: list[tuple[tuple[str | int, ...], LabeledValue]], index: Index
) -> tuple[dict[str, Field], list[Unmapped]]:
    fields: dict[str, Field] = {}
    unmapped: list[Unmapped] = []
    for tag, item in items:
        if (*tag, "label") not in index:
            continue  # on a page this document does not hold
        label_ids, value_ids = index[(*tag, "label")], index[(*tag, "value")]
        if item.key is None:
            unmapped.append(Unmapped(label=item.label, text=item.value, cells=label_ids + value_ids))
        else:
            fields[item.key] = _field(f"fields.{item.key}", item.value, value_ids)
    return fields, unmapped


def _title_fields(form: VForm, index: Index) -> dict[str, Field]:
    if form.last_page_only:
        return {}
    spellings = canonical_schema().spec("header", "form_title").spellings
    title = max((s for s in spellings if s in form.title), key=len, default=form.title)
    year_text = form.year_line or form.title
    return {
        "form_title": Field(text=form.title, value=title, cells=[]),
        "fiscal_year": _field("fields.fiscal_year", year_text, []),
    }


def _funds(form: VForm, index: Index) -> FundsBlock:
    f = form.funds
    if f is None or ("funds_title",) not in index:
        return FundsBlock()
    rows: list[FundsRow] = []
    seen: dict[str, int] = {}
    for i, line in enumerate(f.lines):
        k = seen.get(line.row, 0)
        seen[line.row] = k + 1
        prefix = f"funds.{line.row}" + (f"[{k}]" if k else "")
        row = FundsRow(row=line.row, label=line.label, label_cells=index[("funds", i, "label")])
        for j, c in enumerate(f.columns):
            setattr(row, c.key, _field(f"{prefix}.{c.key}", line.cells[j], index[("funds", i, j)]))
        rows.append(row)
    m = re.search(r"[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]", f.title)
    title = Field(text=f.title, value=float(m.group(1)) if m else None, cells=index[("funds_title",)])
    return FundsBlock(unit="万元", title=title, rows=rows)


def _level_cell(index: Index, kind: str, i: int, carried: bool = False) -> list[str]:
    """The merged 一级/二级 cells covering indicator i (one per page it shows on); with `carried`,
    the ones left blank because the cell began on the page before."""
    return [
        cid
        for tag, ids in index.items()
        if tag[0] == kind and int(tag[1]) <= i < int(tag[2]) and (tag[3:] == ("carried",)) == carried
        for cid in ids
    ]


def _level(path: str, text: str, index: Index, kind: str, i: int) -> Field:
    """A level as printed: the label where a cell shows it, else the blank carried-over cell."""
    cells = _level_cell(index, kind, i)
    return _field(path, text, cells) if cells else _field(path, "", _level_cell(index, kind, i, True))


def _indicator(form: VForm, index: Index, i: int, n: int) -> IndicatorRow:
    ind = form.indicators[i]
    row = IndicatorRow(
        level1=_level(f"indicators[{n}].level1", ind.level1, index, "level1", i),
        level2=_level(f"indicators[{n}].level2", ind.level2, index, "level2", i),
    )
    texts: dict[str, str] = {}
    for j, c in enumerate(form.ind_columns[2:], start=2):
        text, ids = ind.cells[j - 2], index[("ind", i, j)]
        if c.key == "extra":
            row.extra[c.label] = _field(f"indicators[{n}].extra.{c.label}", text, ids)
            continue
        texts[c.key] = text
        setattr(row, c.key, _field(f"indicators[{n}].{c.key}", text, ids))
    if row.op is not None:
        op = parse_op(texts["op"])
        row.op.value = op.value if op else None
    if "op" in texts or "unit" in texts:  # split cells complete the values
        for key in ("target", "actual"):
            f = row.column(key)
            if f is not None:
                f.value = combine_split(
                    texts.get("op", "") if key == "target" else "", f.text, texts.get("unit", "")
                )
    return row


def _indicators(form: VForm, index: Index) -> tuple[list[IndicatorRow], dict[str, Field]]:
    rows: list[IndicatorRow] = []
    weights: dict[str, Field] = {}
    first_col = 2 if len(form.ind_columns) > 2 else 1
    for i, ind in enumerate(form.indicators):
        if ("ind", i, first_col) not in index:
            continue
        rows.append(_indicator(form, index, i, len(rows)))
        m = WEIGHT_IN_LABEL.search(ind.level1)
        if m and _level_cell(index, "level1", i):  # a blank carried-over cell shows no weight
            name = ind.level1[: m.start()].strip()
            w = weights.setdefault(name, _field(f"level1_weights.{name}", m.group(1), []))
            w.cells = sorted(set(w.cells) | set(_level_cell(index, "level1", i)))
    return rows, weights


def _scoring(form: VForm, index: Index) -> list[Unmapped]:
    if form.scoring is None or ("scoring", 0, 0) not in index:
        return []
    return [
        Unmapped(
            label=r[0], text=f"{r[1]} {r[2]}", cells=[c for k in range(3) for c in index[("scoring", i, k)]]
        )
        for i, r in enumerate(form.scoring.rows)
    ]


def build_document(form: VForm, layout: LayoutRecord, source: Source) -> Document:
    index = cell_index(layout)
    header: list[tuple[tuple[str | int, ...], LabeledValue]] = [
        (("header", r, i), item) for r, row in enumerate(form.header) for i, item in enumerate(row)
    ]
    tail: list[tuple[tuple[str | int, ...], LabeledValue]] = [
        (("tail", i), item) for i, item in enumerate(form.tail)
    ]
    fields, unmapped = _labeled(header + tail, index)
    fields.update(_title_fields(form, index))
    if form.goals is not None and ("goal", "expected") in index:
        fields["goal_expected"] = _field(
            "fields.goal_expected", form.goals.expected, index[("goal", "expected")]
        )
        fields["goal_actual"] = _field("fields.goal_actual", form.goals.actual, index[("goal", "actual")])
    for key, text in (("weight", form.total_weight), ("score", form.total_score)):
        if ("total", key) in index:
            fields[f"total_{key}"] = _field(f"fields.total_{key}", text, index[("total", key)])
    indicators, weights = _indicators(form, index)
    record = Form(
        id="f0",
        pages=[p.index for p in layout.pages],
        layout="unknown",
        fields=FormFields(**fields),
        funds=_funds(form, index),
        indicators=indicators,
        level1_weights=weights,
        unmapped=unmapped + _scoring(form, index),
    )
    return Document(
        source=source,
        engine=EngineInfo(formtally="samplegen.variety", ocr="ground truth"),
        pages=[PageInfo(index=p.index, width=p.width, height=p.height) for p in layout.pages],
        tables=tables_of(layout),
        forms=[record],
    )
