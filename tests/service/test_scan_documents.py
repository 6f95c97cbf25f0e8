"""`formtally scan` on a folder as finance offices send it: a born-digital report with forms among
other pages, a scanned form page, and the same form as .xlsx and .docx — one record per form, each
with its pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy import select

from models.record import Document, Form
from samplegen.report import build_report
from samplegen.report.office import build_office
from service.batch.scan import ScanOptions, run_scan
from service.storage import Store
from service.storage.schema import DocumentRow, FormRow


def _folder(root: Path, cache: Path) -> list[Form]:
    report = build_report(cache / "report", short=True)
    (root / "report.pdf").write_bytes((report / "digital.pdf").read_bytes())
    scanned = pdfium.PdfDocument.new()
    scanned.import_pages(pdfium.PdfDocument(report / "scanned.pdf"), [5])  # the report's last form
    scanned.save(root / "scan.pdf")
    xlsx, docx, _ = build_office(cache / "office")
    (root / "form.xlsx").write_bytes(xlsx.read_bytes())
    (root / "form.docx").write_bytes(docx.read_bytes())
    truth = Document.model_validate_json((report / "digital.truth.json").read_text(encoding="utf-8"))
    return truth.forms


def test_scan_gives_one_record_per_form_with_its_pages(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    root.mkdir()
    truth = _folder(root, tmp_path / "cache")
    report = run_scan(sqlite_store, ScanOptions(root=root, executor="inline"))
    assert report.failed == [] and report.done == 4
    with sqlite_store.reader() as session:
        names = {d.id: Path(d.path).name for d in session.scalars(select(DocumentRow))}
        forms: dict[str, list[list[int]]] = {}
        for row in session.scalars(select(FormRow).where(FormRow.current)):
            forms.setdefault(names[row.document_id], []).append(row.record["pages"])
    assert sorted(forms["report.pdf"]) == sorted(f.pages for f in truth)
    assert forms["scan.pdf"] == [[0]]
    assert forms["form.xlsx"] == [[0]] and forms["form.docx"] == [[0]]
