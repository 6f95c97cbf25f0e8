"""Running an export: select, then hand the documents to the format's writer."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Literal

from models.record import Document
from service.export.csv_export import export_csv
from service.export.html_export import export_html
from service.export.json_export import export_json
from service.export.select import named_selection, parse_query, select_documents
from service.export.xlsx_export import export_xlsx
from service.storage import FormQuery, Store, save_result, upsert_document


def _folder_prefix(folder: str) -> str:
    """Paths are stored absolute: an existing folder is matched as `<absolute path>/`."""
    path = Path(folder)
    return str(path.absolute()) + os.sep if path.is_dir() else folder


def run_export(
    store: Store,
    format: Literal["json", "csv", "xlsx", "html"],
    out: Path,
    *,
    document_id: int | None = None,
    form_id: int | None = None,
    folder: str | None = None,
    query: str | None = None,
) -> list[Path]:
    """Export the stored results selected by one of `document_id`, `form_id` (that form alone),
    `folder` or `query` (all done documents when none is given)."""
    with store.reader() as session:
        if document_id is not None or form_id is not None:
            named_selection(session, document_id=document_id, form_id=form_id)  # raises for a wrong id
        form_query = parse_query(query) if query is not None else None
        if form_id is not None:
            form_query = FormQuery(form_id=form_id)
        documents = select_documents(
            session,
            document_id=document_id,
            folder=_folder_prefix(folder) if folder is not None else None,
            query=form_query,
        )
        if format == "json":
            return export_json(documents, out)
        if format == "csv":
            return export_csv(documents, out)
        if format == "xlsx":
            return export_xlsx(documents, out)
        return export_html(documents, out, store.pages)


def export_result_file(record: Path, format: Literal["json", "csv", "xlsx", "html"], out: Path) -> list[Path]:
    """Export a result JSON file (the output.md contract) without a data directory: the document is
    stored in a throwaway store and exported by the same writers as stored results, so a file and
    a stored result give the same workbook. The HTML report has no page images to draw on."""
    data = record.read_bytes()
    document = Document.model_validate_json(data)
    with tempfile.TemporaryDirectory(prefix="formtally-export-") as scratch:
        store = Store.open(data_dir=scratch)
        try:
            with store.transaction() as session:
                row, _ = upsert_document(
                    session,
                    sha256=hashlib.sha256(data).hexdigest(),
                    path=document.source.path,
                    media_type="application/json",
                    size_bytes=len(data),
                )
                save_result(session, row.id, document, [])
                document_id = row.id
            return run_export(store, format, out, document_id=document_id)
        finally:
            store.close()
