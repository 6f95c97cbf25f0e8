"""Bad input: each file gets the right error (4xx at upload where the header tells, else a failed
job with its reason) and nothing else breaks."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from extraction.load import LoadLimits
from service.storage.schema import DocumentRow
from tests.service.api import inputs
from tests.service.api.conftest import Api, png_bytes

REFUSED = [
    ("empty.png", b"", 400, "empty_file"),
    ("notes.jpg", b"this is a text file, not a JPEG\n", 415, "unsupported_media_type"),
    ("zip.pdf", b"PK\x03\x04" + b"\x00" * 100, 415, "unsupported_media_type"),
    ("bomb.png", inputs.bomb_png(), 422, "too_many_pixels"),
    ("wide.png", inputs.bomb_png(20_000, 5_000), 422, "too_many_pixels"),  # 100 MP: over our 80 MP
    ("pages1001.pdf", inputs.pages_pdf(1001), 422, "too_many_pages"),
    ("locked.pdf", inputs.encrypted_pdf(), 422, "encrypted_pdf"),
    ("junk.pdf", b"%PDF-1.7\nnot really a PDF\n", 422, "corrupt_file"),
    ("cut.pdf", inputs.pages_pdf(3)[:150], 422, "corrupt_file"),
    ("header.png", b"\x89PNG\r\n\x1a\n\x00\x00", 422, "corrupt_file"),
    ("frames.tif", inputs.tiff_frame_without_size(), 422, "corrupt_file"),
    # within every per-page limit, but 4 GP in all: refused from the page dictionaries, nothing rendered
    ("bomb.pdf", inputs.pages_pdf(200, size=(2145, 2145)), 422, "too_many_pixels"),
    ("tall.png", inputs.tall_png(), 422, "bad_page_shape"),
    ("blank.pdf", inputs.pages_pdf(0), 422, "corrupt_file"),
]


def _alive(api: Api) -> None:
    """The service still works: health is ok and a good scan goes through."""
    assert api.client.get("/v1/health").json()["status"] == "ok"
    good = api.upload(("good.png", png_bytes(99))).json()["documents"][0]
    assert api.wait(good["id"])["status"] == "done"


@pytest.mark.parametrize(("name", "data", "status", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_at_upload(api: Api, name: str, data: bytes, status: int, code: str) -> None:
    response = api.upload((name, data))
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"].startswith(f"{name}: ")
    assert error["details"] == {"file": name, "index": 0}
    # no server path, temporary file or Python object in what the client sees
    for leak in (str(api.store.config.data_dir), ".part", "object at 0x", "/tmp"):
        assert leak not in response.text
    with api.store.reader() as s:
        assert s.scalars(select(DocumentRow)).all() == []  # nothing stored for a refused request
    assert not list((api.store.config.data_dir / "uploads").rglob("*.part"))


def test_a_refused_file_refuses_its_whole_request(api: Api) -> None:
    response = api.upload(("good.png", png_bytes(1)), ("bad.png", inputs.bomb_png()))
    assert response.status_code == 422 and response.json()["error"]["details"]["index"] == 1
    with api.store.reader() as s:
        assert s.scalars(select(DocumentRow)).all() == []
    _alive(api)


def test_damage_found_only_when_decoding_fails_the_job_with_its_reason(api: Api) -> None:
    doc = api.upload(("cut.png", inputs.truncated_png())).json()["documents"][0]
    assert doc["status"] == "queued"
    body = api.wait(doc["id"])
    assert body["status"] == "failed" and body["result"] is None
    assert body["error"].startswith("LoadError: cut.png: truncated image"), body["error"]
    export = api.client.get(f"/v1/documents/{doc['id']}/export", headers=api.as_("uploader"))
    assert export.status_code == 409
    _alive(api)


@pytest.mark.parametrize(
    ("name", "data"), [("1bit.tif", inputs.tiff("1")), ("16bit.tiff", inputs.tiff("I;16"))]
)
def test_odd_bit_depth_tiffs_are_extracted(api: Api, name: str, data: bytes) -> None:
    doc = api.upload((name, data)).json()["documents"][0]
    assert doc["media_type"] == "image/tiff"
    assert api.wait(doc["id"])["status"] == "done"


def test_wrong_extension_is_read_by_its_bytes(api: Api) -> None:
    doc = api.upload(("scan.pdf", png_bytes(2))).json()["documents"][0]
    assert doc["media_type"] == "image/png"
    assert api.wait(doc["id"])["status"] == "done"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("..", "upload"),
        ("项目支出绩效自评表（2022）.png", "项目支出绩效自评表（2022）.png"),
        ("ünïcødé\u202e.png", "ünïcødé.png"),  # right-to-left override dropped
    ],
)
def test_file_names_are_labels_never_paths(api: Api, sent: str, shown: str) -> None:
    data = png_bytes(len(sent))
    doc = api.upload((sent, data)).json()["documents"][0]
    assert doc["name"] == shown
    body = api.wait(doc["id"])
    assert body["status"] == "done" and body["name"] == shown
    assert body["result"]["source"]["path"] == shown  # the upload's name, not the blob's path
    stored = sorted(p.name for p in (api.store.config.data_dir / "uploads").rglob("*") if p.is_file())
    assert stored == [doc["sha256"]]


def test_size_and_count_limits(api_factory) -> None:
    api = api_factory(
        limits=LoadLimits(max_file_bytes=20_000), max_request_bytes=200_000, max_files_per_request=3
    )
    big = api.upload(("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30_000))
    assert big.status_code == 413 and big.json()["error"]["code"] == "file_too_large"
    huge = api.upload(("huge.png", b"\x00" * 300_000))
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "request_too_large"
    chunks = (b"\x00" * 50_000 for _ in range(6))  # no Content-Length: counted while it streams in
    streamed = api.client.post(
        "/v1/documents",
        content=chunks,
        headers={**api.as_("uploader"), "Content-Type": "multipart/form-data; boundary=x"},
    )
    assert streamed.status_code == 413 and streamed.json()["error"]["code"] == "request_too_large"
    many = api.upload(*[(f"{i}.png", png_bytes(i)) for i in range(4)])
    assert many.status_code == 413 and many.json()["error"]["code"] == "too_many_files"
    none = api.client.post("/v1/documents", headers=api.as_("uploader"))
    assert none.status_code == 422
    _alive(api)


def test_worker_process_death_retries_then_fails_only_that_document(api_factory) -> None:
    from tests.service.api.fakes import DYING

    api = api_factory(executor="process", extractor=DYING, max_attempts=2)
    narrow = io.BytesIO()
    Image.new("L", (13, 40), 255).save(narrow, format="PNG")
    dying = api.upload(("dies.png", narrow.getvalue())).json()["documents"][0]
    fine = api.upload(("fine.png", png_bytes(2))).json()["documents"][0]
    body = api.wait(dying["id"], timeout=60)
    assert body["status"] == "failed" and body["error"].startswith("WorkerDied"), body
    assert api.wait(fine["id"], timeout=60)["status"] == "done"
    with api.store.reader() as s:
        row = s.get(DocumentRow, dying["id"])
        assert row is not None and row.attempts == 2


def test_a_huge_version_is_refused_not_a_server_error(api: Api) -> None:
    doc = api.upload(("a.png", png_bytes(5))).json()["documents"][0]
    form_id = api.wait(doc["id"])["forms"][0]["id"]
    body = {"version": 2**70, "corrections": [{"path": "fields.impl_unit", "text": "x"}]}
    response = api.client.patch(f"/v1/forms/{form_id}/fields", json=body, headers=api.as_("reviewer"))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"
    _alive(api)


def test_uploads_are_private_files(api: Api) -> None:
    import stat

    doc = api.upload(("a.png", png_bytes(6))).json()["documents"][0]
    assert api.wait(doc["id"])["status"] == "done"
    uploads = api.store.config.data_dir / "uploads"
    entries = [uploads, *uploads.rglob("*")]
    assert any(p.is_file() for p in entries)
    for entry in entries:
        assert stat.S_IMODE(entry.stat().st_mode) == (0o700 if entry.is_dir() else 0o600), entry
