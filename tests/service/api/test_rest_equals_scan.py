"""`formtally scan` and the REST workers share one extraction runner: the same file gives the same
result (timings aside) and byte-identical page images, the pipeline's own prepared pages."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from bench.paths import REPO_ROOT as REPO
from service.batch.scan import ScanOptions, run_scan
from service.batch.work import DEFAULT_EXTRACTOR, ExtractorSpec
from service.storage import Store
from service.storage.documents import current_result, document_record, page_images
from tests.service.api.conftest import ApiFactory, png_bytes

LOADER = "tests.service.api.fakes:load_extract"
PHOTO = REPO / "sample_scans" / "anhui_town_2022_dlmh" / "photo.jpg"  # warped: prepared ≠ original


def _stored(store: Store, document_id: int) -> tuple[dict[str, Any], list[str]]:
    """(the result without its timings, the SHA-256 of each stored page image)."""
    with store.reader() as session:
        payload = document_record(session, document_id).model_dump(mode="json")
        result = current_result(session, document_id)
        assert result is not None
        shas = [p.sha256 for p in page_images(session, result.id)]
    payload["engine"].pop("elapsed_s")
    hashes = [hashlib.sha256(store.pages.get(sha)).hexdigest() for sha in shas]
    assert hashes == shas  # content-addressed
    return payload, shas


def _compare(api_factory: ApiFactory, tmp_path: Path, name: str, data: bytes, target: str) -> None:
    root = tmp_path / "scans"
    root.mkdir()
    (root / name).write_bytes(data)
    scanned = Store.open(data_dir=tmp_path / "scan-data")
    try:
        spec = ExtractorSpec(target=target, render_pages=True)
        report = run_scan(scanned, ScanOptions(root=root, executor="inline", extractor=spec))
        assert report.done == 1, report
        by_scan = _stored(scanned, 1)
    finally:
        scanned.close()
    api = api_factory(extractor=target, render_pages=True)
    doc = api.upload((name, data)).json()["documents"][0]
    assert api.wait(doc["id"], timeout=300)["status"] == "done"
    by_rest = _stored(api.store, doc["id"])
    assert by_rest[0] == by_scan[0]
    assert by_rest[1] == by_scan[1] and by_rest[1]


def test_rest_and_scan_store_the_same_result_and_pages(api_factory: ApiFactory, tmp_path: Path) -> None:
    _compare(api_factory, tmp_path, "a.png", png_bytes(7), LOADER)


@pytest.mark.ocr
@pytest.mark.skipif(not PHOTO.is_file(), reason="sample_scans not generated")
def test_rest_and_scan_agree_through_the_real_pipeline(api_factory: ApiFactory, tmp_path: Path) -> None:
    _compare(api_factory, tmp_path, "photo.jpg", PHOTO.read_bytes(), DEFAULT_EXTRACTOR)
