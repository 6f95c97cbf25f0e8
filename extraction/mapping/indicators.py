"""The indicator block: a header row of column labels, then one row per 三级指标.

一级/二级 cells are merged over their children: a row with no cell of its own in those columns
takes the merged cell covering it, and an empty level cell means "same as above".
"""

from __future__ import annotations

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import ColumnMap, build_columns, label_candidates, refine
from extraction.mapping.fields import joined_text, make_field
from extraction.mapping.grid import Grid, cell_text
from extraction.mapping.labels import ExtraSynonyms, label_weight, strip_weight
from extraction.mapping.rows import Row
from models.parsing import combine_split, parse_number, parse_op
from models.record import INDICATOR_COLUMNS, Cell, Field, IndicatorRow, Table

_LEVELS = ("level1", "level2")


def map_ind_title(row: Row, builder: FormBuilder) -> None:
    """绩效指标(90分): kept for the layout; the record has no slot for the block's weight."""
    for title in row.titles:
        if title.match.id == "indicator_block" and not builder.ind_title:
            builder.ind_title = cell_text(title.cell)


def map_ind_header(row: Row, table: Table, builder: FormBuilder, extra: ExtraSynonyms | None) -> None:
    map_ind_title(row, builder)
    cells = sorted([*_labels_from_above(row, table, extra), *row.cells], key=lambda c: c.col)
    columns = build_columns(cells, table, "indicator_columns", extra)
    if is_second_header_row(row, table, builder):
        assert builder.ind_columns is not None
        columns = refine(builder.ind_columns, columns)
    builder.ind_columns = columns
    builder.ind_header_at = (table.id, row.index)


def _labels_from_above(row: Row, table: Table, extra: ExtraSynonyms | None) -> list[Cell]:
    """Labels of a header row above (not read as one) merged down over this one: 分值 · 得分 beside
    a 绩效指标 / 指标值 row, over a second row 一级 · 二级 · 三级指标 · 年度目标 · 实际完成."""
    above = [c for c in table.cells if c.row < row.index < c.row + c.row_span and c.col > 0 and cell_text(c)]
    return [c for c in above if label_candidates(cell_text(c), "indicator_columns", extra)]


def is_second_header_row(row: Row, table: Table, builder: FormBuilder) -> bool:
    """The row right under an indicator header row: its labels complete that header (指标性质 ·
    指标值 · 度量单位 under 年度指标值, or 一级 · 二级 · 三级指标 under a spanning 绩效指标)."""
    return builder.ind_columns is not None and builder.ind_header_at == (table.id, row.index - 1)


def _level1_weight(level1: Field, builder: FormBuilder) -> None:
    """产出指标(50分) → level1_weights["产出指标"] = 50, traced to every cell printing it."""
    weight = label_weight(level1.text)
    name = strip_weight(level1.text)
    if weight is None or not name:
        return
    known = builder.level1_weights.get(name)
    if known is None:
        builder.level1_weights[name] = Field(
            text=weight, value=parse_number(weight), confidence=level1.confidence, cells=list(level1.cells)
        )
    else:
        known.cells = sorted(set(known.cells) | set(level1.cells))


def _row_cells(row: Row, grid: Grid, columns: ColumnMap) -> dict[int, list[Cell]]:
    table = grid.table
    assigned = columns.assign(row.cells, table)
    for key in _LEVELS:
        column = columns.get(key)
        if column is None:
            continue
        index = columns.columns.index(column)
        if index in assigned:
            continue
        above = [c for c in grid.covering(row.index) if c.row < row.index]
        merged = [c for c in above if columns.column_of(c, table) == index]
        if merged:
            assigned[index] = merged
    return assigned


def is_indicator_row(row: Row, grid: Grid, columns: ColumnMap) -> bool:
    """A row of the grid rather than free text: a merged level cell over it, or two filled columns.
    A label with one text across most of the table (存在问题 · …, 填报日期 · …) is free text."""
    filled = row.filled()
    if len(filled) <= 2 and max(c.col_span for c in filled) * 2 >= grid.table.n_cols:
        return False
    assigned = _row_cells(row, grid, columns)
    keyed = [i for i, cells in assigned.items() if columns.columns[i].key and joined_text(cells)]
    merged = any(c.row < row.index for cells in assigned.values() for c in cells)
    return merged or len(keyed) >= 2


def map_ind_row(row: Row, grid: Grid, builder: FormBuilder) -> None:
    columns = builder.ind_columns
    assert columns is not None, "indicator rows follow an indicator header"
    assigned = _row_cells(row, grid, columns)
    index = len(builder.indicators)
    record = IndicatorRow()
    texts: dict[str, str] = {}
    for i, cells in sorted(assigned.items()):
        column = columns.columns[i]
        if column.key is None:
            path = f"indicators[{index}].extra.{column.label}"
            record.extra[column.label] = make_field(cells, path, score=column.score)
            continue
        field = make_field(cells, f"indicators[{index}].{column.key}", score=column.score)
        texts[column.key] = field.text
        setattr(record, column.key, field)
    if not any(f is not None and f.text for f in _all_fields(record)):
        return  # a blank grid row
    _same_as_above(record, builder.last_indicator)
    _split_values(record, columns, texts)
    if record.level1 is not None:
        _level1_weight(record.level1, builder)
    builder.indicators.append(record)
    builder.last_indicator = record


def _all_fields(record: IndicatorRow) -> list[Field | None]:
    return [record.column(k) for k in INDICATOR_COLUMNS] + list(record.extra.values())


def _same_as_above(record: IndicatorRow, previous: IndicatorRow | None) -> None:
    if previous is None:
        return
    for key in _LEVELS:
        level = record.column(key)
        above = previous.column(key)
        if (level is None or not level.text) and above is not None:
            setattr(record, key, above.model_copy(deep=True))


def _split_values(record: IndicatorRow, columns: ColumnMap, texts: dict[str, str]) -> None:
    """指标性质 · 指标值 · 度量单位 in separate cells (Sichuan, Yunnan): one typed target."""
    keys = columns.keys()
    if "op" not in keys and "unit" not in keys:
        return
    op, unit = texts.get("op", ""), texts.get("unit", "")
    if record.op is not None:
        parsed = parse_op(op)
        record.op.value = parsed.value if parsed is not None else None
    if record.target is not None:
        record.target.value = combine_split(op, record.target.text, unit)
    if record.actual is not None:
        record.actual.value = combine_split("", record.actual.text, unit)
