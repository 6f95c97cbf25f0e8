"""An app on a temporary SQLite store with fake extraction in worker threads, and a token per role."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw

from service.api.app import create_app
from service.api.settings import ApiSettings
from service.storage import Store
from service.storage.tokens import create_token
from tests.service.api.fakes import FAKE

ROLES = ("admin", "reviewer", "uploader")


def png_bytes(seed: int = 0, size: tuple[int, int] = (240, 320), mode: str = "RGB") -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10 + seed % 40, 20, size[0] - 10, size[1] - 20), outline="black", width=2)
    draw.text((20, 30 + seed % 80), f"scan {seed}", fill="black")
    buffer = io.BytesIO()
    image.convert(mode).save(buffer, format="PNG")
    return buffer.getvalue()


def make_tokens(store: Store) -> dict[str, str]:
    tokens = {}
    with store.transaction() as session:
        for role in ROLES:
            secret, _ = create_token(session, f"test-{role}", role)  # type: ignore[arg-type]
            tokens[role] = secret
    return tokens


class Api:
    """A started app (TestClient) with helpers; `as_(role)` gives that role's headers."""

    def __init__(self, client: TestClient, store: Store, tokens: dict[str, str]) -> None:
        self.client, self.store, self.tokens = client, store, tokens

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def upload(self, *files: tuple[str, bytes], role: str = "uploader") -> Any:
        parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
        return self.client.post("/v1/documents", files=parts, headers=self.as_(role))

    def wait(self, document_id: int, timeout: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            body: dict[str, Any] = self.client.get(
                f"/v1/documents/{document_id}", headers=self.as_("uploader")
            ).json()
            if body["status"] in ("done", "failed") or time.monotonic() > deadline:
                return body
            time.sleep(0.05)


ApiFactory = Callable[..., Api]


@pytest.fixture
def api_factory(tmp_path: Path) -> Iterator[ApiFactory]:
    opened: list[tuple[TestClient, Store]] = []

    def make(**overrides: Any) -> Api:
        settings = ApiSettings(
            **{
                "data_dir": tmp_path / "data",
                "workers": 1,
                "executor": "thread",
                "extractor": FAKE,
                "render_pages": False,
                "poll_s": 0.02,
                **overrides,
            }
        )
        store = Store.open(data_dir=settings.data_dir, db_url=settings.db_url)
        client = TestClient(create_app(settings, store=store))
        client.__enter__()  # runs the lifespan: workers start
        opened.append((client, store))
        return Api(client, store, make_tokens(store))

    yield make
    for client, store in reversed(opened):
        client.__exit__(None, None, None)
        store.close()


@pytest.fixture
def api(api_factory: ApiFactory) -> Api:
    return api_factory()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ocr: runs the real OCR pipeline (slow; needs sample_scans/)")
