"""The sidecar folder of a document's finished pages (service/storage/checkpoints.py)."""

from __future__ import annotations

import stat
from pathlib import Path

from PIL import Image

from extraction.checkpoint import PageRecord
from models.record import PageInfo
from service.batch.render import encode_page
from service.storage.checkpoints import document_checkpoint


def _jpeg(width: int, height: int) -> bytes:
    return encode_page(Image.new("RGB", (width, height), (250, 248, 240)))  # paper, not pure white


def _record(index: int) -> PageRecord:
    return PageRecord(index=index, info=PageInfo(index=index, width=30, height=20))


def test_records_and_images_survive_a_new_run_of_the_same_engine(tmp_path: Path) -> None:
    first = document_checkpoint(tmp_path, "a" * 64, "v1")
    first.begin(3)
    assert first.put_image(0, _jpeg(30, 20)).name == "00000.jpg"
    first.save(_record(0))
    again = document_checkpoint(tmp_path, "a" * 64, "v1")
    again.begin(3)
    restored = again.restore(0)
    assert restored is not None and restored.info.width == 30
    assert again.restore(1) is None
    assert [(i, size) for i, _, size in again.images()] == [(0, (30, 20))]
    assert again.progress() == (1, 3)
    folder = tmp_path / ("a" * 64)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_another_engine_or_page_count_starts_afresh(tmp_path: Path) -> None:
    checkpoint = document_checkpoint(tmp_path, "b" * 64, "v1")
    checkpoint.begin(3)
    checkpoint.save(_record(0))
    newer = document_checkpoint(tmp_path, "b" * 64, "v2")
    newer.begin(3)
    assert newer.restore(0) is None and newer.progress() == (0, 3)
    newer.save(_record(0))
    other = document_checkpoint(tmp_path, "b" * 64, "v2")
    other.begin(4)
    assert other.restore(0) is None


def test_a_damaged_record_is_run_again_and_clear_removes_the_folder(tmp_path: Path) -> None:
    checkpoint = document_checkpoint(tmp_path, "c" * 64, "v1")
    checkpoint.begin(2)
    (checkpoint.folder / "00001.json").write_text("{not json", encoding="utf-8")
    assert checkpoint.restore(1) is None
    checkpoint.clear()
    assert not checkpoint.folder.exists() and checkpoint.progress() is None
