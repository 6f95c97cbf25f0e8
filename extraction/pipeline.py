"""The extraction pipeline: small typed stages composed as lists, each timed (docling's build_pipe).

Page stages enrich a `PagePrediction` (kept apart from the output contract); document stages turn
the page predictions into the `Document` of spec/output.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extraction.checkpoint import PageCheckpoint, PageProgress, PageRecord
from extraction.load import LoadError, LoadLimits, OpenedDocument, clean_reason, open_document
from extraction.ocr import DEFAULT_ENGINE
from extraction.predictions import DocumentPrediction, PagePrediction
from extraction.stages import (
    AssessStage,
    MapStage,
    OcrStage,
    PrepareStage,
    StructureStage,
    TextLayerStage,
    VectorStructureStage,
    VerifyStage,
    shows_text_alone,
    text_only_page,
)
from models.record import Document, EngineInfo, PageInfo

VERSION = "0.1.0"
PAGES_PER_TIME_LIMIT = 50  # ExtractOptions.time_limit_s is granted per started block of these
_T = TypeVar("_T")

PageStage = Callable[[PagePrediction], PagePrediction]
DocumentStage = Callable[[DocumentPrediction], DocumentPrediction]


class ExtractOptions(BaseModel):
    """Per-run options. Frozen: a run never mutates options another run shares."""

    model_config = ConfigDict(frozen=True)

    engine: str = DEFAULT_ENGINE
    # ONNX Runtime intra-op threads; None = library default (2 on a 2-core machine). One: on line
    # crops a second thread cost 76 % more CPU for no wall gain; parallelism comes from workers.
    threads: int | None = 1
    dpi: int = 300  # PDF render resolution
    profile: str = "national"  # verification rule profile
    limits: LoadLimits = Field(default_factory=LoadLimits)
    extra_synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # per document and started 50 pages (a 300-page report gets 6×): pages not started within it
    # are reported failed, not run
    time_limit_s: float | None = Field(default=600.0, gt=0)


def build_page_pipe(options: ExtractOptions) -> list[tuple[str, PageStage]]:
    return [
        ("prepare", PrepareStage()),
        ("vector_structure", VectorStructureStage()),
        ("structure", StructureStage()),
        ("text_layer", TextLayerStage()),
        ("ocr", OcrStage(engine_name=options.engine, threads=options.threads)),
    ]


def build_document_pipe(options: ExtractOptions) -> list[tuple[str, DocumentStage]]:
    return [
        ("map", MapStage(extra_synonyms=options.extra_synonyms)),
        ("verify", VerifyStage(profile=options.profile)),
        ("assess", AssessStage()),
    ]


def _timed(name: str, stage: Callable[[_T], _T], item: _T, elapsed: dict[str, float]) -> _T:
    started = time.perf_counter()
    result = stage(item)
    elapsed[name] = elapsed.get(name, 0.0) + time.perf_counter() - started
    return result


# Receives each prepared page as soon as it is done, so a caller can encode it and drop the pixels.
PageSink = Callable[[int, np.ndarray], None]


class ExtractionFailed(Exception):
    """Every page of a readable file failed; str() is one line "<path>: <reason of page 1>"."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _error_line(exc: BaseException) -> str:
    if isinstance(exc, LoadError):
        return exc.reason
    text = clean_reason(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _failed_page(opened: OpenedDocument, index: int, error: str) -> PagePrediction:
    width, height = opened.sizes[index]
    info = PageInfo(index=index, width=width, height=height, error=error)
    return PagePrediction(index=index, original=np.zeros((0, 0, 3), np.uint8), failure=info)


def run_page(
    opened: OpenedDocument,
    index: int,
    page_pipe: Sequence[tuple[str, PageStage]],
    elapsed: dict[str, float],
    sink: PageSink | None,
) -> PagePrediction:
    """One page through the page stages; its pixels are handed to `sink` and then dropped. A
    born-digital page of text alone is neither rendered nor staged (rendered for `sink` only)."""
    started = time.perf_counter()
    original, chars, rules = opened.page_and_layers(index, lambda c, r: not shows_text_alone(c, r))
    elapsed["load"] = elapsed.get("load", 0.0) + time.perf_counter() - started
    if original is None:
        if sink is not None:
            sink(index, opened.page(index))
        return text_only_page(index, opened.sizes[index])
    page = PagePrediction(index=index, original=original, chars=chars, rules=rules)
    for name, stage in page_pipe:
        page = _timed(name, stage, page, elapsed)
    if sink is not None:
        sink(index, page.prepared.image if page.prepared is not None else page.original)
    return page.without_pixels()


def run_pages(
    opened: OpenedDocument,
    page_pipe: Sequence[tuple[str, PageStage]],
    elapsed: dict[str, float],
    sink: PageSink | None = None,
    deadline: float | None = None,
    checkpoint: PageCheckpoint | None = None,
    progress: PageProgress | None = None,
) -> list[PagePrediction]:
    """Every page, one at a time. A page that fails is kept with its error and the others go on
    (docling's partial success); if none succeeds the first page's error is raised. Pages the
    `checkpoint` holds from an earlier run are taken from it, not run again; every page run here is
    saved to it as soon as it is done, except one skipped by the time limit (a rerun tries it)."""
    done: list[PagePrediction] = []
    first: BaseException | None = None
    total = len(opened.sizes)
    if checkpoint is not None:
        checkpoint.begin(total)
    for index in range(total):
        record = checkpoint.restore(index) if checkpoint is not None else None
        if record is not None:
            done.append(record.prediction())
        elif deadline is not None and time.perf_counter() > deadline:
            done.append(_failed_page(opened, index, "time limit per document reached before this page"))
        else:
            try:
                page = run_page(opened, index, page_pipe, elapsed, sink)
            except Exception as exc:  # one bad page must not cost the others; the error is kept
                first = first or exc
                page = _failed_page(opened, index, _error_line(exc))
            if checkpoint is not None:
                checkpoint.save(PageRecord.of(page))
            done.append(page)
        if progress is not None:
            progress(index + 1, total)
    if all(p.failure is not None for p in done):
        if isinstance(first, LoadError):
            raise first
        raise ExtractionFailed(opened.source.path, done[0].failure.error or "no page could be read")  # type: ignore[union-attr]
    return done


def office_pages(opened: OpenedDocument, sink: PageSink | None) -> list[PagePrediction]:
    """An office document's pages straight to the mapper: its cells are exact, nothing to read."""
    assert opened.office is not None
    empty = np.zeros((0, 0, 3), np.uint8)
    for index in range(len(opened.office)):
        if sink is not None:
            sink(index, opened.page(index))
    return [PagePrediction(index=c.page, original=empty, content=c) for c in opened.office]


def run_document(
    pages: list[PagePrediction],
    document_pipe: Sequence[tuple[str, DocumentStage]],
    elapsed: dict[str, float],
) -> DocumentPrediction:
    prediction = DocumentPrediction(pages=[p for p in pages if p.failure is None])
    for name, doc_stage in document_pipe:
        prediction = _timed(name, doc_stage, prediction, elapsed)
    return prediction


def extract_file(
    path: Path,
    options: ExtractOptions | None = None,
    sink: PageSink | None = None,
    checkpoint: PageCheckpoint | None = None,
    progress: PageProgress | None = None,
) -> Document:
    """Extract every form of one file; each prepared page goes to `sink` as soon as it is done.

    Raises extraction.load.LoadError for unreadable input (limits included) and ExtractionFailed
    when no page gave a result; a failed page of several is reported in `pages[i].error`. With a
    `checkpoint`, pages an earlier (crashed) run finished are taken from it and not run again.
    """
    options = options or ExtractOptions()
    elapsed: dict[str, float] = {}
    started = time.perf_counter()
    opened = open_document(path, options.limits, dpi=options.dpi)
    elapsed["load"] = time.perf_counter() - started
    deadline = None
    if options.time_limit_s is not None:
        deadline = started + options.time_limit_s * math.ceil(len(opened.sizes) / PAGES_PER_TIME_LIMIT)
    ocr_stage = OcrStage(engine_name=options.engine, threads=options.threads)
    if opened.office is not None:
        pages = office_pages(opened, sink)
    else:
        page_pipe = build_page_pipe(options)
        pages = run_pages(opened, page_pipe, elapsed, sink, deadline, checkpoint, progress)
    prediction = run_document(pages, build_document_pipe(options), elapsed)
    elapsed["total"] = time.perf_counter() - started
    return Document(
        source=opened.source,
        engine=EngineInfo(
            formtally=VERSION,
            ocr=ocr_stage.engine_description,
            elapsed_s={k: round(v, 4) for k, v in elapsed.items()},
            profile=options.profile,
        ),
        pages=[p.failure or p.info() for p in pages],
        tables=[t for p in prediction.pages for t in p.tables()],
        forms=prediction.forms,
        not_forms=prediction.not_forms,
    )
