"""Score one extractor on the sample scans: one FileResult per file, failures kept with their reason."""

from __future__ import annotations

import time
from pathlib import Path

from pydantic import BaseModel

from bench.accuracy.manifest import Sample, load_truth
from bench.extractors import Extractor
from bench.extractors.base import NO_MAPPING_WARNING
from bench.metrics.document import DocScore, score_document


class FileResult(BaseModel):
    extractor: str
    file: str
    form_id: str
    rendering: str
    ok: bool
    error: str | None = None  # "ExceptionType: first line", when the extractor raised
    seconds: float
    mapped: bool = True  # False while the mapping stage is missing for a peer: field scores are n/a
    warnings: list[str] = []
    n_tables: int = 0
    n_forms: int = 0
    score: DocScore


def describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def score_sample(extractor: Extractor, item: tuple[Sample, Path, Path | None]) -> FileResult:
    """Extract and score one sample; with a save folder, also write the predicted Document there."""
    sample, root, save_to = item
    truth = load_truth(sample.truth_path(root))
    started = time.perf_counter()
    try:
        document = extractor.extract(sample.file_path(root))
    except Exception as exc:  # any failure of the extractor on this file is a counted, reported result
        return FileResult(
            extractor=extractor.name,
            file=sample.file,
            form_id=sample.form_id,
            rendering=sample.rendering,
            ok=False,
            error=describe(exc),
            seconds=time.perf_counter() - started,
            score=score_document(None, truth),
        )
    seconds = time.perf_counter() - started
    if save_to is not None:
        target = save_to / extractor.name / f"{sample.file.replace('/', '__')}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document.model_dump_json(indent=1), encoding="utf-8")
    return FileResult(
        extractor=extractor.name,
        file=sample.file,
        form_id=sample.form_id,
        rendering=sample.rendering,
        ok=True,
        seconds=seconds,
        mapped=not any(w.startswith(NO_MAPPING_WARNING) for w in document.warnings),
        warnings=document.warnings,
        n_tables=len(document.tables),
        n_forms=len(document.forms),
        score=score_document(document, truth),
    )
