"""Excel workbooks (.xlsx) read with openpyxl: each sheet's cells and merged ranges, one page each."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from extraction.load.errors import Unreadable
from extraction.office.grid import COL_W, OfficeCell, OfficeTable

_PX_PER_CHAR = 22  # an Excel width unit (one "0") at 300 dpi


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _bordered(sheet: Worksheet, row: int, col: int) -> bool:
    border = sheet.cell(row, col).border
    return any(
        side is not None and side.style for side in (border.left, border.right, border.top, border.bottom)
    )


def _table(sheet: Worksheet) -> OfficeTable | None:
    merged = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
    covered = {
        (r, c)
        for m in sheet.merged_cells.ranges
        for r in range(m.min_row, m.max_row + 1)
        for c in range(m.min_col, m.max_col + 1)
        if (r, c) != (m.min_row, m.min_col)
    }
    rows = [
        r
        for r in range(1, sheet.max_row + 1)
        if any(_text(sheet.cell(r, c).value) for c in range(1, sheet.max_column + 1))
    ]
    if not rows:
        return None
    first, last = rows[0], rows[-1]
    cols = range(1, sheet.max_column + 1)
    any_border = any(_bordered(sheet, r, c) for r in range(first, last + 1) for c in cols)

    def loose(r: int) -> bool:  # a title, year, unit or signature line, not a table row
        filled = [c for c in cols if _text(sheet.cell(r, c).value)]
        return len(filled) <= 1 and not (any_border and any(_bordered(sheet, r, c) for c in cols))

    above: list[str] = []
    while first < last and loose(first):
        above.append(" ".join(_text(sheet.cell(first, c).value) for c in cols).strip())
        first += 1
    below: list[str] = []
    while last > first and loose(last):
        below.insert(0, " ".join(_text(sheet.cell(last, c).value) for c in cols).strip())
        last -= 1
    used = [
        c
        for c in cols
        if any(_text(sheet.cell(r, c).value) or (r, c) in merged for r in range(first, last + 1))
    ]
    c0, c1 = used[0], used[-1]
    cells = []
    for r in range(first, last + 1):
        for c in range(c0, c1 + 1):
            if (r, c) in covered:
                continue
            m = merged.get((r, c))
            rspan = min(m.max_row, last) - r + 1 if m else 1
            cspan = min(m.max_col, c1) - c + 1 if m else 1
            cells.append(
                OfficeCell(
                    row=r - first,
                    col=c - c0,
                    row_span=rspan,
                    col_span=cspan,
                    text=_text(sheet.cell(r, c).value),
                )
            )
    widths = []
    for c in range(c0, c1 + 1):
        width = sheet.column_dimensions[sheet.cell(1, c).column_letter].width
        widths.append(round(width * _PX_PER_CHAR) if width else COL_W)
    return OfficeTable(
        n_rows=last - first + 1, n_cols=c1 - c0 + 1, cells=cells, col_widths=widths, above=above, below=below
    )


def read_xlsx(data: bytes) -> list[OfficeTable]:
    """One table per non-empty sheet, in workbook order."""
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)  # cached values, not formulas
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise Unreadable(f"corrupt spreadsheet ({e})") from e
    tables = [_table(sheet) for sheet in book.worksheets]
    return [t for t in tables if t is not None]
