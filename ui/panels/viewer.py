"""The scanned page with the detected grid over it: page choice, zoom, and focus on a finding or a
value to check, or the reviewer's cursor (ui.cursor: its cell in blue, its row tinted across the table;
the zoom centres on them)."""

from __future__ import annotations

import streamlit as st

from service.review import FormView, PageView
from ui import state
from ui.cursor import Highlight, row_bands
from ui.labels import SEVERITY_LABELS, path_label, rule_label
from ui.overlay import (
    LEGEND,
    Raster,
    bbox_center,
    cell_states,
    crop_cell,
    data_uri,
    draw_overlay,
    jpeg,
    zoom_view,
)
from ui.tables import review_items

WHOLE_PAGE = "整页"
ZOOMS = [1.0, 1.5, 2.0, 3.0, 4.0]


def _targets(view: FormView) -> dict[str, list[str]]:
    """Things worth zooming on → their cell ids: each finding, then each value to check."""
    targets: dict[str, list[str]] = {WHOLE_PAGE: []}
    for i, finding in enumerate(view.record.findings):
        if finding.cells:
            label = f"{i + 1}. {rule_label(finding.rule)}（{SEVERITY_LABELS[finding.severity]}）"
            targets[label] = finding.cells
    for path, value in review_items(view.record):
        targets[f"核对 · {path_label(path, view.record)}"] = value.cells
    return targets


def _page_of(view: FormView, cells: list[str]) -> int | None:
    pages = {t.page for t in view.tables for c in t.cells if c.id in cells}
    return min(pages) if pages else None


def _bbox_of(view: FormView, cells: list[str]) -> tuple[int, int, int, int] | None:
    boxes = [c.bbox for t in view.tables for c in t.cells if c.id in cells]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _clear_cursor(form_id: int) -> None:
    state.set_cursor(form_id, None)


def render(view: FormView, cursor: Highlight | None = None) -> None:
    """The page with the grid; the cursor's cell and row (when there is one) or the chosen focus
    drawn in blue, the zoom centred on them and the page turned to theirs."""
    if not view.pages:
        st.info("此表没有保存页面图像（扫描时未渲染页面）。")
        return
    form_id = view.summary.id
    targets = _targets(view)
    c_focus, c_zoom, c_page = st.columns([3, 2, 2])
    # Picking a focus hands the blue back from the cursor to the list.
    focus_label = c_focus.selectbox(
        "聚焦", list(targets), key=f"focus-{form_id}", on_change=_clear_cursor, args=(form_id,)
    )
    focus = list(cursor.cells) if cursor else targets.get(focus_label or WHOLE_PAGE, [])
    bands = row_bands(view.tables, cursor.row_cells) if cursor else []
    zoom = c_zoom.select_slider(
        "缩放",
        ZOOMS,
        value=2.0 if focus or bands else 1.0,
        format_func=lambda z: f"{z:.0%}",
        key=f"zoom-{form_id}-{bool(focus or bands)}",
    )
    indices = [p.index for p in view.pages]
    focus_page = _page_of(view, focus) if focus else min((p for p, _ in bands), default=None)
    where = cursor.label if cursor else focus_label
    page_index = c_page.radio(
        "页", indices, index=indices.index(focus_page) if focus_page in indices else 0,
        format_func=lambda i: f"第{i + 1}页", horizontal=True, key=f"page-{form_id}-{where}",
    )  # fmt: skip
    if cursor:
        _cursor_caption(form_id, cursor, bool(focus or bands))
    page = next(p for p in view.pages if p.index == page_index)
    raster = state.page_image(str(page.path), page.width)
    on_page = [box for p, box in bands if p == page.index]
    states = cell_states(view.record, view.tables)
    drawn = draw_overlay(raster, page.index, view.tables, states, set(focus), on_page)
    box = _bbox_of(view, focus) if focus else (on_page[0] if on_page else None)
    center = bbox_center(box, raster.scale) if box is not None and focus_page == page.index else None
    st.image(jpeg(zoom_view(drawn, float(zoom), center)), width="stretch")
    st.markdown(LEGEND)


def _cursor_caption(form_id: int, cursor: Highlight, on_scan: bool) -> None:
    c_text, c_clear = st.columns([5, 1], vertical_alignment="center")
    where = "" if on_scan else "（扫描件上没有对应的单元格）"
    c_text.caption(f"光标：**{cursor.label}**{where}", help="在右侧表格中修改或定位的值")
    c_clear.button("清除", key=f"cursor-clear-{form_id}", on_click=_clear_cursor, args=(form_id,))


def cell_crops(view: FormView) -> dict[str, str]:
    """Data URIs of the scanned cells of the values to check, for the 待核对 table."""
    wanted = {cell for _, value in review_items(view.record) for cell in value.cells[:1]}
    pages: dict[int, PageView] = {p.index: p for p in view.pages}
    crops: dict[str, str] = {}
    for table in view.tables:
        page = pages.get(table.page)
        if page is None:
            continue
        raster: Raster | None = None
        for cell in table.cells:
            if cell.id in wanted:
                raster = raster or state.page_image(str(page.path), page.width)
                crops[cell.id] = data_uri(crop_cell(raster, cell.bbox))
    return crops
