"""Stored page images (service/storage/pages.py, service/batch/render.py): JPEG now, and the PNG
pages of a data directory written before still found and read."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from service import review
from service.batch.render import encode_array, encode_page
from service.batch.scan import ScanOptions, run_scan
from service.batch.work import ExtractorSpec
from service.export.html_export import _thumbnail
from service.storage import PageImageRef, Store, save_result, upsert_document
from service.storage.checkpoints import document_checkpoint
from service.storage.pages import PageStore
from tests.service.conftest import sample_document, write_scan

FAKE = "tests.service.fakes:fake_extract"
JPEG_MAGIC = b"\xff\xd8\xff"


def _page(seed: int = 0) -> np.ndarray:
    """A white page with dark rules and a red mark: what a prepared form page looks like."""
    pixels = np.full((220, 160, 3), 255, np.uint8)
    pixels[20 + seed :: 40, :] = 30
    pixels[:, 10::50] = 30
    pixels[100:120, 60:90] = (200, 30, 30)
    return pixels


def test_a_page_is_encoded_as_jpeg_deterministically_and_close_to_its_pixels() -> None:
    page = _page()
    first = encode_array(3, page)
    again = encode_array(3, page.copy())
    assert first.encoded.startswith(JPEG_MAGIC) and first.encoded == again.encoded
    assert (first.index, first.width, first.height) == (3, 160, 220)
    decoded = np.asarray(Image.open(io.BytesIO(first.encoded)).convert("RGB")).astype(int)
    assert decoded.shape == page.shape
    assert np.abs(decoded - page).mean() < 3  # lossy, but a page looks the same
    assert encode_array(3, _page(seed=1)).encoded != first.encoded
    gray = Image.fromarray(page[:, :, 0])
    assert encode_page(gray).startswith(JPEG_MAGIC)
    assert encode_page(Image.fromarray(page).convert("RGBA")).startswith(JPEG_MAGIC)  # alpha dropped


def test_a_black_and_white_page_is_a_lossless_png_and_a_checkpoint_keeps_it(tmp_path: Path) -> None:
    fax = np.full((220, 160, 3), 255, np.uint8)
    fax[20::40, :] = 0
    fax[100:104, 60:90] = 0
    encoded = encode_array(0, fax).encoded
    assert encoded.startswith(b"\x89PNG") and encoded == encode_array(0, fax.copy()).encoded
    assert (np.asarray(Image.open(io.BytesIO(encoded)).convert("RGB")) == fax).all()
    assert len(encoded) < len(encode_page(Image.fromarray(np.where(fax == 0, 1, 254).astype(np.uint8))))
    fax[0, 0] = (0, 0, 255)  # one coloured pixel: a photo's page, JPEG again
    assert encode_array(0, fax).encoded.startswith(JPEG_MAGIC)
    checkpoint = document_checkpoint(tmp_path, "b" * 64, "v1")
    checkpoint.begin(2)
    first = checkpoint.put_image(0, _jpeg_bytes())
    assert checkpoint.put_image(0, encoded).name == "00000.png" and not first.exists()  # one per page
    assert [(i, p.name, size) for i, p, size in checkpoint.images()] == [(0, "00000.png", (160, 220))]


def _jpeg_bytes() -> bytes:
    return encode_page(Image.fromarray(_page()))


def test_the_store_names_a_page_by_its_format(tmp_path: Path) -> None:
    pages = PageStore(tmp_path / "pages")
    jpeg = encode_page(Image.fromarray(_page()))
    sha = pages.put(jpeg)
    assert pages.path(sha) == tmp_path / "pages" / sha[:2] / f"{sha}.jpg"
    assert pages.exists(sha) and pages.get(sha) == jpeg and pages.put(jpeg) == sha
    buffer = io.BytesIO()
    Image.fromarray(_page()).save(buffer, format="PNG")
    png_sha = pages.put(buffer.getvalue())
    assert pages.path(png_sha).suffix == ".png" and pages.get(png_sha) == buffer.getvalue()
    with pytest.raises(ValueError, match="JPEG or PNG"):
        pages.put(b"GIF89a not a page")
    assert not pages.exists("f" * 64) and pages.path("f" * 64).suffix == ".jpg"


def test_a_scan_stores_jpeg_page_files(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "scans"
    write_scan(root / "a.png", 1)
    run_scan(sqlite_store, ScanOptions(root=root, executor="inline", extractor=ExtractorSpec(target=FAKE)))
    files = [p for p in (tmp_path / "data" / "pages").rglob("*") if p.is_file()]
    assert files and all(p.suffix == ".jpg" and p.read_bytes().startswith(JPEG_MAGIC) for p in files)


def test_a_png_page_of_an_older_store_is_found_and_read(sqlite_store: Store) -> None:
    """A data directory written when pages were PNG: its rows name the PNG's SHA-256, its files end .png."""
    document = sample_document(5, "/scans/old.png")
    info = document.pages[0]
    buffer = io.BytesIO()
    Image.new("RGB", (info.width, info.height), "white").save(buffer, format="PNG", compress_level=1)
    sha = sqlite_store.pages.put(buffer.getvalue())
    old = sqlite_store.pages.root / sha[:2] / f"{sha}.png"
    assert old.is_file()
    with sqlite_store.transaction() as session:
        row, _ = upsert_document(
            session,
            sha256=document.source.sha256,
            path="/scans/old.png",
            media_type="image/png",
            size_bytes=1,
        )
        save_result(
            session,
            row.id,
            document,
            [PageImageRef(index=0, sha256=sha, width=info.width, height=info.height)],
        )
    reopened = Store.open(data_dir=sqlite_store.config.data_dir)  # a later release opening the old directory
    try:
        (entry,) = review.queue(reopened, review.QueueFilters())
        (page,) = review.open_form(reopened, entry.form.id).pages
        assert page.path == old
        with Image.open(page.path) as shown:
            assert shown.format == "PNG" and shown.size == (info.width, info.height)
        assert reopened.pages.exists(sha) and reopened.pages.get(sha) == buffer.getvalue()
        assert (_thumbnail(reopened.pages, sha) or "").startswith("data:image/jpeg;base64,")
    finally:
        reopened.close()
