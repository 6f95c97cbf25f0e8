"""Word documents (.docx) read with python-docx: each table with its merged cells, and the
paragraphs between tables as the lines above and below them. The whole document is one page."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from extraction.load.errors import Unreadable
from extraction.office.grid import OfficeCell, OfficeTable

_TWIPS_PX = 300 / 1440  # 1 twip = 1/1440 inch


def _cell_text(cell: object) -> str:
    paragraphs = [p.text.strip() for p in cell.paragraphs]  # type: ignore[attr-defined]
    return "".join(p for p in paragraphs if p)


def _table(table: DocxTable, above: list[str]) -> OfficeTable:
    """Merged cells are one cell object over several grid slots: their slots give the span."""
    slots: dict[int, list[tuple[int, int]]] = {}
    first: dict[int, object] = {}
    rows = table.rows
    n_cols = max((len(r.cells) for r in rows), default=0)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            key = id(cell._tc)
            slots.setdefault(key, []).append((r, c))
            first.setdefault(key, cell)
    cells = []
    for key, where in slots.items():
        r0, c0 = min(where)
        r1 = max(r for r, _ in where)
        c1 = max(c for _, c in where)
        cells.append(
            OfficeCell(
                row=r0, col=c0, row_span=r1 - r0 + 1, col_span=c1 - c0 + 1, text=_cell_text(first[key])
            )
        )
    grid = table._tbl.tblGrid
    widths = (
        [round(int(col.get(qn("w:w")) or 0) * _TWIPS_PX) for col in grid.findall(qn("w:gridCol"))]
        if grid is not None
        else []
    )
    return OfficeTable(
        n_rows=len(rows), n_cols=n_cols, cells=cells, col_widths=[w for w in widths if w > 0], above=above
    )


def read_docx(data: bytes) -> list[OfficeTable]:
    try:
        document: DocxDocument = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise Unreadable(f"corrupt document ({e})") from e
    tables: list[OfficeTable] = []
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(block.text.strip())
        else:
            tables.append(_table(block, lines))
            lines = []
    if tables and lines:
        tables[-1].below = lines
    return tables
