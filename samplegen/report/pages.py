"""The pages of a report that are not self-assessment forms: narrative text and other budget tables.

They are drawn with samplegen's own layout records (PageBox), so one renderer paints every page and
the text layer of the born-digital version is placed from the same line boxes.
"""

from __future__ import annotations

import numpy as np

from samplegen.fonts import font
from samplegen.layout import PAGE_H, PAGE_W, TABLE_X, TITLE_FONT, CellBox, LineBox, PageBox, TableBox, TextBox
from samplegen.textfit import wrap

BODY_FONT = ("song", 40)
HEAD_FONT = ("hei_bold", 56)
BODY_X, BODY_W = 220, 2040
LINE_STEP = 74
CELL_FONT = ("song", 38)
BUDGET_COLUMNS = (
    ("序号", 150),
    ("项目名称", 900),
    ("预算数", 300),
    ("执行数", 300),
    ("执行率", 250),
    ("备注", 300),
)
ROW_H = 96


def _line(face: str, size: int, text: str, x: int, y: int) -> LineBox:
    x0, y0, x1, y1 = font(face, size).getbbox(text)
    return LineBox(text=text, bbox=(x + int(x0), y + int(y0), x + int(x1), y + int(y1)))


def _box(role: str, spec: tuple[str, int], lines: list[LineBox]) -> TextBox:
    return TextBox(role=role, face=spec[0], size=spec[1], lines=lines)


def narrative_page(index: int, heading: str, paragraphs: list[str]) -> PageBox:
    """A heading and paragraphs of running text, wrapped to the page, as far as they fit."""
    texts = [_box("heading", HEAD_FONT, [_line(*HEAD_FONT, heading, BODY_X, 260)])]
    y = 420
    body: list[LineBox] = []
    for paragraph in paragraphs:
        for k, text in enumerate(wrap(*BODY_FONT, paragraph, BODY_W - 80)):
            if y > PAGE_H - 300:
                break
            body.append(_line(*BODY_FONT, text, BODY_X + (80 if k == 0 else 0), y))
            y += LINE_STEP
        y += 30
    texts.append(_box("body", BODY_FONT, body))
    return PageBox(index=index, width=PAGE_W, height=PAGE_H, texts=texts, tables=[])


def _cell(row: int, col: int, bbox: tuple[int, int, int, int], text: str) -> CellBox:
    face, size = CELL_FONT
    f = font(face, size)
    width = int(f.getlength(text))
    x = (bbox[0] + bbox[2] - width) // 2
    ref = f.getbbox("国")
    y = (bbox[1] + bbox[3]) // 2 - int(ref[3] - ref[1]) // 2 - int(ref[1])
    lines = [_line(face, size, text, x, y)] if text else []
    return CellBox(
        row=row, col=col, row_span=1, col_span=1, bbox=bbox, text=text, style="value", tag=[], lines=lines
    )


def budget_rows(rng: np.random.Generator, names: list[str]) -> list[list[str]]:
    """Rows of a 重点项目支出决算表: budget, executed, execution rate, and the 合计 row."""
    rows: list[list[str]] = []
    total_b = total_e = 0.0
    for i, name in enumerate(names):
        budget = float(rng.integers(20, 900))
        executed = round(budget * float(rng.uniform(0.7, 1.0)), 2)
        total_b, total_e = total_b + budget, total_e + executed
        rows.append([str(i + 1), name, f"{budget:.2f}", f"{executed:.2f}", f"{executed / budget:.2%}", ""])
    rows.append(["", "合计", f"{total_b:.2f}", f"{total_e:.2f}", f"{total_e / total_b:.2%}", ""])
    return rows


def budget_page(index: int, title: str, rows: list[list[str]]) -> PageBox:
    """A ruled table of projects that is not a self-assessment form (项目名称 / 执行率 / 合计)."""
    col_x = [TABLE_X + 40]
    for _, width in BUDGET_COLUMNS:
        col_x.append(col_x[-1] + width)
    top = 520
    row_y = [top + k * ROW_H for k in range(len(rows) + 2)]
    body = [[name for name, _ in BUDGET_COLUMNS], *rows]
    cells = [
        _cell(r, c, (col_x[c], row_y[r], col_x[c + 1], row_y[r + 1]), text)
        for r, row in enumerate(body)
        for c, text in enumerate(row)
    ]
    table = TableBox(bbox=(col_x[0], row_y[0], col_x[-1], row_y[-1]), n_rows=len(body), n_cols=len(col_x) - 1,
                     col_x=col_x, row_y=row_y, cells=cells)  # fmt: skip
    x = (PAGE_W - int(font(*TITLE_FONT).getlength(title))) // 2
    texts = [
        _box("title", TITLE_FONT, [_line(*TITLE_FONT, title, x, 260)]),
        _box("note", CELL_FONT, [_line(*CELL_FONT, "单位：万元", col_x[-1] - 220, 430)]),
    ]
    return PageBox(index=index, width=PAGE_W, height=PAGE_H, texts=texts, tables=[table])
