"""All pages of a document → its forms: start, continue and finish forms across tables and pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel
from pydantic import Field as PydField

from extraction.mapping.builder import FormBuilder
from extraction.mapping.columns import ColumnMap
from extraction.mapping.doctype import judge
from extraction.mapping.funds import settle_unit
from extraction.mapping.grid import Grid
from extraction.mapping.infer import infer_indicator_columns
from extraction.mapping.labels import ExtraSynonyms
from extraction.mapping.layout import detect_kind, detect_layout
from extraction.mapping.promote import promote_extra_columns
from extraction.mapping.rows import Row, RowKind, classify_rows, is_year_line, match_title, split_title_year
from extraction.mapping.tables import Block, Session, TableReader, looks_like_part, starts_form
from extraction.types import PageContent, TextBlock
from models.parsing import parse_year
from models.record import Field, Form, NotAForm, Review, Table

_NOTE_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_ABOVE_SLACK = 4  # px: a text line may touch the table's top rule


class MappedDocument(BaseModel):
    """The forms found in a document, and the candidates judged not to be forms (with why)."""

    forms: list[Form] = PydField(default_factory=list)
    not_forms: list[NotAForm] = PydField(default_factory=list)


def map_pages(pages: Sequence[PageContent], *, extra_synonyms: ExtraSynonyms | None = None) -> list[Form]:
    """The forms printed on `pages` (one document, in page order)."""
    return map_document(pages, extra_synonyms=extra_synonyms).forms


def map_document(
    pages: Sequence[PageContent], *, extra_synonyms: ExtraSynonyms | None = None
) -> MappedDocument:
    session = Session(extra=extra_synonyms)
    for page in pages:
        top = 0
        for table in sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0])):
            blocks = _blocks_above(page.text_blocks, top, table)
            _map_table(session, page.page, table, blocks)
            top = table.bbox[3]
    result = MappedDocument()
    for builder in (b for b in session.forms if b.has_content()):
        promote_extra_columns(builder)
        verdict = judge(builder)
        if verdict.is_form:
            result.forms.append(_finish(builder, len(result.forms)))
        else:
            result.not_forms.append(
                NotAForm(
                    pages=sorted(builder.pages),
                    tables=list(builder.tables),
                    score=verdict.score,
                    cues=list(verdict.cues),
                    reason=verdict.reason(),
                )
            )
    return result


def _blocks_above(blocks: Sequence[TextBlock], top: int, table: Table) -> list[TextBlock]:
    above = [
        b for b in blocks if b.bbox[1] >= top - _ABOVE_SLACK and b.bbox[3] <= table.bbox[1] + _ABOVE_SLACK
    ]
    return sorted(above, key=lambda b: (b.bbox[1], b.bbox[0]))


def _map_table(session: Session, page: int, table: Table, blocks: list[TextBlock]) -> None:
    grid = Grid(table)
    rows = classify_rows(grid, session.extra)
    # Of two title lines (a heading `市财政局2019年度项目支出绩效自评表` over `项目支出绩效自评表`), the
    # form's own is the one printed nearest the table.
    titles = [(b, m) for b in blocks if (m := match_title(b.text)) is not None]
    title = titles[-1] if titles else None
    before = session.current
    session.note_unit = _note_unit(blocks)
    part = before is not None and not starts_form(rows) and looks_like_part(rows)
    # A title repeated over a continuation page does not start a form while the last one is open.
    unfinished = before is not None and before.ind_columns is not None and before.fields.total_score is None
    fresh = True
    if title is not None and not (part and unfinished):
        form = session.new_form()
        form.add_page(page)
        block, found = title
        title_text, year_text = split_title_year(block.text)
        form.fields.form_title = Field(
            text=title_text, value=found.spelling, confidence=round(block.confidence * found.score, 4)
        )
        year = parse_year(year_text) if year_text is not None else None
        if year is not None:
            form.fields.fiscal_year = Field(text=year_text, value=year, confidence=round(block.confidence, 4))
        form.title_spelling = found.spelling
        fresh = False
    elif part and before is not None:
        fresh = False
        session.block = Block.IND if before.ind_columns is not None else Block.TAIL
    inferred = _headerless_columns(grid, rows)
    if inferred is not None and session.current is not None and (not fresh or part):
        if session.current.ind_columns is None:
            _adopt(session, session.current, inferred, page)
    elif inferred is not None and before is None:
        fresh = False
        _adopt(session, session.new_form(), inferred, page)
    elif fresh and before is not None and not starts_form(rows):
        return  # neither a form nor the rest of one
    TableReader(session, page, grid, rows, fresh=fresh).read()
    session.note_unit = None
    if session.current is not None and session.current is not before:
        _year(blocks, session.current)


_LABELLED = frozenset({RowKind.HEADER, RowKind.FUNDS_HEADER, RowKind.GOAL_HEADER, RowKind.IND_HEADER})


def _headerless_columns(grid: Grid, rows: list[Row]) -> ColumnMap | None:
    """Indicator columns inferred from content, for a table with no labelled block at all."""
    if any(r.kind in _LABELLED for r in rows):
        return None
    return infer_indicator_columns(grid, rows)


def _adopt(session: Session, form: FormBuilder, columns: ColumnMap, page: int) -> None:
    form.ind_columns = columns
    session.block = Block.IND
    form.note_review(
        f"第{page + 1}页的指标表没有表头，各列含义由内容推断 (indicator columns inferred from content)"
    )


def _note_unit(blocks: list[TextBlock]) -> str | None:
    """A `单位：万元` line above the table sets the amount unit (a funds block title overrides it)."""
    found = next((m for b in blocks if (m := _NOTE_UNIT.search(b.text)) is not None), None)
    return found.group(1) if found else None


def _year(blocks: list[TextBlock], form: FormBuilder) -> None:
    """The year line above the table (（2022年度）), or the year inside the title line."""
    if form.fields.fiscal_year is not None:
        return
    title = form.fields.form_title
    candidates = [b for b in blocks if is_year_line(b.text)]
    if title is not None and not title.cells:
        candidates += [b for b in blocks if b.text == title.text]
    for block in candidates:
        year = parse_year(block.text)
        if year is not None:
            form.fields.fiscal_year = Field(
                text=block.text, value=year, confidence=round(block.confidence, 4)
            )
            return


def _finish(builder: FormBuilder, index: int) -> Form:
    settle_unit(builder)
    return Form(
        id=f"f{index}",
        pages=sorted(builder.pages),
        kind=detect_kind(builder),
        layout=detect_layout(builder),
        fields=builder.fields,
        funds=builder.funds,
        indicators=builder.indicators,
        level1_weights=builder.level1_weights,
        unmapped=builder.unmapped,
        review=Review(reasons=list(builder.review_reasons)),
    )
