"""One sample scan through the real pipeline (OCR) behind the API. Marked `ocr`: deselect with
`-m "not ocr"`; skipped when sample_scans/ has not been generated."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from bench.paths import REPO_ROOT as REPO
from models.record import Document
from service.batch.work import DEFAULT_EXTRACTOR
from tests.service.api.conftest import ApiFactory

SAMPLES = REPO / "sample_scans"


def _sample() -> tuple[bytes, dict[str, object]] | None:
    for folder in sorted(SAMPLES.glob("*")) if SAMPLES.is_dir() else []:
        if (folder / "clean.png").is_file() and (folder / "truth.json").is_file():
            return (folder / "clean.png").read_bytes(), json.loads((folder / "truth.json").read_text("utf-8"))
    return None


@pytest.mark.ocr
@pytest.mark.skipif(_sample() is None, reason="sample_scans not generated")
def test_real_pipeline_on_a_sample(api_factory: ApiFactory) -> None:
    sample = _sample()
    assert sample is not None
    data, truth = sample
    api = api_factory(extractor=DEFAULT_EXTRACTOR, render_pages=True)
    doc = api.upload(("clean.png", data)).json()["documents"][0]
    body = api.wait(doc["id"], timeout=240)
    assert body["status"] == "done", body["error"]
    result = Document.model_validate(body["result"])
    assert result.engine.ocr != "fake" and len(result.forms) == len(truth["forms"])  # type: ignore[arg-type]
    name = result.forms[0].fields.project_name
    assert name is not None and name.text
    xlsx = api.client.get(f"/v1/documents/{doc['id']}/export?format=xlsx", headers=api.as_("reviewer"))
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content))["自评表"].max_row > 5
