"""A marker grid lays out as the ruled table it describes: merged cells, fitted columns, wrapped text."""

from __future__ import annotations

import numpy as np

from samplegen.draw import RULE
from samplegen.layout import PAGE_H, PAGE_W
from samplegen.realgrid import (
    MIN_COL_W,
    TABLE_W,
    GridPage,
    drop_unruled,
    fit_columns,
    layout_grid,
    merged_cells,
    render_a4,
    scaled,
    shared_widths,
)

LONG = "严格执行相关政策，保障工资及时、足额发放，预算编制科学合理，减少结余资金，提高资金使用效益。" * 2
ROWS = [
    ["项目名称", "工资性支出", "<", "<", "<"],
    ["主管部门", "县财政局", "<", "实施单位", "县财政局"],
    ["年度目标", LONG, "<", "<", "<"],
    ["绩效指标", "产出指标", "数量指标", "100", "10"],
    ["^", "^", "质量指标", "100%", "10"],
]


def _cells(rows: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    return [(c.row, c.col, c.row_span, c.col_span, c.text) for c in merged_cells(rows)]


def test_markers_become_spans() -> None:
    cells = _cells(ROWS)
    assert (0, 1, 1, 4, "工资性支出") in cells
    assert (1, 1, 1, 2, "县财政局") in cells
    assert (3, 0, 2, 1, "绩效指标") in cells and (3, 1, 2, 1, "产出指标") in cells
    assert len(cells) == 2 + 4 + 2 + 5 + 3


def test_a_column_no_cell_starts_at_is_dropped() -> None:
    rows = [["a", "b", "<", "c"], ["d", "e", "<", "f"]]
    assert drop_unruled(rows) == [["a", "b", "c"], ["d", "e", "f"]]
    assert drop_unruled(ROWS) == ROWS


def test_columns_fill_the_width_and_long_text_is_capped() -> None:
    cells = merged_cells([["短", "一二三四五六七八九十" * 8, "1"], ["a", "b", "c"]])
    widths = fit_columns(cells, 3, TABLE_W)
    assert sum(widths) == TABLE_W and min(widths) >= MIN_COL_W
    assert widths[1] > widths[0] and widths[1] < TABLE_W - 2 * MIN_COL_W + 1
    assert sum(scaled(widths, 3000)) == 3000


def test_layout_keeps_every_cell_and_wraps_inside_it() -> None:
    layout, scales = layout_grid(
        "t", [GridPage(rows=ROWS, above=["项目支出绩效自评表", "（2023年度）"], below=["填表人："])]
    )
    assert scales == [1.0]
    page = layout.pages[0]
    table = page.tables[0]
    assert [(c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells] == _cells(ROWS)
    for cell in table.cells:
        assert "".join(line.text for line in cell.lines) == cell.text
        x0, y0, x1, y1 = cell.bbox
        for line in cell.lines:
            assert x0 <= line.bbox[0] and line.bbox[2] <= x1 and y0 <= line.bbox[1] and line.bbox[3] <= y1
    goal = next(c for c in table.cells if c.text == LONG)
    assert len(goal.lines) >= 2
    assert [t.role for t in page.texts] == ["title", "year", "note"]
    assert page.texts[0].lines[0].bbox[3] < table.bbox[1] < table.bbox[3] < page.texts[-1].lines[0].bbox[1]


def test_pages_share_columns_and_a_tall_table_is_printed_smaller() -> None:
    tall = [["指标", "值"]] + [[f"第{i}项指标", f"{i}"] for i in range(60)]
    pages = [GridPage(rows=tall, above=[], below=[]), GridPage(rows=[["a", "b"]], above=[], below=[])]
    assert len(shared_widths(pages)) == 1
    layout, scales = layout_grid("t", pages)
    assert scales[0] > 1.0 and scales[0] == scales[1]
    first, second = (p.tables[0] for p in layout.pages)
    assert first.col_x == second.col_x
    imgs = render_a4(layout, scales)
    assert all(img.shape == (PAGE_H, PAGE_W) for img in imgs)
    x = round(first.col_x[1] / scales[0])  # the inner rule is on the A4 page where the layout says
    y = round((first.row_y[0] + first.row_y[1]) / 2 / scales[0])
    assert (imgs[0][y, x - RULE : x + RULE + 1] < 128).any()
    assert np.mean(imgs[0] < 128) > 0.005
