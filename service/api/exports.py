"""GET /v1/documents/{id}/export: one document through the exporters of service.export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi.responses import Response

from service.api.errors import ApiError
from service.export.csv_export import export_csv
from service.export.html_export import export_html
from service.export.select import ExportDocument, ExportForm, select_documents
from service.export.xlsx_export import form_workbook
from service.storage import NotFound, Store, get_document
from service.storage.forms import form_row

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


def _pick_form(store: Store, doc: ExportDocument, wanted: str | None) -> ExportForm:
    """The form `?form=` names: its key in the result (f0, f1 …) or its form id (digits; the two
    never look alike). A form id of another document is refused, never swapped for this one's."""
    document_id = doc.info.id
    if wanted is None and doc.forms:
        return doc.forms[0]
    for form in doc.forms:
        if wanted in (form.summary.form_key, str(form.summary.id)):
            return form
    keys = ", ".join(f"{f.summary.form_key} (id {f.summary.id})" for f in doc.forms) or "none"
    message = (
        f"document {document_id} has no form {wanted!r}: give the key or the form id of one of its "
        f"forms: {keys}"
        if wanted is not None
        else f"document {document_id} has no forms"
    )
    if wanted is not None and wanted.isdigit() and int(wanted) <= 2**62:
        try:
            with store.reader() as session:
                other = form_row(session, int(wanted)).document_id
        except NotFound:
            other = None
        if other is not None:
            message = f"form {wanted} belongs to document {other}, not document {document_id}"
            raise ApiError(404, "not_found", message, document_id=other)
    raise ApiError(404, "not_found", message)


def render_export(
    store: Store, document_id: int, format: ExportFormat, form_key: str | None, table: CsvTable
) -> Response:
    doc = _selected(store, document_id)
    stem = f"document-{document_id}"  # never the client's file name: it goes into a header
    if format == "json":
        body = doc.document.model_dump_json(indent=2).encode("utf-8")
        name = f"{stem}.json"
    elif format == "xlsx":
        form = _pick_form(store, doc, form_key)
        body, name = form_workbook(doc, form), f"{stem}-{form.summary.form_key}.xlsx"
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
