"""Office attachments (.xlsx, .docx; .xls/.doc through LibreOffice) read into the table model.

They bypass prepare, structure and OCR: their cells and merges are exact, so the pages go to the
mapper as they are (confidence 1.0).
"""

from __future__ import annotations

import io
import zipfile

from extraction.load.errors import Unreadable
from extraction.office.grid import OfficeTable, page_content
from extraction.office.legacy import convert
from extraction.types import PageContent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLS = "application/vnd.ms-excel"
DOC = "application/msword"
OFFICE_TYPES = frozenset({XLSX, DOCX, XLS, DOC})
ZIP_HEAD = b"PK\x03\x04"
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

__all__ = ["DOC", "DOCX", "OFFICE_TYPES", "XLS", "XLSX", "office_media_type", "read_office"]


def office_media_type(data: bytes) -> str | None:
    """XLSX/DOCX from the package's parts, XLS/DOC from the OLE streams' names; None otherwise."""
    if data.startswith(ZIP_HEAD):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
        return None
    if data.startswith(OLE_HEAD):
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return XLS
        if "WordDocument".encode("utf-16-le") in data:
            return DOC
    return None


def _tables(data: bytes, media_type: str) -> list[list[OfficeTable]]:
    """Tables per page: a sheet is a page; a Word document is one page."""
    if media_type == XLS:
        data, media_type = convert(data, "xls", "xlsx"), XLSX
    elif media_type == DOC:
        data, media_type = convert(data, "doc", "docx"), DOCX
    # python-docx and openpyxl load when an office file comes: 0.2 s of every scan's cold start otherwise
    if media_type == XLSX:
        from extraction.office.xlsx import read_xlsx

        return [[t] for t in read_xlsx(data)]
    if media_type == DOCX:
        from extraction.office.docx import read_docx

        tables = read_docx(data)
        return [tables] if tables else []
    raise Unreadable(f"not an office document ({media_type})", "unsupported_media_type")


def read_office(data: bytes, media_type: str) -> list[PageContent]:
    """Every page's tables and lines; Unreadable for a file without any table."""
    pages = [page_content(i, tables) for i, tables in enumerate(_tables(data, media_type))]
    if not pages:
        raise Unreadable("the office document holds no table", "corrupt_file")
    return pages
