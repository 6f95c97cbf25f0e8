"""Reading one table row by row into the forms of a document: a small state machine over blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import ColumnMap
from extraction.mapping.fields import make_field
from extraction.mapping.funds import (
    map_funds_header,
    map_funds_row,
    map_funds_title,
    map_lone_funds_row,
)
from extraction.mapping.funds_pairs import map_funds_pair_row, map_funds_pairs
from extraction.mapping.funds_transposed import map_funds_measure, map_funds_sources
from extraction.mapping.grid import Grid, cell_text
from extraction.mapping.header import (
    label_value_pairs,
    map_goal_header,
    map_goal_values,
    map_header_row,
    map_title_cell,
    map_total_row,
)
from extraction.mapping.indicators import is_indicator_row, map_ind_header, map_ind_row, map_ind_title
from extraction.mapping.labels import ExtraSynonyms, LabelMatch, match_value_name
from extraction.mapping.rows import Row, RowKind, header_match, match_title, total_inside
from models.canonical import canonical_schema
from models.record import Cell, FormFields


class Block(StrEnum):
    NONE = "none"
    HEADER = "header"
    FUNDS = "funds"
    GOAL = "goal"
    IND = "indicators"
    SCORING = "scoring"  # a Hubei scoring sheet: 项目决策 / 项目管理 / 产出 / 效益 with weight and score
    TAIL = "tail"  # after the total: grade, remarks, signatures


@dataclass
class Session:
    """All forms of one document, the one being filled and where in it the last row was."""

    extra: ExtraSynonyms | None
    forms: list[FormBuilder] = field(default_factory=list)
    block: Block = Block.NONE
    pending_goals: list[tuple[Cell, LabelMatch]] = field(default_factory=list)
    note_unit: str | None = None  # a 单位：万元 line above the table being read

    @property
    def current(self) -> FormBuilder | None:
        return self.forms[-1] if self.forms else None

    def new_form(self) -> FormBuilder:
        self.forms.append(FormBuilder())
        if self.note_unit is not None:
            self.forms[-1].funds.unit = self.note_unit
        self.block = Block.NONE
        self.pending_goals = []
        return self.forms[-1]


def starts_form(rows: list[Row]) -> bool:
    """A header block (项目名称 …) or a title row inside the table begins a new form."""
    return any(
        r.kind == RowKind.HEADER or (r.kind == RowKind.TITLE and match_title(cell_text(r.filled()[0])))
        for r in rows
    )


def looks_like_part(rows: list[Row]) -> bool:
    """A table holding the rest of the previous page's form: indicator rows, the total, the grade."""
    marks = {RowKind.IND_HEADER, RowKind.TOTAL, RowKind.GRADE, RowKind.FUNDS_HEADER, RowKind.GOAL_HEADER}
    if any(r.kind in marks or any(t.match.id == "indicator_block" for t in r.titles) for r in rows):
        return True
    schema = canonical_schema()
    names = (*schema.level1, *schema.all_level2())
    return any(match_value_name(cell_text(c), names) for r in rows for c in r.filled())


# A header field printed twice means a second form only for these (a department may be named twice).
_ONE_PER_FORM = frozenset({"project_name", "form_title", "fiscal_year"})


def _under_header(
    row: Row, table_id: str, columns: ColumnMap | None, header_at: tuple[str, int] | None
) -> bool:
    """A row of words right under a header row, each under one of its labels spanning several columns:
    the second row of a two-row header whose labels no list knows (`年初 · 全年` under 预算数)."""
    if columns is None or header_at != (table_id, row.index - 1):
        return False
    spanning = [c.header for c in columns.columns if c.header.col_span > 1]
    filled = row.filled()
    return bool(filled) and all(
        not any(ch.isdigit() for ch in cell_text(c))
        and any(s.col <= c.col and c.col + c.col_span <= s.col + s.col_span for s in spanning)
        for c in filled
    )


class TableReader:
    """Maps the rows of one table into `session`; `fresh` tables start a new form."""

    def __init__(self, session: Session, page: int, grid: Grid, rows: list[Row], *, fresh: bool) -> None:
        self.session = session
        self.page = page
        self.grid = grid
        self.rows = rows
        self.fresh = fresh
        self.orphans: list[Row] = []  # free rows seen before this table's form began

    def read(self) -> None:
        for row in self.rows:
            self._row(row)

    def _form_for(self, row: Row) -> FormBuilder | None:
        session = self.session
        current = session.current
        if self.fresh or current is None or self._starts_new(row, current):
            if row.kind in (RowKind.BODY, RowKind.EMPTY):
                return None
            self.fresh = False
            current = session.new_form()
            for orphan in self.orphans:
                self._unmapped(orphan, current)
            self.orphans = []
        current.add_page(self.page, self.grid.table.id)
        return current

    def _starts_new(self, row: Row, form: FormBuilder) -> bool:
        """A header or goal label whose field is filled already, a header after the later blocks, a
        second funds header, or column labels after the total: the next form has begun."""
        f = form.fields
        if row.kind == RowKind.TITLE:
            return form.has_content() and match_title(cell_text(row.filled()[0])) is not None
        if row.kind in (RowKind.HEADER, RowKind.GOAL_HEADER):
            ids = {m.id for m in (header_match(cell_text(c), self.session.extra) for c in row.filled()) if m}
            if row.kind == RowKind.HEADER:  # 中央主管部门 then 省级主管部门: one form, two departments
                ids &= _ONE_PER_FORM
            taken = any(getattr(f, i, None) is not None for i in ids if i in FormFields.model_fields)
            later = form.funds.rows or form.indicators or f.goal_expected or f.goal_actual
            return taken or (row.kind == RowKind.HEADER and bool(later))
        if row.kind == RowKind.FUNDS_HEADER:
            return bool(form.funds.rows)
        if row.kind == RowKind.IND_HEADER:
            return self.session.block == Block.TAIL and f.total_score is not None
        return False

    def _row(self, row: Row) -> None:
        form = self._form_for(row)
        if form is None:
            if row.kind == RowKind.BODY:
                self.orphans.append(row)
            return
        session, extra, table = self.session, self.session.extra, self.grid.table
        if any(t.match.id == "indicator_block" for t in row.titles):
            map_ind_title(row, form)
        kind = row.kind
        if kind == RowKind.EMPTY:
            return
        if kind == RowKind.TITLE:
            map_title_cell(row.filled()[0], form)
        elif kind == RowKind.HEADER:
            map_header_row(row, form, extra, self.grid.below)
            session.block = Block.HEADER
        elif kind == RowKind.FUNDS_HEADER:
            if not map_funds_pairs(row, form, extra):
                map_funds_header(row, table, form, extra)
            session.block = Block.FUNDS
        elif kind == RowKind.GOAL_HEADER:
            session.pending_goals = map_goal_header(row, form, extra)
            session.block = Block.GOAL
        elif kind == RowKind.IND_HEADER:
            map_ind_header(row, table, form, extra)
            session.block = Block.IND
        elif kind == RowKind.TOTAL and self._funds_total(row, form):
            session.block = Block.FUNDS  # 合计 as the funds total row
        elif kind == RowKind.FUNDS_SOURCES:
            map_funds_sources(row, form, extra)
            session.block = Block.FUNDS
        elif kind == RowKind.SCORING_HEADER:
            session.block = Block.SCORING
            self._unmapped(row, form)
            if total_inside(row.filled(), [None] * len(row.filled())):
                map_total_row(row, table, form, extra, by_columns=False)
        elif kind in (RowKind.TOTAL, RowKind.GRADE):
            map_total_row(row, table, form, extra, by_columns=session.block != Block.SCORING)
            session.block = Block.TAIL
        else:
            self._body(row, form)

    def _funds_total(self, row: Row, form: FormBuilder) -> bool:
        """合计 in a funds block (or in the row that opens one) is the funds total, not the form's."""
        opens = any(t.match.id == "funds_unit" for t in row.titles)
        if self.session.block != Block.FUNDS and not opens:
            return False
        extra = self.session.extra
        if opens:
            map_funds_title(row, form)
        return map_funds_row(row, self.grid.table, form, extra) or map_lone_funds_row(row, form, extra)

    def _body(self, row: Row, form: FormBuilder) -> None:
        session, table = self.session, self.grid.table
        goal_title = any(t.match.id == "goal_block" for t in row.titles)
        if goal_title and not session.pending_goals and form.fields.goal_expected is None:
            # 年度总体目标 · text, without 预期目标 / 实际完成情况 labels; two texts side by side are
            # what was planned and what came of it, in that order
            filled = row.filled()
            if len(filled) == 2:
                form.fields.goal_expected = make_field(filled[:1], "fields.goal_expected")
                form.fields.goal_actual = make_field(filled[1:], "fields.goal_actual")
            else:
                form.fields.goal_expected = make_field(filled, "fields.goal_expected")
            session.block = Block.GOAL
        elif session.block == Block.FUNDS and _under_header(
            row, table.id, form.funds_columns, form.funds_header_at
        ):
            map_funds_header(row, table, form, session.extra)  # `年初 · 全年` under a spanning 预算数
        elif session.block == Block.IND and _under_header(
            row, table.id, form.ind_columns, form.ind_header_at
        ):
            map_ind_header(row, table, form, session.extra)
        elif session.block == Block.FUNDS:
            map_funds_title(row, form)
            extra = session.extra
            if not (
                map_funds_measure(row, form, extra)
                or map_funds_pairs(row, form, extra)
                or map_funds_pair_row(row, form, extra)
                or map_funds_row(row, table, form, extra)
                or map_lone_funds_row(row, form, extra)
            ):
                self._unmapped(row, form)
        elif session.block == Block.GOAL and session.pending_goals:
            map_goal_values(row, session.pending_goals, form)
            session.pending_goals = []
        elif (
            session.block == Block.IND
            and form.ind_columns is not None
            and is_indicator_row(row, self.grid, form.ind_columns)
        ):
            map_ind_row(row, self.grid, form)
        elif not map_lone_funds_row(row, form, session.extra):
            self._unmapped(row, form)

    def _unmapped(self, row: Row, form: FormBuilder) -> None:
        """Free rows keep their text: each label · value run becomes one unmapped entry."""
        for pair in label_value_pairs(row.cells, lambda _: None):
            form.add_unmapped(pair.label, list(pair.values))
