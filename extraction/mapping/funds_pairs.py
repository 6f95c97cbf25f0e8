"""Funds printed as label · value pairs (the central-transfer 区域绩效目标自评表 of the Ministry of
Finance and its provincial copies): `预算数: · 2.38 · 执行数: · 2.38 · 20`, then sub-rows
`其中:中央补助 · 2.38万元 · 其中:中央补助 · 2.38万元` whose values sit under the pair values above.

The pairs row is the total; a number left over at its end is the block's score (the form's score
column runs down the right side). Each later row's values go to the measure whose value they sit under.
"""

from __future__ import annotations

from extraction.mapping.builder import FormBuilder
from extraction.mapping.fields import make_field
from extraction.mapping.funds import map_funds_title
from extraction.mapping.grid import cell_text, col_overlap
from extraction.mapping.keywords import label_or_words
from extraction.mapping.labels import ExtraSynonyms, LabelMatch
from extraction.mapping.rows import Row
from models.ids import funds_key
from models.parsing import parse_number
from models.record import FUNDS_COLUMNS, Cell, FundsRow

_UNITS = "万元%％ "


def _measure(text: str, extra: ExtraSynonyms | None) -> LabelMatch | None:
    found = label_or_words(text, "funds_columns", extra)
    return found if found is not None and found.id in FUNDS_COLUMNS else None


def _number(cell: Cell) -> float | None:
    return parse_number(cell_text(cell).strip(_UNITS))


def map_funds_pairs(row: Row, builder: FormBuilder, extra: ExtraSynonyms | None) -> bool:
    filled = row.filled()
    if len(filled) < 2 or builder.funds_columns is not None or builder.funds_sources:
        return False
    score_cell = filled[-1] if len(filled) % 2 else None  # the block's score, down the right side
    pairs = list(zip(filled[::2], filled[1::2], strict=False))
    keys = [_measure(cell_text(k), extra) for k, _ in pairs]
    if any(k is None for k in keys) or any(_number(v) is None for _, v in pairs):
        return False
    if score_cell is not None and _number(score_cell) is None:
        return False
    map_funds_title(row, builder)
    total = _funds_row(builder, "total", "", [])
    unit = builder.funds.unit
    for key, (_, value) in zip(keys, pairs, strict=True):
        assert key is not None
        setattr(
            total,
            key.id,
            make_field([value], f"{funds_key('total')}.{key.id}", score=key.score, funds_unit=unit),
        )
        builder.funds_pair_values.append((value, key.id))
    if score_cell is not None and total.exec_score is None:
        total.exec_score = make_field([score_cell], "funds.total.exec_score", score=0.9)
    return True


def map_funds_pair_row(row: Row, builder: FormBuilder, extra: ExtraSynonyms | None) -> bool:
    """`其中:中央补助 · 2.38万元 · 其中:中央补助 · 2.38万元` under a pairs row."""
    filled = row.filled()
    if not builder.funds_pair_values or len(filled) < 2:
        return False
    label = filled[0]
    found = label_or_words(cell_text(label), "funds_rows", extra)
    if found is None:
        return False
    funds_row = _funds_row(builder, found.id, cell_text(label), [label.id])
    for cell in filled[1:]:
        key = next((k for v, k in builder.funds_pair_values if col_overlap(v, cell) > 0), None)
        if key is not None and getattr(funds_row, key) is None:
            path = f"{funds_key(found.id)}.{key}"
            setattr(
                funds_row, key, make_field([cell], path, score=found.score, funds_unit=builder.funds.unit)
            )
    return True


def _funds_row(builder: FormBuilder, row_id: str, label: str, cells: list[str]) -> FundsRow:
    existing = next((r for r in builder.funds.rows if r.row == row_id and r.label == label), None)
    if existing is not None:
        return existing
    funds_row = FundsRow(row=row_id, label=label, label_cells=cells)
    builder.funds.rows.append(funds_row)
    return funds_row
