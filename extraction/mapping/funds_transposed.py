"""A funds block turned on its side: funding sources across (合计 · 本级 · 上级), measures down
(预算数 / 执行数 / 执行率). Each source column becomes one funds row of the record, each measure row
fills one column of every source."""

from __future__ import annotations

from extraction.mapping.builder import FormBuilder
from extraction.mapping.fields import make_field
from extraction.mapping.funds import map_funds_title
from extraction.mapping.grid import cell_text, col_overlap
from extraction.mapping.keywords import label_or_words
from extraction.mapping.labels import ExtraSynonyms, LabelMatch
from extraction.mapping.rows import Row, source_match
from models.ids import funds_key
from models.record import FUNDS_COLUMNS, FundsRow


def map_funds_sources(row: Row, builder: FormBuilder, extra: ExtraSynonyms | None) -> None:
    map_funds_title(row, builder)
    builder.funds_sources = []
    for cell in row.filled():
        found = source_match(cell_text(cell), extra)
        if found is None:
            continue
        funds_row = FundsRow(row=found.id, label=cell_text(cell), label_cells=[cell.id])
        builder.funds.rows.append(funds_row)
        builder.funds_sources.append((cell, funds_row, found.score))


def measure_match(text: str, extra: ExtraSynonyms | None) -> LabelMatch | None:
    """预算数 / 执行数 / 执行率 … printed down the first column of a transposed block."""
    return label_or_words(text, "funds_columns", extra)


def map_funds_measure(row: Row, builder: FormBuilder, extra: ExtraSynonyms | None) -> bool:
    """One measure row: its value under each source goes to that source's funds row."""
    filled = row.filled()
    if not filled or not builder.funds_sources:
        return False
    label = filled[0]
    found = measure_match(cell_text(label), extra)
    if found is None or found.id not in FUNDS_COLUMNS:
        return False
    for source, funds_row, score in builder.funds_sources:
        under = [c for c in row.cells if c.id != label.id and col_overlap(c, source) > 0]
        if under:
            path = f"{funds_key(funds_row.row)}.{found.id}"
            value = make_field(under, path, score=min(score, found.score), funds_unit=builder.funds.unit)
            setattr(funds_row, found.id, value)
    return True
