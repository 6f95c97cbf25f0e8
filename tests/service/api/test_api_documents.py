"""Upload, poll, result contract and exports through the REST API (fake extraction)."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from models.record import Document
from service.storage.schema import DocumentRow, JobRow, ResultRow
from tests.service.api.conftest import Api, png_bytes


def test_upload_returns_queued_ids_then_the_result_contract(api: Api) -> None:
    response = api.upload(("a.png", png_bytes(1)), ("b.png", png_bytes(2)))
    assert response.status_code == 202, response.text
    docs = response.json()["documents"]
    assert [d["status"] for d in docs] == ["queued", "queued"]
    assert [d["name"] for d in docs] == ["a.png", "b.png"]
    assert all(d["media_type"] == "image/png" and d["page_count"] == 1 for d in docs)
    for doc in docs:
        body = api.wait(doc["id"])
        assert body["status"] == "done", body
        document = Document.model_validate(body["result"])  # the contract, validated
        assert document.source.sha256 == doc["sha256"]
        assert len(body["forms"]) == len(document.forms) == 1
        assert body["forms"][0]["version"] == 0


def test_same_bytes_twice_is_one_document_extracted_once(api: Api) -> None:
    data = png_bytes(7)
    first = api.upload(("one.png", data)).json()["documents"][0]
    api.wait(first["id"])
    again = api.upload(("renamed.png", data)).json()["documents"][0]
    assert again["id"] == first["id"] and again["duplicate"] is True and again["status"] == "done"
    with api.store.reader() as s:
        assert len(s.scalars(select(ResultRow)).all()) == 1
        assert len(s.scalars(select(JobRow)).all()) == 1


def test_uploaded_bytes_are_stored_content_addressed(api: Api) -> None:
    data = png_bytes(3)
    doc = api.upload(("../../etc/passwd.png", data)).json()["documents"][0]
    assert doc["name"] == "passwd.png"
    data_dir = api.store.config.data_dir
    assert (data_dir / "uploads" / doc["sha256"][:2] / doc["sha256"]).read_bytes() == data
    assert not list(data_dir.rglob("passwd*"))  # the client's name is no path anywhere
    with api.store.reader() as s:
        assert s.scalars(select(DocumentRow.path)).one() == "upload:passwd.png"


def test_unknown_document_and_export_before_done(api_factory) -> None:
    api = api_factory(workers=0)  # nothing runs: the document stays queued
    headers = api.as_("uploader")
    missing = api.client.get("/v1/documents/999", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    doc = api.upload(("a.png", png_bytes(4))).json()["documents"][0]
    pending = api.client.get(f"/v1/documents/{doc['id']}/export?format=json", headers=headers)
    assert pending.status_code == 409 and pending.json()["error"]["code"] == "not_ready"
    body = api.client.get(f"/v1/documents/{doc['id']}", headers=headers).json()
    assert body["status"] == "queued" and body["result"] is None


def test_exports_in_every_format(api_factory) -> None:
    api = api_factory(render_pages=True)
    doc = api.upload(("a.png", png_bytes(5))).json()["documents"][0]
    assert api.wait(doc["id"])["status"] == "done"
    url, headers = f"/v1/documents/{doc['id']}/export", api.as_("uploader")

    as_json = api.client.get(url, params={"format": "json"}, headers=headers)
    assert as_json.status_code == 200
    assert Document.model_validate_json(as_json.content).source.sha256 == doc["sha256"]

    as_csv = api.client.get(url, params={"format": "csv", "table": "indicators"}, headers=headers)
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[0]["document_id"] == str(doc["id"])

    as_xlsx = api.client.get(url, params={"format": "xlsx"}, headers=headers)
    assert as_xlsx.headers["content-disposition"] == f'attachment; filename="document-{doc["id"]}-f0.xlsx"'
    workbook = load_workbook(io.BytesIO(as_xlsx.content))
    assert workbook.sheetnames[:2] == ["自评表", "问题"]
    assert workbook["自评表"].merged_cells.ranges  # merged cells as printed

    as_html = api.client.get(url, params={"format": "html"}, headers=headers)
    assert as_html.status_code == 200 and "<svg" in as_html.text and "data:image/" in as_html.text

    bad = api.client.get(url, params={"format": "pdf"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    no_form = api.client.get(url, params={"format": "xlsx", "form": "f9"}, headers=headers)
    assert no_form.status_code == 404


def test_findings_filter_by_rule_and_status(api: Api) -> None:
    ids = [api.upload((f"{i}.png", png_bytes(10 + i))).json()["documents"][0]["id"] for i in range(6)]
    for i in ids:
        assert api.wait(i)["status"] == "done"
    headers = api.as_("reviewer")
    everything = api.client.get("/v1/findings", headers=headers).json()
    assert everything["total"] == len(everything["items"]) > 0
    rules = {f["rule"] for f in everything["items"]}
    for rule in rules:
        only = api.client.get("/v1/findings", params={"rule": rule}, headers=headers).json()
        assert only["total"] > 0 and {f["rule"] for f in only["items"]} == {rule}
    status = everything["items"][0]["review_status"]
    by_status = api.client.get("/v1/findings", params={"status": status}, headers=headers).json()
    assert by_status["total"] > 0 and {f["review_status"] for f in by_status["items"]} == {status}
    paged = api.client.get("/v1/findings", params={"limit": 1, "offset": 1}, headers=headers).json()
    assert paged["items"] == everything["items"][1:2]
    bad = api.client.get("/v1/findings", params={"status": "nonsense"}, headers=headers)
    assert bad.status_code == 422
