"""The reviewer's cursor on the scan: the value picked or edited in the tables is outlined (cell
level) and its row tinted across the table (row level), and both move with the next pick or edit.
The pure parts on the seeded forms, then the review page through AppTest."""

from __future__ import annotations

from models.paths import get_field, iter_fields
from models.record import Cell, Table
from service import review
from service.review import FormView
from tests.ui.conftest import Seeded, edit_cell, open_review
from ui.cursor import Cursor, from_selection, highlight, locate, row_bands
from ui.overlay import cell_states, draw_overlay, load_page
from ui.tables import CONTENT, EditorTable, form_tables

ACTUAL = "实际完成值"


def _view(seeded: Seeded, name: str = "seed_shizuishan_1") -> FormView:
    return review.open_form(seeded.store, seeded.forms[name])


def _cell(view: FormView, cell_id: str) -> tuple[Table, Cell]:
    return next((t, c) for t in view.tables for c in t.cells if c.id == cell_id)


def _path_at(tables: list[EditorTable], cursor: Cursor) -> str:
    table = next(t for t in tables if t.name == cursor.table)
    return table.paths[(cursor.row, str(cursor.column))]


def test_a_picked_cell_highlights_its_value_and_the_row_it_is_on(seeded: Seeded) -> None:
    view = _view(seeded)
    tables = form_tables(view.record)
    mark = highlight(view.record, tables, Cursor("indicators", 2, ACTUAL))
    actual = get_field(view.record, "indicators[2].actual")
    assert mark is not None and actual is not None and actual.cells
    assert mark.cells == actual.cells
    assert mark.label.startswith("指标第3行") and mark.label.endswith(ACTUAL)
    row_fields = [
        get_field(view.record, f"indicators[2].{c}") for c in ("level3", "target", "weight", "score")
    ]
    assert {c for f in row_fields if f is not None for c in f.cells} <= set(mark.row_cells)
    next_row = {
        c
        for path, f in iter_fields(view.record)
        if path.startswith("indicators[3].") and not path.endswith(".level1")  # level 1 spans both
        for c in f.cells
    }
    assert next_row and not next_row & set(mark.row_cells)

    ((page, band),) = row_bands(view.tables, mark.row_cells)
    table, cell = _cell(view, actual.cells[0])
    assert page == table.page
    assert (band[0], band[2]) == (table.bbox[0], table.bbox[2])  # across the whole table
    assert (band[1], band[3]) == (cell.bbox[1], cell.bbox[3])  # one scan row high, not its group


def test_a_picked_row_highlights_the_row_alone_with_its_printed_label(seeded: Seeded) -> None:
    view = _view(seeded)
    tables = form_tables(view.record)
    mark = highlight(view.record, tables, Cursor("funds", 0))
    assert mark is not None and mark.cells == []
    assert mark.label == "项目资金 · 第1行"
    assert set(view.record.funds.rows[0].label_cells) <= set(mark.row_cells)
    score = get_field(view.record, "funds.total.exec_score")
    assert score is not None and set(score.cells) <= set(mark.row_cells)


def test_a_level_one_label_alone_bands_its_group_and_with_its_row_bands_the_row(seeded: Seeded) -> None:
    view = _view(seeded)
    group = next(c for t in view.tables for c in t.cells if c.row_span > 1 and c.col_span == 1)
    table = next(t for t in view.tables if group in t.cells)
    ((_, alone),) = row_bands(view.tables, [group.id])
    assert (alone[1], alone[3]) == (group.bbox[1], group.bbox[3])
    neighbour = next(c for c in table.cells if c.row == group.row and c.row_span == 1 and c.col > group.col)
    ((_, row),) = row_bands(view.tables, [group.id, neighbour.id])
    assert (row[1], row[3]) == (neighbour.bbox[1], neighbour.bbox[3])


def test_a_pick_in_the_check_list_moves_to_the_value_in_the_form_tables(seeded: Seeded) -> None:
    view = _view(seeded)
    tables = form_tables(view.record)
    check = next(t for t in tables if t.name == "check")
    path = check.paths[(0, CONTENT)]
    for selection in ({"cells": [[0, CONTENT]], "rows": []}, {"rows": [0], "cells": []}):
        cursor = from_selection(tables, "check", selection)
        assert cursor is not None and cursor.table != "check"
        assert _path_at(tables, cursor) == path
    assert locate(tables, path) == cursor
    assert from_selection(tables, "funds", {"rows": [], "cells": []}) is None
    assert from_selection(tables, "indicators", {"rows": [1], "cells": [(2, ACTUAL)]}) == Cursor(
        "indicators", 2, ACTUAL
    )  # the cell wins over the row


def test_the_overlay_tints_the_row_and_outlines_the_cell(seeded: Seeded) -> None:
    view = _view(seeded)
    tables = form_tables(view.record)
    mark = highlight(view.record, tables, Cursor("indicators", 2, ACTUAL))
    assert mark is not None
    page = view.pages[0]
    raster = load_page(page.path, page.width)
    states = cell_states(view.record, view.tables)
    bands = [box for p, box in row_bands(view.tables, mark.row_cells) if p == page.index]
    plain = draw_overlay(raster, page.index, view.tables, states)
    marked = draw_overlay(raster, page.index, view.tables, states, set(mark.cells), bands)
    _, cell = _cell(view, mark.cells[0])
    x0, y0, _, y1 = (round(v * raster.scale) for v in cell.bbox)
    assert marked.getpixel((x0 + 1, y0 + 1)) != plain.getpixel((x0 + 1, y0 + 1))  # the blue outline
    blue = marked.getpixel((x0 + 1, y0 + 1))
    assert isinstance(blue, tuple) and blue[2] > 200 and blue[0] < 100
    # Inside the row, away from the cell: tinted; a row below it: untouched.
    table, _ = _cell(view, mark.cells[0])
    left = round((table.bbox[0] + 6) * raster.scale)
    middle = (y0 + y1) // 2
    assert marked.getpixel((left, middle)) != plain.getpixel((left, middle))
    below = y1 + (y1 - y0) + 4
    assert marked.getpixel((left, below)) == plain.getpixel((left, below))


def _caption(at: object) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("光标：")]  # type: ignore[attr-defined]


def _pick(at: object, name: str, selection: dict[str, object]) -> None:
    key = next(d.key for d in at.dataframe if d.key and d.key.startswith(f"loc-{name}-"))  # type: ignore[attr-defined]
    at.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": [], **selection}}  # type: ignore[attr-defined]
    at.run()  # type: ignore[attr-defined]


def test_the_cursor_follows_the_picked_cells_on_the_review_page(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1")
    assert not _caption(at) and at.data_editor  # editing: no cursor until something is touched
    at.toggle(key=f"locate-{seeded.forms['seed_shizuishan_1']}-True").set_value(True).run()
    assert not at.data_editor and any(d.key.startswith("loc-indicators-") for d in at.dataframe if d.key)

    _pick(at, "indicators", {"cells": [[2, ACTUAL]]})
    assert not at.exception, at.exception
    assert _caption(at) == [f"光标：**指标第3行（时效指标） · {ACTUAL}**"]
    _pick(at, "header", {"cells": [[2, CONTENT]]})  # another table: the cursor moves there
    assert _caption(at) == ["光标：**项目名称**"]
    _pick(at, "funds", {"rows": [0]})
    assert _caption(at) == ["光标：**项目资金 · 第1行**"]
    _pick(at, "indicators", {"cells": []})  # the first table lets go of its cell: nothing moves
    _pick(at, "indicators", {"cells": [[2, ACTUAL]]})  # and picks it again: the cursor comes back
    assert _caption(at) == [f"光标：**指标第3行（时效指标） · {ACTUAL}**"]

    at.selectbox(key=f"focus-{seeded.forms['seed_shizuishan_1']}").select_index(1).run()
    assert not _caption(at)  # a chosen focus takes the highlight back


def test_the_cursor_moves_to_the_cell_just_edited(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1")
    edit_cell(at, "funds", 0, "得分", "10")
    assert not at.exception, at.exception
    assert _caption(at) == ["光标：**年度资金总额 · 得分**"]
    assert at.selectbox(key=f"focus-{seeded.forms['seed_shizuishan_1']}").value == "整页"


def test_a_read_only_page_starts_in_locate_mode(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1", reviewer=None)
    assert not at.data_editor and at.dataframe
    _pick(at, "indicators", {"cells": [[0, ACTUAL]]})
    assert _caption(at) and _caption(at)[0].startswith("光标：**指标第1行")
