"""All pages of a document → its forms: start, continue and finish forms across tables and pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.mapping.builder import FormBuilder
from extraction.mapping.funds import settle_unit
from extraction.mapping.grid import Grid
from extraction.mapping.labels import ExtraSynonyms
from extraction.mapping.layout import detect_kind, detect_layout
from extraction.mapping.rows import classify_rows, is_year_line, match_title
from extraction.mapping.tables import Block, Session, TableReader, looks_like_part, starts_form
from extraction.types import PageContent, TextBlock
from models.parsing import parse_year
from models.record import Field, Form, Table

_NOTE_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_ABOVE_SLACK = 4  # px: a text line may touch the table's top rule


def map_pages(pages: Sequence[PageContent], *, extra_synonyms: ExtraSynonyms | None = None) -> list[Form]:
    """The forms printed on `pages` (one document, in page order)."""
    session = Session(extra=extra_synonyms)
    for page in pages:
        top = 0
        for table in sorted(page.tables, key=lambda t: (t.bbox[1], t.bbox[0])):
            blocks = _blocks_above(page.text_blocks, top, table)
            _map_table(session, page.page, table, blocks)
            top = table.bbox[3]
    return [_finish(b, i) for i, b in enumerate(b for b in session.forms if b.has_content())]


def _blocks_above(blocks: Sequence[TextBlock], top: int, table: Table) -> list[TextBlock]:
    above = [
        b for b in blocks if b.bbox[1] >= top - _ABOVE_SLACK and b.bbox[3] <= table.bbox[1] + _ABOVE_SLACK
    ]
    return sorted(above, key=lambda b: (b.bbox[1], b.bbox[0]))


def _map_table(session: Session, page: int, table: Table, blocks: list[TextBlock]) -> None:
    grid = Grid(table)
    rows = classify_rows(grid, session.extra)
    title = next(((b, m) for b in blocks if (m := match_title(b.text)) is not None), None)
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
        form.fields.form_title = Field(
            text=block.text, value=found.spelling, confidence=round(block.confidence * found.score, 4)
        )
        form.title_spelling = found.spelling
        fresh = False
    elif part and before is not None:
        fresh = False
        session.block = Block.IND if before.ind_columns is not None else Block.TAIL
    elif before is not None and not starts_form(rows):
        return  # neither a form nor the rest of one
    TableReader(session, page, grid, rows, fresh=fresh).read()
    session.note_unit = None
    if session.current is not None and session.current is not before:
        _year(blocks, session.current)


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
    )
