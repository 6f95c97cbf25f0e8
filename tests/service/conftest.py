"""Fixtures for the service tests: stores on SQLite (always) and PostgreSQL (FORMTALLY_TEST_PG_URL),
folders of small scans, and deterministic documents."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import create_engine, text

from models.record import Document
from service.storage import Store
from tests.service.fakes import make_document

PG_URL = os.environ.get("FORMTALLY_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason="FORMTALLY_TEST_PG_URL not set (scripts/start_postgres.sh prints one)"
        ),
    ),
]


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "postgresql":
        assert PG_URL is not None
        reset_postgres(PG_URL)
        opened = Store.open(data_dir=tmp_path / "data", db_url=PG_URL)
    else:
        opened = Store.open(data_dir=tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(data_dir=tmp_path / "data")
    yield opened
    opened.close()


def write_scan(path: Path, seed: int, size: tuple[int, int] = (300, 400)) -> Path:
    """A small distinct 'scan' (a box and a line of text)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20 + seed % 50, 30, size[0] - 20, size[1] - 40), outline="black", width=2)
    draw.text((30, 40 + seed % 100), f"scan {seed}", fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def make_folder(root: Path, good: int = 5) -> dict[str, list[Path]]:
    """Good scans (some in a subfolder), a truncated PNG, a zero-byte file, a text file named .jpg,
    and a copy of a good scan under another name."""
    goods = [write_scan(root / ("sub" if i % 2 else "") / f"good{i}.png", i) for i in range(good)]
    data = goods[0].read_bytes()
    (root / "corrupt.png").write_bytes(data[: len(data) // 2])
    (root / "empty.png").write_bytes(b"")
    (root / "notes.jpg").write_text("this is a text file, not a JPEG\n")
    duplicate = root / "sub" / "deep" / "copy-of-good0.png"
    duplicate.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(goods[0], duplicate)
    (root / "readme.txt").write_text("ignored: not a scan suffix")
    return {
        "good": goods,
        "bad": [root / "corrupt.png", root / "empty.png", root / "notes.jpg"],
        "duplicate": [duplicate],
    }


def sample_document(seed: int = 0, path: str = "/scans/a.png") -> Document:
    sha = hashlib.sha256(f"doc-{seed}".encode()).hexdigest()
    return make_document(path, sha, "image/png", [(1000, 1400)])


def part_ids(store: Store) -> dict[str, int]:
    """Documents and forms whose ids differ, so a mixed-up id is seen: documents 1-3 queued (no
    forms), document 4 with form 1, document 5 with form 2. `reextract` then moves the other way."""
    from service.storage import save_result, upsert_document

    with store.transaction() as session:
        for i in range(3):
            upsert_document(
                session,
                sha256=f"{i:064x}",
                path=f"/scans/queued{i}.png",
                media_type="image/png",
                size_bytes=1,
            )
        for seed in (0, 3):  # 3: a form with findings
            document = sample_document(seed, f"/scans/s{seed}.png")
            row, _ = upsert_document(
                session,
                sha256=document.source.sha256,
                path=document.source.path,
                media_type="image/png",
                size_bytes=1,
            )
            save_result(session, row.id, document, [])
    return {"queued": 1, "doc_a": 4, "form_a": 1, "doc_b": 5, "form_b": 2}


def reextract(store: Store, document_id: int, times: int) -> None:
    """Store `times` new results of the document: each gets a new form id, the old ones stay as history."""
    from service.storage import save_result

    with store.transaction() as session:
        for _ in range(times):
            save_result(session, document_id, sample_document(0, "/scans/s0.png"), [])
