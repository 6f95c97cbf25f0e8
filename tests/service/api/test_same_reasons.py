"""The same unreadable file gets the same reason from `formtally extract`, `formtally scan` and
the REST upload (they share the loader's checks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.batch.scan import ScanOptions, run_scan
from service.batch.work import ExtractorSpec
from service.cli import app
from service.storage import Store
from tests.service.api import inputs
from tests.service.api.conftest import Api

LOADER = "tests.service.api.fakes:load_extract"  # the real loader, a fake form


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("blank.pdf", inputs.pages_pdf(0), "PDF has no pages"),
        ("junk.jpg", b"\xff\xd8\xff" + b"junk" * 30, "corrupt image (not a readable image of its type)"),
    ],
)
def test_one_reason_in_cli_scan_and_rest(
    tmp_path: Path, sqlite_store: Store, api: Api, name: str, data: bytes, reason: str
) -> None:
    root = tmp_path / "scans"
    root.mkdir()
    (root / name).write_bytes(data)
    cli = CliRunner().invoke(app, ["extract", str(root / name)])
    assert cli.exit_code == 2 and cli.output.strip() == f"error: {root / name}: {reason}"
    options = ScanOptions(root=root, executor="inline", extractor=ExtractorSpec(target=LOADER))
    report = run_scan(sqlite_store, options)
    assert [f.error for f in report.failed] == [f"LoadError: {name}: {reason}"]
    response = api.upload((name, data))
    assert response.status_code == 422 and response.json()["error"]["message"] == f"{name}: {reason}"
