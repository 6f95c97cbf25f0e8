"""Layout engine: a FormSpec becomes pages of ruled tables with pixel boxes for every cell and line.

A4 at 300 dpi. Column edges come from the grid's blocks (snapped together), row heights from the
wrapped text. A form whose table does not fit on one page continues its indicator rows, total and
tail on a second page.
"""

from __future__ import annotations

from pydantic import BaseModel

from samplegen.fonts import font
from samplegen.grid import SNAP, GCell, Grid, Style, build_page_grid
from samplegen.spec import FormSpec
from samplegen.textfit import wrap

PAGE_W, PAGE_H = 2480, 3508
TABLE_X = 140
TOP, BOTTOM = 170, 3300  # the table must end above BOTTOM (room for skew in the scans)
PAD_X, PAD_Y = 14, 12
LINE_H = 52
MIN_ROW_H = 74

STYLE_FONT: dict[Style, tuple[str, int]] = {
    "label": ("hei", 37),
    "value": ("song", 38),
    "text": ("song", 38),
    "bold": ("hei_bold", 40),
}
TITLE_FONT = ("hei_bold", 72)
YEAR_FONT = ("song", 44)
NOTE_FONT = ("song", 36)

BBox = tuple[int, int, int, int]


class LineBox(BaseModel):
    text: str
    bbox: BBox


class CellBox(BaseModel):
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    text: str
    style: str
    tag: list[str | int]
    lines: list[LineBox]


class TableBox(BaseModel):
    bbox: BBox
    n_rows: int
    n_cols: int
    col_x: list[int]  # absolute x of every vertical rule
    row_y: list[int]  # absolute y of every horizontal rule
    cells: list[CellBox]


class TextBox(BaseModel):
    role: str  # title / year / note
    face: str
    size: int
    lines: list[LineBox]


class PageBox(BaseModel):
    index: int
    width: int
    height: int
    texts: list[TextBox]
    tables: list[TableBox]


class LayoutRecord(BaseModel):
    form_id: str
    pages: list[PageBox]


def _snap_columns(cells: list[GCell]) -> tuple[list[int], dict[int, int]]:
    """Collapse edges closer than SNAP; the indicator grid's edges win (it is the densest)."""

    def priority(c: GCell) -> int:
        return 0 if str(c.tag[0]) in ("ind", "ind_col", "level1", "level2", "ind_title") else 1

    reps: list[int] = []
    mapping: dict[int, int] = {}
    for c in sorted(cells, key=priority):
        for x in (c.x0, c.x1):
            if x in mapping:
                continue
            near = [r for r in reps if abs(r - x) < SNAP]
            mapping[x] = near[0] if near else x
            if not near:
                reps.append(x)
    return sorted(reps), mapping


def _cell_lines(c: GCell, width: int) -> list[str]:
    face, size = STYLE_FONT[c.style]
    return wrap(face, size, c.text, width - 2 * PAD_X)


def _row_heights(grid: Grid, widths: dict[int, int]) -> list[int]:
    heights = [max(MIN_ROW_H, grid.min_heights.get(r, 0)) for r in range(grid.n_rows)]
    for i, c in sorted(enumerate(grid.cells), key=lambda ic: ic[1].r1 - ic[1].r0):
        need = len(_cell_lines(c, widths[i])) * LINE_H + 2 * PAD_Y
        have = sum(heights[c.r0 : c.r1])
        if need > have:
            span = c.r1 - c.r0
            extra = need - have
            for r in range(c.r0, c.r1):
                heights[r] += extra // span + (1 if r - c.r0 < extra % span else 0)
    return heights


def _place_lines(c: GCell, bbox: BBox, width: int) -> list[LineBox]:
    face, size = STYLE_FONT[c.style]
    f = font(face, size)
    lines = _cell_lines(c, width)
    ref = f.getbbox("国")
    ink_h = ref[3] - ref[1]
    top = (bbox[1] + bbox[3]) // 2 - len(lines) * LINE_H // 2
    out: list[LineBox] = []
    for k, text in enumerate(lines):
        y = top + k * LINE_H + (LINE_H - ink_h) // 2 - int(ref[1])
        w = int(f.getlength(text))
        x = bbox[0] + PAD_X if c.style == "text" else (bbox[0] + bbox[2] - w) // 2
        x0, y0, x1, y1 = f.getbbox(text)
        out.append(LineBox(text=text, bbox=(x + int(x0), y + int(y0), x + int(x1), y + int(y1))))
    return out


def layout_table(grid: Grid, top: int) -> TableBox:
    xs, mapping = _snap_columns(grid.cells)
    widths = {i: mapping[c.x1] - mapping[c.x0] for i, c in enumerate(grid.cells)}
    heights = _row_heights(grid, widths)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] + h)
    cells: list[CellBox] = []
    for i, c in enumerate(grid.cells):
        c0, c1 = xs.index(mapping[c.x0]), xs.index(mapping[c.x1])
        bbox = (TABLE_X + xs[c0], ys[c.r0], TABLE_X + xs[c1], ys[c.r1])
        cells.append(
            CellBox(
                row=c.r0,
                col=c0,
                row_span=c.r1 - c.r0,
                col_span=c1 - c0,
                bbox=bbox,
                text=c.text,
                style=c.style,
                tag=list(c.tag),
                lines=_place_lines(c, bbox, widths[i]),
            )
        )
    cells.sort(key=lambda cb: (cb.row, cb.col))
    col_x = [TABLE_X + x for x in xs]
    return TableBox(
        bbox=(col_x[0], ys[0], col_x[-1], ys[-1]),
        n_rows=grid.n_rows,
        n_cols=len(xs) - 1,
        col_x=col_x,
        row_y=ys,
        cells=cells,
    )


def _text(role: str, spec: tuple[str, int], text: str, x: int, y: int) -> TextBox:
    f = font(*spec)
    x0, y0, x1, y1 = f.getbbox(text)
    box = (x + int(x0), y + int(y0), x + int(x1), y + int(y1))
    return TextBox(role=role, face=spec[0], size=spec[1], lines=[LineBox(text=text, bbox=box)])


def _title_block(spec: FormSpec) -> tuple[list[TextBox], int]:
    def centered(s: tuple[str, int], text: str) -> int:
        return (PAGE_W - int(font(*s).getlength(text))) // 2

    texts = [
        _text("title", TITLE_FONT, spec.title, centered(TITLE_FONT, spec.title), TOP),
        _text("year", YEAR_FONT, spec.year_line, centered(YEAR_FONT, spec.year_line), TOP + 120),
    ]
    y = TOP + 200
    if spec.note_line:  # right-aligned above the table, as 单位：万元 usually is
        x = TABLE_X + 2200 - int(font(*NOTE_FONT).getlength(spec.note_line))
        texts.append(_text("note", NOTE_FONT, spec.note_line, x, y))
        y += 60
    return texts, y + 20


def layout_form(spec: FormSpec) -> LayoutRecord:
    texts, top = _title_block(spec)
    n = len(spec.indicators)
    k = spec.page1_indicators if spec.page1_indicators is not None else n
    while True:
        first = layout_table(build_page_grid(spec, 0, k, first=True, last=k == n), top)
        if first.bbox[3] <= BOTTOM or k <= 1:
            break
        k -= 1
    pages = [PageBox(index=0, width=PAGE_W, height=PAGE_H, texts=texts, tables=[first])]
    if k < n:
        second = layout_table(build_page_grid(spec, k, n, first=False, last=True), TOP + 60)
        if second.bbox[3] > BOTTOM:
            raise ValueError(f"{spec.form_id}: indicators do not fit on two pages")
        pages.append(PageBox(index=1, width=PAGE_W, height=PAGE_H, texts=[], tables=[second]))
    elif first.bbox[3] > BOTTOM:
        raise ValueError(f"{spec.form_id}: table too tall")
    if spec.sign_line:  # signatures under the table: text outside any cell
        last = pages[-1]
        last.texts.append(_text("sign", NOTE_FONT, spec.sign_line, TABLE_X + 20, last.tables[0].bbox[3] + 45))
    return LayoutRecord(form_id=spec.form_id, pages=pages)
