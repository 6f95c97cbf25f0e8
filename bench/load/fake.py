"""A fast stand-in for OCR in the load runs: the real loader, then a stored result of a sample form.

Results are real truth documents of sample_scans/ (realistic payload sizes for the read phase),
picked by the file's hash; without sample_scans a small synthetic form is used.
"""

from __future__ import annotations

import os
import time
from functools import cache
from pathlib import Path

from bench.paths import sample_scans_dir
from extraction.load import load_document
from models.record import Document, EngineInfo, Field, Form, FormFields, PageInfo, Source

TARGET = "bench.load.fake:extract"
DELAY_ENV = "FORMTALLY_FAKE_DELAY"  # seconds each extraction takes, to stand in for OCR time


@cache
def _truths() -> tuple[str, ...]:
    files = sorted(sample_scans_dir().glob("*/truth.json"))
    return tuple(f.read_text("utf-8") for f in files[:8])


def extract(path: Path) -> Document:
    loaded = load_document(path)
    time.sleep(float(os.environ.get(DELAY_ENV, "0")))
    source = loaded.source.model_copy(update={"path": str(path)})
    pages = [PageInfo(index=i, width=p.shape[1], height=p.shape[0]) for i, p in enumerate(loaded.pages)]
    truths = _truths()
    if truths:
        truth = Document.model_validate_json(truths[int(source.sha256[:8], 16) % len(truths)])
        return truth.model_copy(
            update={"source": source, "pages": pages, "engine": EngineInfo(formtally="fake", ocr="fake")}
        )
    form = Form(
        fields=FormFields(
            project_name=Field(text=f"项目{source.sha256[:6]}", value=f"项目{source.sha256[:6]}")
        )
    )
    return Document(
        source=Source.model_validate(source),
        engine=EngineInfo(formtally="fake", ocr="fake"),
        pages=pages,
        forms=[form],
    )
