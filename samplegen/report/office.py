"""A self-assessment form as an Excel workbook and a Word document, from samplegen's own layout,
with its truth: the office attachments finance offices send instead of scans."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from models.record import Form, Source
from samplegen.forms import form_by_id
from samplegen.layout import LayoutRecord, TableBox, layout_form
from samplegen.truth import build_document

OFFICE_FORM_ID = "sichuan_county_2023_yygs"  # one page: one sheet, one Word table
_THIN = Side(style="thin")


def _lines(layout: LayoutRecord, roles: tuple[str, ...]) -> list[str]:
    return [line.text for t in layout.pages[0].texts if t.role in roles for line in t.lines]


def _table(layout: LayoutRecord) -> TableBox:
    return layout.pages[0].tables[0]


def write_xlsx(path: Path, layout: LayoutRecord) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    above = _lines(layout, ("title", "year", "note"))
    for r, text in enumerate(above, start=1):
        sheet.cell(r, 1, text)
    table = _table(layout)
    top = len(above) + 1
    for cell in table.cells:
        r, c = top + cell.row, 1 + cell.col
        sheet.cell(r, c, cell.text)
        if cell.row_span > 1 or cell.col_span > 1:
            sheet.merge_cells(
                start_row=r, start_column=c, end_row=r + cell.row_span - 1, end_column=c + cell.col_span - 1
            )
    for r in range(top, top + table.n_rows):
        for c in range(1, table.n_cols + 1):
            sheet.cell(r, c).border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    for c in range(table.n_cols):
        letter = sheet.cell(1, c + 1).column_letter
        sheet.column_dimensions[letter].width = (table.col_x[c + 1] - table.col_x[c]) / 22
    for k, text in enumerate(_lines(layout, ("sign",))):
        sheet.cell(top + table.n_rows + 1 + k, 1, text)
    book.save(path)


def write_docx(path: Path, layout: LayoutRecord) -> None:
    document = docx.Document()
    for text in _lines(layout, ("title", "year", "note")):
        document.add_paragraph(text)
    table = _table(layout)
    grid = document.add_table(rows=table.n_rows, cols=table.n_cols)
    grid.style = "Table Grid"
    for cell in table.cells:
        target = grid.cell(cell.row, cell.col)
        if cell.row_span > 1 or cell.col_span > 1:
            target = target.merge(grid.cell(cell.row + cell.row_span - 1, cell.col + cell.col_span - 1))
        target.text = cell.text
        for run in target.paragraphs[0].runs:
            run.font.size = Pt(8)
    for text in _lines(layout, ("sign",)):
        document.add_paragraph(text)
    document.save(str(path))


def build_office(folder: Path, form_id: str = OFFICE_FORM_ID) -> tuple[Path, Path, Form]:
    """form.xlsx and form.docx in `folder`, and the truth of the form they hold."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = form_by_id(form_id)
    layout = layout_form(spec)
    if len(layout.pages) != 1:
        raise ValueError(f"{form_id} is printed over {len(layout.pages)} pages; an office sample takes one")
    xlsx, docx_path = folder / "form.xlsx", folder / "form.docx"
    write_xlsx(xlsx, layout)
    write_docx(docx_path, layout)
    source = Source(path=xlsx.name, sha256="0" * 64, page_count=1, media_type="application/zip")
    return xlsx, docx_path, build_document(spec, layout, source).forms[0]
