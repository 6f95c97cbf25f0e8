"""A VForm → pages of laid-out tables (samplegen.layout.layout_table does the pixels), the page cut
moved up until the first page fits, and the title lines above the first table."""

from __future__ import annotations

import dataclasses

from samplegen.fonts import font
from samplegen.layout import (
    BOTTOM,
    NOTE_FONT,
    PAGE_H,
    PAGE_W,
    TABLE_X,
    TITLE_FONT,
    TOP,
    YEAR_FONT,
    LayoutRecord,
    LineBox,
    PageBox,
    TableBox,
    TextBox,
    layout_table,
)
from samplegen.variety.grid import page_grid, plan
from samplegen.variety.model import VForm


def _text(role: str, spec: tuple[str, int], text: str, x: int, y: int) -> TextBox:
    f = font(*spec)
    x0, y0, x1, y1 = f.getbbox(text)
    box = (x + int(x0), y + int(y0), x + int(x1), y + int(y1))
    return TextBox(role=role, face=spec[0], size=spec[1], lines=[LineBox(text=text, bbox=box)])


def _centered(spec: tuple[str, int], text: str) -> int:
    return (PAGE_W - int(font(*spec).getlength(text))) // 2


def title_block(form: VForm) -> tuple[list[TextBox], int]:
    texts = [_text("title", TITLE_FONT, form.title, _centered(TITLE_FONT, form.title), TOP)]
    y = TOP + 120
    if form.year_line:
        texts.append(_text("year", YEAR_FONT, form.year_line, _centered(YEAR_FONT, form.year_line), y))
        y += 80
    if form.note_line:
        x = TABLE_X + 2200 - int(font(*NOTE_FONT).getlength(form.note_line))
        texts.append(_text("note", NOTE_FONT, form.note_line, x, y))
        y += 60
    return texts, y + 20


def _tables(form: VForm, top: int) -> list[TableBox]:
    return [layout_table(page_grid(form, p), top if p.first else TOP + 60) for p in plan(form)]


def fit(form: VForm) -> tuple[VForm, LayoutRecord]:
    """The form with its page cut moved so every page fits, and its layout. Raises ValueError when
    no cut fits (the generator then drops indicator rows)."""
    texts, top = title_block(form)
    tables = _tables(form, top)
    if form.cut == "none" and tables[0].bbox[3] > BOTTOM:
        form = dataclasses.replace(form, cut="ind", cut_at=len(form.indicators) - 1)
        tables = _tables(form, top)
    while form.cut == "ind" and tables[0].bbox[3] > BOTTOM and form.cut_at > 1:
        form = dataclasses.replace(form, cut_at=form.cut_at - 1)
        tables = _tables(form, top)
    if any(t.bbox[3] > BOTTOM for t in tables):
        raise ValueError(f"{form.form_id}: does not fit on two pages")
    pages = [
        PageBox(index=i, width=PAGE_W, height=PAGE_H, texts=texts if i == 0 else [], tables=[t])
        for i, t in enumerate(tables)
    ]
    if form.last_page_only or form.first_page_only:  # the other page is not in the document,
        pages = [pages[0] if form.first_page_only else pages[-1].model_copy(update={"index": 0})]
        shown = {c.text for c in pages[0].tables[0].cells}  # nor are the spellings only it shows
        form = dataclasses.replace(
            form, outside_spellings=tuple(s for s in form.outside_spellings if s in shown)
        )
    return form, LayoutRecord(form_id=form.form_id, pages=pages)
