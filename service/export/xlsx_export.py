"""Excel export: one workbook per form that mirrors the paper form.

Sheet 自评表: the detected table grid with merged cells as printed, corrected values, fills by
confidence, findings as cell comments. Sheet 问题: every finding with its cell reference (linked).
Sheet 字段: every field of the record with its path, text, value and confidence.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from models.paths import iter_fields
from models.record import Field, Form, Table
from service.export.files import atomic_write, document_stem, safe_cell
from service.export.numbers import numeric_value
from service.export.select import ExportDocument, ExportForm

FORM_SHEET, FINDINGS_SHEET, FIELDS_SHEET = "自评表", "问题", "字段"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FINDING_BORDER = Border(*(Side(style="medium", color="C00000"),) * 4)
WRAP = Alignment(wrap_text=True, vertical="center")
# (lower bound, fill): the first band the confidence reaches
CONFIDENCE_FILLS = (
    (0.9, PatternFill("solid", fgColor="E2EFDA")),  # green: sure
    (0.7, PatternFill("solid", fgColor="FFF2CC")),  # yellow: check
    (0.0, PatternFill("solid", fgColor="F8CBAD")),  # red: likely misread
)
SHEET_WIDTH_CHARS = 110  # the whole table spans about this many character widths


def confidence_fill(confidence: float) -> PatternFill:
    return next(fill for bound, fill in CONFIDENCE_FILLS if confidence >= bound)


def _corrections(form: Form) -> dict[str, tuple[str, Field]]:
    """cell id → (path, field) of the field read from exactly that cell, as corrected."""
    by_cell: dict[str, tuple[str, Field]] = {}
    for path, field in iter_fields(form):
        if len(field.cells) == 1:
            by_cell[field.cells[0]] = (path, field)
    return by_cell


def _cell_value(path: str | None, field: Field) -> tuple[object, str | None]:
    """What a sheet cell holds: the number with its format when the field parsed as one, else the
    text with formulas neutralised (safe_cell)."""
    number = numeric_value(path, field) if path is not None else None
    if number is not None:
        return number
    return safe_cell(field.text), None


def _write_table(ws: Worksheet, table: Table, top: int, form: Form, refs: dict[str, str]) -> int:
    """Lay `table` out from sheet row `top`; returns the first free row below it."""
    corrected = _corrections(form)
    flagged: dict[str, list[str]] = {}
    for finding in form.findings:
        for cell_id in finding.cells:
            flagged.setdefault(cell_id, []).append(f"{finding.rule}: {finding.message}")
    width = max(1, table.bbox[2] - table.bbox[0])
    for cell in table.cells:
        if cell.col_span == 1:
            chars = max(4.0, (cell.bbox[2] - cell.bbox[0]) / width * SHEET_WIDTH_CHARS)
            ws.column_dimensions[get_column_letter(cell.col + 1)].width = round(chars, 1)
        if cell.row_span == 1:
            ws.row_dimensions[top + cell.row].height = max(18, min(90, (cell.bbox[3] - cell.bbox[1]) * 0.25))
    taken: set[tuple[int, int]] = set()
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        row, col = top + cell.row, cell.col + 1
        slots = {(r, c) for r in range(row, row + cell.row_span) for c in range(col, col + cell.col_span)}
        if slots & taken:  # a grid with overlapping cells: keep the first, never write a broken merge
            continue
        taken |= slots
        path, field = corrected.get(cell.id, (None, Field(text=cell.text, confidence=cell.confidence)))
        value, fmt = _cell_value(path, field)
        target = ws.cell(row=row, column=col, value=value)
        if fmt is not None:
            target.number_format = fmt
        refs[cell.id] = target.coordinate
        if len(slots) > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.row_span - 1,
                end_column=col + cell.col_span - 1,
            )
            for r in range(row, row + cell.row_span):
                for c in range(col, col + cell.col_span):
                    ws.cell(row=r, column=c).border = BORDER  # merged areas need the border on every slot
        target.alignment, target.border = WRAP, BORDER
        target.fill = confidence_fill(field.confidence)
        if cell.id in flagged:
            target.border = FINDING_BORDER
            target.comment = Comment("\n".join(flagged[cell.id]), "formtally")
    return top + table.n_rows + 1


def _write_heading(ws: Worksheet, form: Form, n_cols: int) -> int:
    """Title and year printed above the grid (those not read from a grid cell); next free row."""
    row = 1
    for field, size in ((form.fields.form_title, 16), (form.fields.fiscal_year, 11)):
        if field is None or field.cells:
            continue
        cell = ws.cell(row=row, column=1, value=safe_cell(field.text))
        cell.font, cell.alignment = Font(bold=size > 11, size=size), Alignment(horizontal="center")
        cell.fill = confidence_fill(field.confidence)
        if n_cols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
        row += 1
    return row


def _append(ws: Worksheet, values: list[object]) -> None:
    """A row of data: text that would be a formula is quoted (see safe_cell)."""
    ws.append([safe_cell(v) for v in values])


def _write_findings(ws: Worksheet, form: Form, refs: dict[str, str]) -> None:
    ws.append(["规则", "严重程度", "说明", "单元格", "Excel 引用", "记录路径", "应为", "表中为"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for finding in form.findings:
        dumped = finding.model_dump(mode="json")
        coordinates = [refs[c] for c in finding.cells if c in refs]
        _append(ws, [
            finding.rule,
            finding.severity,
            finding.message,
            ", ".join(finding.cells),
            ", ".join(f"{FORM_SHEET}!{c}" for c in coordinates),
            ", ".join(finding.paths),
            json.dumps(dumped["expected"], ensure_ascii=False),
            json.dumps(dumped["found"], ensure_ascii=False),
        ])  # fmt: skip
        if coordinates:
            link = ws.cell(row=ws.max_row, column=5)
            link.hyperlink = f"#'{FORM_SHEET}'!{coordinates[0]}"
            link.font = Font(color="0563C1", underline="single")
    for letter, width in zip("ABCDEFGH", (8, 10, 60, 24, 18, 28, 14, 14), strict=True):
        ws.column_dimensions[letter].width = width


def _write_fields(ws: Worksheet, form: Form) -> None:
    ws.append(["记录路径", "文字", "值", "置信度", "单元格"])
    for path, field in iter_fields(form):
        value = field.model_dump(mode="json")["value"]
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        row = [path, field.text, shown, round(field.confidence, 3), ", ".join(field.cells)]
        _append(ws, row)
        ws.cell(row=ws.max_row, column=4).fill = confidence_fill(field.confidence)
        ws.cell(row=ws.max_row, column=4).number_format = "0.0%"
        if (number := numeric_value(path, field)) is not None:
            ws.cell(row=ws.max_row, column=3).number_format = number[1]
    for letter, width in zip("ABCDE", (30, 40, 30, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width


def form_workbook(doc: ExportDocument, form: ExportForm) -> bytes:
    record = form.record
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    refs: dict[str, str] = {}
    tables = [t for t in doc.document.tables if not record.pages or t.page in record.pages]
    top = _write_heading(sheet, record, max((t.n_cols for t in tables), default=1))
    for table in tables:
        top = _write_table(sheet, table, top, record, refs)
    if not tables:
        sheet.append(["(no table grid was detected; see the 字段 sheet)"])
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # print: one page wide, like the form
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _write_findings(wb.create_sheet(FINDINGS_SHEET), record, refs)
    _write_fields(wb.create_sheet(FIELDS_SHEET), record)
    wb.properties.title = record.fields.project_name.text if record.fields.project_name else doc.name
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_xlsx(documents: Iterable[ExportDocument], out: Path) -> list[Path]:
    """One workbook per form in the directory `out`, or the file `out` (.xlsx) for a single form."""
    jobs = [(doc, form) for doc in documents for form in doc.forms]
    if out.suffix.lower() == ".xlsx":
        if len(jobs) != 1:
            raise ValueError(f"{out}: a .xlsx path takes exactly one form, the selection has {len(jobs)}")
        atomic_write(out, form_workbook(*jobs[0]))
        return [out]
    written = []
    for doc, form in jobs:
        target = out / f"{document_stem(doc)}-{form.summary.form_key}.xlsx"
        atomic_write(target, form_workbook(doc, form))
        written.append(target)
    return written
