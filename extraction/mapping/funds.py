"""The funds block: a header row of column labels, then one row per funding source."""

from __future__ import annotations

from typing import get_args

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import build_columns, refine
from extraction.mapping.fields import confidence, make_field
from extraction.mapping.grid import cell_text
from extraction.mapping.keywords import keyword_match, label_or_words
from extraction.mapping.labels import ExtraSynonyms, LabelMatch, label_unit, label_weight, match_label
from extraction.mapping.rows import Row
from models.ids import funds_key
from models.parsing import parse_amount, parse_number
from models.record import FUNDS_COLUMNS, Field, FundsRow, FundsRowId, Table

_ROW_IDS: dict[str, FundsRowId] = {row_id: row_id for row_id in get_args(FundsRowId)}


def map_funds_title(row: Row, builder: FormBuilder) -> None:
    """项目资金（万元） / 预算执行情况(10分): the amount unit and maybe the execution weight."""
    for title in row.titles:
        if title.match.id != "funds_unit":
            continue
        text = cell_text(title.cell)
        weight = label_weight(text)
        builder.funds.title = Field(
            text=text,
            value=parse_number(weight) if weight is not None else None,
            confidence=confidence([title.cell], title.match.score),
            cells=[title.cell.id],
        )
        builder.funds.unit = label_unit(text) or builder.funds.unit


def map_funds_header(row: Row, table: Table, builder: FormBuilder, extra: ExtraSynonyms | None) -> None:
    map_funds_title(row, builder)
    columns = build_columns(row.cells, table, "funds_columns", extra)
    if builder.funds_columns is not None and builder.funds_header_at == (table.id, row.index - 1):
        columns = refine(builder.funds_columns, columns)  # 预算数 over 年初 · 全年: a two-row header
    builder.funds_columns = columns
    builder.funds_header_at = (table.id, row.index)
    # A unit printed in a column label, 年初预算数（元）, overrides the block default.
    units = {label_unit(c.label) for c in columns.columns if c.key in ("budget_initial", "executed")}
    if len(units - {None}) == 1:
        builder.funds.unit = next(u for u in units if u is not None)


# A funds header over one row of numbers and no row label (部门整体 forms): that row is the total.
_UNLABELLED_TOTAL = LabelMatch(id="total", score=0.9, spelling="")


def _lone_unlabelled(row: Row, table: Table, builder: FormBuilder) -> bool:
    columns = builder.funds_columns
    if columns is None or builder.funds.rows:
        return False
    keyed = {
        i for c in row.filled() if (i := columns.column_of(c, table)) is not None and columns.columns[i].key
    }
    return len(keyed) >= 2


def map_funds_row(row: Row, table: Table, builder: FormBuilder, extra: ExtraSynonyms | None) -> bool:
    """Reads one funds row; False when its label is not a funding source (the caller keeps it)."""
    columns = builder.funds_columns
    if columns is None:
        return False
    label = None
    for cell in row.filled():
        index = columns.column_of(cell, table)
        if index is None or columns.columns[index].key is None:
            label = cell
            break
    if label is None:
        found: LabelMatch | None = _UNLABELLED_TOTAL if _lone_unlabelled(row, table, builder) else None
    else:
        found = label_or_words(cell_text(label), "funds_rows", extra)
    if found is None:
        return False
    label_text, label_cells = (cell_text(label), [label.id]) if label is not None else ("", [])
    funds_row = FundsRow(row=_ROW_IDS[found.id], label=label_text, label_cells=label_cells)
    path = funds_key(found.id)
    values = [c for c in row.cells if label is None or c.id != label.id]
    for index, cells in columns.assign(values, table).items():
        column = columns.columns[index]
        if column.key in FUNDS_COLUMNS:
            score = min(column.score, found.score)
            field = make_field(cells, f"{path}.{column.key}", score=score, funds_unit=builder.funds.unit)
            setattr(funds_row, column.key, field)
        elif any(cell_text(c) for c in cells):
            builder.add_unmapped(None, cells, label_text=column.label)
    builder.funds.rows.append(funds_row)
    return True


_LONE_MIN_SCORE = 0.85  # a funds label met outside a funds block must read clearly


def map_lone_funds_row(row: Row, builder: FormBuilder, extra: ExtraSynonyms | None) -> bool:
    """`年度资金总额 | 300` with no funds header: the one amount printed is the year's budget."""
    filled = row.filled()
    if len(filled) != 2 or builder.funds_columns is not None:
        return False
    label, value = filled
    text = cell_text(label)
    found = match_label(text, "funds_rows", extra=extra, min_score=_LONE_MIN_SCORE)
    if found is None and (builder.funds.rows or any(t.match.id == "funds_unit" for t in row.titles)):
        found = keyword_match(text, "funds_rows")  # inside a funds block already begun
    if found is None or parse_amount(cell_text(value), block_unit=builder.funds.unit) is None:
        return False
    map_funds_title(row, builder)
    funds_row = FundsRow(row=_ROW_IDS[found.id], label=cell_text(label), label_cells=[label.id])
    path = f"{funds_key(found.id)}.budget_full_year"
    funds_row.budget_full_year = make_field([value], path, score=found.score, funds_unit=builder.funds.unit)
    builder.funds.rows.append(funds_row)
    return True


_AMOUNTS = ("budget_initial", "budget_full_year", "executed")
_PLAUSIBLE_YUAN = 10_000  # a project budget printed in 元 runs to five digits at least


def settle_unit(builder: FormBuilder) -> None:
    """A 元 block whose every amount is below 10000 is a 万元 block with its 万 lost to OCR
    (`项目资金（元）` for `项目资金（万元）`): amounts are re-read in 万元."""
    if builder.funds.unit != "元":
        return
    fields = [f for r in builder.funds.rows for k in _AMOUNTS if (f := r.column(k)) is not None]
    printed = [parse_amount(f.text, block_unit="万元") for f in fields]
    numbers = [n for n in printed if n is not None]
    if not numbers or max(numbers) >= _PLAUSIBLE_YUAN:
        return
    builder.funds.unit = "万元"
    for field, number in zip(fields, printed, strict=True):
        field.value = number
