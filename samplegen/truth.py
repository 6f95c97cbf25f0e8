"""Ground truth: the layout record and the form spec become a `models.record.Document`.

Cells and texts come from the layout (what was drawn); values are parsed from the printed text by
`models.field_values.parse_for_path`, the same function the mapper uses, so truth and extraction
agree on conventions. Split Sichuan/Yunnan targets combine 指标性质 · 指标值 · 度量单位 like
`models.parsing.combine_split` does.
"""

from __future__ import annotations

import re

from models.canonical import canonical_schema
from models.field_values import parse_for_path
from models.ids import cell_id, table_id
from models.parsing import combine_split, parse_op
from models.record import (
    Cell,
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
    Table,
    Unmapped,
)
from samplegen.layout import CellBox, LayoutRecord
from samplegen.spec import FormSpec

_WEIGHT_IN_LABEL = re.compile(r"[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]")

CellIndex = dict[tuple[str | int, ...], list[str]]  # tag → ids of the cells drawn for it


def tables_of(layout: LayoutRecord) -> list[Table]:
    out: list[Table] = []
    for page in layout.pages:
        for t_index, t in enumerate(page.tables):
            cells = [
                Cell(
                    id=cell_id(table_id(page.index, t_index), c.row, c.col),
                    row=c.row,
                    col=c.col,
                    row_span=c.row_span,
                    col_span=c.col_span,
                    bbox=c.bbox,
                    text=c.text,
                )
                for c in t.cells
            ]
            out.append(
                Table(
                    id=f"p{page.index}t{t_index}",
                    page=page.index,
                    bbox=t.bbox,
                    n_rows=t.n_rows,
                    n_cols=t.n_cols,
                    cells=cells,
                )
            )
    return out


def _index(layout: LayoutRecord) -> tuple[CellIndex, dict[str, CellBox]]:
    index: CellIndex = {}
    boxes: dict[str, CellBox] = {}
    for page in layout.pages:
        for t_index, t in enumerate(page.tables):
            for c in t.cells:
                cid = cell_id(table_id(page.index, t_index), c.row, c.col)
                index.setdefault(tuple(c.tag), []).append(cid)
                boxes[cid] = c
    return index, boxes


def _field(path: str, text: str, cells: list[str]) -> Field:
    return Field(text=text, value=parse_for_path(path, text), cells=cells)


def _level_cell(index: CellIndex, kind: str, i: int) -> list[str]:
    """The merged 一级/二级 cell covering indicator i on its page."""
    for tag, ids in index.items():
        if tag[0] == kind and int(tag[1]) <= i < int(tag[2]):
            return ids
    raise KeyError((kind, i))


def _header_fields(spec: FormSpec, index: CellIndex) -> tuple[dict[str, Field], list[Unmapped]]:
    fields: dict[str, Field] = {}
    unmapped: list[Unmapped] = []
    for r, row in enumerate(spec.header):
        for i, item in enumerate(row):
            label_ids, value_ids = index[("header", r, i, "label")], index[("header", r, i, "value")]
            if item.key is None:
                unmapped.append(Unmapped(label=item.label, text=item.value, cells=label_ids + value_ids))
            else:
                fields[item.key] = _field(f"fields.{item.key}", item.value, value_ids)
    for i, item in enumerate(spec.tail):
        label_ids, value_ids = index[("tail", i, "label")], index[("tail", i, "value")]
        if item.key is None:
            unmapped.append(Unmapped(label=item.label, text=item.value, cells=label_ids + value_ids))
        else:
            fields[item.key] = _field(f"fields.{item.key}", item.value, value_ids)
    return fields, unmapped


def _form_title(spec: FormSpec) -> str:
    header = canonical_schema().spec("header", "form_title")
    return max((s for s in header.spellings if s in spec.title), key=len, default=spec.title)


def _funds(spec: FormSpec, index: CellIndex) -> FundsBlock:
    rows: list[FundsRow] = []
    seen: dict[str, int] = {}
    for i, line in enumerate(spec.funds):
        k = seen.get(line.row, 0)
        seen[line.row] = k + 1
        prefix = f"funds.{line.row}" + (f"[{k}]" if k else "")
        row = FundsRow(row=line.row, label=line.label, label_cells=index[("funds", i, "label")])
        for j, col in enumerate(spec.funds_columns):
            setattr(row, col.key, _field(f"{prefix}.{col.key}", line.cells[j], index[("funds", i, j)]))
        rows.append(row)
    m = _WEIGHT_IN_LABEL.search(spec.funds_title)
    title = Field(
        text=spec.funds_title, value=float(m.group(1)) if m else None, cells=index[("funds_title",)]
    )
    return FundsBlock(unit="万元", title=title, rows=rows)


def _indicators(spec: FormSpec, index: CellIndex) -> tuple[list[IndicatorRow], dict[str, Field]]:
    rows: list[IndicatorRow] = []
    weights: dict[str, Field] = {}
    for i, ind in enumerate(spec.indicators):
        row = IndicatorRow()
        l1_ids = _level_cell(index, "level1", i)
        row.level1 = _field(f"indicators[{i}].level1", ind.level1, l1_ids)
        row.level2 = _field(f"indicators[{i}].level2", ind.level2, _level_cell(index, "level2", i))
        texts: dict[str, str] = {}
        for j, col in enumerate(spec.ind_columns[2:], start=2):
            text, ids = ind.cells[j - 2], index[("ind", i, j)]
            if col.key == "extra":
                row.extra[col.label] = _field(f"indicators[{i}].extra.{col.label}", text, ids)
                continue
            texts[col.key] = text
            setattr(row, col.key, _field(f"indicators[{i}].{col.key}", text, ids))
        if "op" in texts:  # a split row: the op and unit cells complete the values
            op_value = parse_op(texts["op"])
            assert row.op is not None
            row.op.value = op_value.value if op_value else None
            for key in ("target", "actual"):
                f = row.column(key)
                if f is not None:
                    op_text = texts["op"] if key == "target" else ""
                    f.value = combine_split(op_text, f.text, texts.get("unit", ""))
        rows.append(row)
        m = _WEIGHT_IN_LABEL.search(ind.level1)
        name = _WEIGHT_IN_LABEL.sub("", ind.level1).strip()
        if m and name not in weights:
            weights[name] = _field(f"level1_weights.{name}", m.group(1), [])
        if m:
            weights[name].cells = sorted(set(weights[name].cells) | set(l1_ids))
    return rows, weights


def build_document(
    spec: FormSpec, layout: LayoutRecord, source: Source, ocr: str = "ground truth"
) -> Document:
    index, _ = _index(layout)
    fields, unmapped = _header_fields(spec, index)
    fields["form_title"] = Field(text=spec.title, value=_form_title(spec), cells=[])
    fields["fiscal_year"] = _field("fields.fiscal_year", spec.year_line, [])
    fields["goal_expected"] = _field("fields.goal_expected", spec.goal_expected, index[("goal", "expected")])
    fields["goal_actual"] = _field("fields.goal_actual", spec.goal_actual, index[("goal", "actual")])
    fields["total_weight"] = _field("fields.total_weight", spec.total_weight, index[("total", "weight")])
    fields["total_score"] = _field("fields.total_score", spec.total_score, index[("total", "score")])
    indicators, weights = _indicators(spec, index)
    form = Form(
        id="f0",
        pages=[p.index for p in layout.pages],
        layout=spec.layout,
        fields=FormFields(**fields),
        funds=_funds(spec, index),
        indicators=indicators,
        level1_weights=weights,
        unmapped=unmapped,
    )
    return Document(
        source=source,
        engine=EngineInfo(formtally="samplegen", ocr=ocr),
        pages=[PageInfo(index=p.index, width=p.width, height=p.height) for p in layout.pages],
        tables=tables_of(layout),
        forms=[form],
    )
