"""GET /v1/documents/{id}/export: one document through the exporters of service.export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi.responses import Response

from service.api.errors import ApiError
from service.export.csv_export import export_csv
from service.export.html_export import export_html
from service.export.select import ExportDocument, select_documents
from service.export.xlsx_export import form_workbook
from service.storage import Store, get_document

ExportFormat = Literal["json", "csv", "xlsx", "html"]
CsvTable = Literal["forms", "indicators", "findings"]
MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def _selected(store: Store, document_id: int) -> ExportDocument:
    with store.reader() as session:
        status = get_document(session, document_id).status
        if status != "done":
            raise ApiError(409, "not_ready", f"document {document_id} is {status}: nothing to export yet")
        found = list(select_documents(session, document_id=document_id))
    if not found:
        raise ApiError(409, "not_ready", f"document {document_id} has no result yet")
    return found[0]


def render_export(
    store: Store, document_id: int, format: ExportFormat, form_key: str | None, table: CsvTable
) -> Response:
    doc = _selected(store, document_id)
    stem = f"document-{document_id}"  # never the client's file name: it goes into a header
    if format == "json":
        body = doc.document.model_dump_json(indent=2).encode("utf-8")
        name = f"{stem}.json"
    elif format == "xlsx":
        forms = [f for f in doc.forms if form_key is None or f.summary.form_key == form_key]
        if not forms:
            raise ApiError(404, "not_found", f"document {document_id} has no form {form_key or ''}".strip())
        body, name = form_workbook(doc, forms[0]), f"{stem}-{forms[0].summary.form_key}.xlsx"
    else:
        # The exporters write files (atomically); a private temporary directory holds them.
        with tempfile.TemporaryDirectory(prefix="formtally-export-") as tmp:
            if format == "csv":
                written = export_csv([doc], Path(tmp))
                body = next(p for p in written if p.stem == table).read_bytes()
                name = f"{stem}-{table}.csv"
            else:
                body = export_html([doc], Path(tmp) / "report.html", store.pages)[0].read_bytes()
                name = f"{stem}.html"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=MEDIA_TYPES[format], headers=headers)
