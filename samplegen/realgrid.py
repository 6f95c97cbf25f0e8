"""A cell grid written with merge markers (the real-form fixtures' format) → an A4 layout record.

`"<"` continues the cell to the left, `"^"` the cell above (as in tests/fixtures/real_forms). Column
widths are fitted to the text: each column asks for its widest unmerged cell, and when the asks do
not fit the table width the widest columns are capped alike, so long text wraps inside its cell as
printed forms do. A table too tall for the page is laid out on a larger virtual page and rendered
down to A4 (`scale`), which is what a form printed in a small font looks like. The pixels come from
samplegen.layout.layout_table and samplegen.draw, as for the generated forms.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from samplegen import degrade
from samplegen.build import EXT, RENDERINGS
from samplegen.draw import render_page
from samplegen.files import JPEG_QUALITY, save_single, save_tiff
from samplegen.fonts import font
from samplegen.grid import GCell, Grid, Style
from samplegen.layout import (
    BOTTOM,
    NOTE_FONT,
    PAD_X,
    PAGE_H,
    PAGE_W,
    STYLE_FONT,
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
from samplegen.photo import photo
from samplegen.seal import stamp
from samplegen.textfit import text_width, wrap

LEFT, UP = "<", "^"
TABLE_W = PAGE_W - 2 * TABLE_X
MIN_COL_W = 110  # ≈ two characters and the padding; well above the layout's edge snapping
SCALES = (1.0, 1.12, 1.25, 1.4, 1.55, 1.7, 1.85, 2.0)  # virtual page sizes tried for a tall table
LONG_TEXT = 12  # a cell with more characters is set flush left, as running text
TITLE_MAX = 40  # a longer line is a note, not a title


@dataclass(frozen=True)
class GridPage:
    """One page of a marker grid: the free lines over the table, its rows, the lines under it."""

    rows: list[list[str]]
    above: list[str]
    below: list[str]


@dataclass(frozen=True)
class MergedCell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str


def merged_cells(rows: list[list[str]]) -> list[MergedCell]:
    """The grid's cells with their spans, read from the markers (bench/grids.py reads them alike)."""
    owner: dict[tuple[int, int], list[int]] = {}  # slot → [row, col, row_span, col_span]
    order: list[tuple[list[int], str]] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (LEFT, UP):
                src = owner[(r, c - 1)] if text == LEFT else owner[(r - 1, c)]
                if text == LEFT and src[0] == r:
                    src[3] = max(src[3], c - src[1] + 1)
                elif text == UP:
                    src[2] = max(src[2], r - src[0] + 1)
                owner[(r, c)] = src
                continue
            cell = [r, c, 1, 1]
            owner[(r, c)] = cell
            order.append((cell, text))
    return [MergedCell(row=a[0], col=a[1], row_span=a[2], col_span=a[3], text=t) for a, t in order]


def drop_unruled(rows: list[list[str]]) -> list[list[str]]:
    """The grid without the columns no cell starts at (every row's cell runs across them): a printed
    table has no rule there, so such a column cannot be seen. Rows are kept as they are."""
    starts = {cell.col for cell in merged_cells(rows)}
    keep = [c for c in range(len(rows[0])) if c in starts]
    return [[row[c] for c in keep] for row in rows]


def _style(cell: MergedCell) -> Style:
    if cell.col == 0:
        return "label"
    return "text" if len(cell.text) > LONG_TEXT else "value"


def _ask(cell: MergedCell) -> float:
    face, size = STYLE_FONT[_style(cell)]
    return text_width(face, size, cell.text) + 2 * PAD_X + 8


def fit_columns(cells: list[MergedCell], n_cols: int, width: int) -> list[int]:
    """Column widths summing to `width`: each column's ask (its widest unmerged cell), the largest
    asks capped alike when they do not fit, spare width shared out in proportion."""
    ask = [float(MIN_COL_W)] * n_cols
    for cell in cells:
        if cell.col_span == 1:
            ask[cell.col] = max(ask[cell.col], _ask(cell))
    if sum(ask) <= width:
        widths = [a * width / sum(ask) for a in ask]
    else:
        lo, hi = float(MIN_COL_W), max(ask)
        for _ in range(40):  # the cap at which the capped asks fill the width
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if sum(min(a, mid) for a in ask) < width else (lo, mid)
        widths = [min(a, lo) for a in ask]
        spare = width - sum(widths)
        widths = [w + spare / n_cols for w in widths]
    return scaled(widths, width)


def scaled(widths: list[float] | list[int], width: int) -> list[int]:
    """Column widths stretched to sum to `width`, rounded so they still add up."""
    edges = np.round(np.cumsum([0.0, *widths]) * width / sum(widths)).astype(int)
    return [int(b - a) for a, b in itertools.pairwise(edges.tolist())]


def shared_widths(pages: list[GridPage]) -> dict[int, list[int]]:
    """Column widths per column count, fitted to the cells of every page with that many columns:
    a form's pages share one template, so a continuation page keeps the first page's columns."""
    cells: dict[int, list[MergedCell]] = {}
    for page in pages:
        rows = drop_unruled(page.rows)
        cells.setdefault(len(rows[0]), []).extend(merged_cells(rows))
    return {n: fit_columns(group, n, TABLE_W) for n, group in cells.items()}


def grid_of(rows: list[list[str]], widths: list[int]) -> Grid:
    """samplegen.grid's logical table for the marker rows (tags: ("cell", row, col)), its columns
    `widths` wide (one per column that is left after drop_unruled)."""
    rows = drop_unruled(rows)
    xs = [0, *np.cumsum(widths).tolist()]
    out = [
        GCell(
            x0=int(xs[c.col]),
            x1=int(xs[c.col + c.col_span]),
            r0=c.row,
            r1=c.row + c.row_span,
            text=c.text,
            style=_style(c),
            tag=("cell", c.row, c.col),
        )
        for c in merged_cells(rows)
    ]
    return Grid(cells=out, n_rows=len(rows), min_heights={})


def _lines(role: str, spec: tuple[str, int], text: str, y: int, scale: float, align: str) -> TextBox:
    """A free text line (wrapped to the table width), centred or flush left with the table."""
    face, size = spec
    f = font(face, size)
    width = round(TABLE_W * scale)
    out: list[LineBox] = []
    for k, line in enumerate(wrap(face, size, text, width) or [text]):
        w = int(f.getlength(line))
        x = (round(PAGE_W * scale) - w) // 2 if align == "center" else TABLE_X
        x0, y0, x1, y1 = f.getbbox(line)
        top = y + k * (size + 16)
        out.append(LineBox(text=line, bbox=(x + int(x0), top + int(y0), x + int(x1), top + int(y1))))
    return TextBox(role=role, face=face, size=size, lines=out)


def _above(lines: list[str], scale: float) -> tuple[list[TextBox], int]:
    """The title (the first short line naming a 表, not a `报表编号:` line) set large, short lines
    centred under it, longer ones flush left; and the table's top."""
    texts: list[TextBox] = []
    y = TOP
    title = next((t for t in lines if "表" in t and not set(t) & set(":：") and len(t) <= TITLE_MAX), None)
    for text in lines:
        if text == title:
            box = _lines("title", TITLE_FONT, text, y, scale, "center")
        elif len(text) <= 14:  # a year line, 单位：万元: short lines are centred under the title
            box = _lines("year", YEAR_FONT, text, y, scale, "center")
        else:
            box = _lines("note", NOTE_FONT, text, y, scale, "left")
        texts.append(box)
        y = box.lines[-1].bbox[3] + 40
    return texts, (y + 20 if lines else TOP + 60)


def _below(lines: list[str], top: int, scale: float) -> list[TextBox]:
    texts: list[TextBox] = []
    y = top + 40
    for text in lines:
        box = _lines("note", NOTE_FONT, text, y, scale, "left")
        texts.append(box)
        y = box.lines[-1].bbox[3] + 30
    return texts


def layout_page(page: GridPage, index: int, widths: list[int], least: float = 1.0) -> tuple[PageBox, float]:
    """The page laid out at the smallest scale (from `least` up) at which table and notes fit;
    (page, scale). `widths` are the columns' widths on an A4 page."""
    for scale in (s for s in SCALES if s >= least):
        texts, top = _above(page.above, scale)
        table = layout_table(grid_of(page.rows, scaled(widths, round(TABLE_W * scale))), top)
        texts += _below(page.below, table.bbox[3], scale)
        bottom = max([table.bbox[3], *(t.lines[-1].bbox[3] for t in texts)])
        if bottom <= BOTTOM * scale:
            break
    else:
        raise ValueError(f"page {index}: table does not fit even at scale {SCALES[-1]}")
    size = (round(PAGE_W * scale), round(PAGE_H * scale))
    return PageBox(index=index, width=size[0], height=size[1], texts=texts, tables=[table]), scale


def layout_grid(form_id: str, pages: list[GridPage]) -> tuple[LayoutRecord, list[float]]:
    """Every page laid out with shared column widths, all at the scale the tallest page needs (one
    print); the record (in virtual-page pixels) and each page's scale to A4."""
    widths = shared_widths(pages)

    def one(i: int, page: GridPage, least: float) -> tuple[PageBox, float]:
        return layout_page(page, i, widths[len(drop_unruled(page.rows)[0])], least)

    least = max(one(i, p, 1.0)[1] for i, p in enumerate(pages))
    done = [one(i, p, least) for i, p in enumerate(pages)]
    return LayoutRecord(form_id=form_id, pages=[p for p, _ in done]), [s for _, s in done]


def render_a4(layout: LayoutRecord, scales: list[float]) -> list[np.ndarray]:
    """Each page drawn on its virtual page and brought down to A4 at 300 dpi."""
    out: list[np.ndarray] = []
    for page, scale in zip(layout.pages, scales, strict=True):
        img = render_page(page)
        if scale != 1.0:
            img = cv2.resize(img, (PAGE_W, PAGE_H), interpolation=cv2.INTER_AREA)
        out.append(np.ascontiguousarray(img))
    return out


def seal_center(table: TableBox, scale: float, names: list[str]) -> tuple[int, int]:
    """Where a seal lands on the A4 page: over the first cell printing one of `names` (the unit's
    name), else over the last cell of the table's second row."""
    cells = [c for c in table.cells if c.text and c.text in names]
    if not cells:
        row = min(1, table.n_rows - 1)
        cells = [max((c for c in table.cells if c.row == row), key=lambda c: c.col)]
    x0, y0, x1, y1 = cells[0].bbox
    return round((x0 + x1) / 2 / scale), round((y0 + y1) / 2 / scale)


def degraded(
    kind: str, pages: list[np.ndarray], seed: str, seal_text: str, seal_at: tuple[int, int]
) -> tuple[list[np.ndarray], int]:
    """The clean A4 pages in rendering `kind` (samplegen's degradations; the seal on the first page
    at `seal_at`), seeded by `seed`; (pages, dpi)."""
    out: list[np.ndarray] = []
    dpi = 300
    for i, page in enumerate(pages):
        rng = np.random.default_rng(zlib.crc32(f"{seed}:{kind}:{i}".encode()))
        if kind == "clean":
            out.append(page)
            continue
        if kind == "scan":
            img, t = degrade.scan(page, rng)
        elif kind == "photo":
            img, t = photo(page, rng)
        elif kind == "fax":
            img, t = degrade.fax(page, rng)
        elif kind == "rotated":
            turns = int(np.random.default_rng(zlib.crc32(f"{seed}:rotated".encode())).integers(1, 4))
            img, t = degrade.rotated(page, rng, turns)
        elif kind == "seal":
            img, t = stamp(page, rng, seal_text, seal_at if i == 0 else None)
        else:
            raise ValueError(f"unknown rendering {kind!r}")
        out.append(img)
        dpi = int(t["dpi"])
    return out, dpi


def save_rendering(path_stem: Path, kind: str, pages: list[np.ndarray], dpi: int) -> Path:
    """One file per rendering, as samplegen writes its samples: a multi-page TIFF for several pages."""
    fmt = dict(RENDERINGS)[kind]
    quality = JPEG_QUALITY.get(kind, 90)
    if len(pages) > 1:
        path = path_stem.with_suffix(".tif")
        save_tiff(path, pages, fmt, quality, dpi)
    else:
        path = path_stem.with_suffix(f".{EXT[fmt]}")
        save_single(path, pages[0], fmt, quality, dpi)
    return path
