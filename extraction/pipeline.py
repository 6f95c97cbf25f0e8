"""The extraction pipeline: small typed stages composed as lists, each timed (docling's build_pipe).

Page stages enrich a `PagePrediction` (kept apart from the output contract); document stages turn
the page predictions into the `Document` of spec/output.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extraction.load import LoadLimits, load_document
from extraction.predictions import DocumentPrediction, PagePrediction
from extraction.stages import (
    AssessStage,
    MapStage,
    OcrStage,
    PrepareStage,
    StructureStage,
    VerifyStage,
)
from models.record import Document, EngineInfo

VERSION = "0.1.0"
_T = TypeVar("_T")

PageStage = Callable[[PagePrediction], PagePrediction]
DocumentStage = Callable[[DocumentPrediction], DocumentPrediction]


class ExtractOptions(BaseModel):
    """Per-run options. Frozen: a run never mutates options another run shares."""

    model_config = ConfigDict(frozen=True)

    engine: str = "rapidocr"
    threads: int | None = None  # ONNX Runtime intra-op threads; None = library default
    dpi: int = 300  # PDF render resolution
    profile: str = "national"  # verification rule profile
    limits: LoadLimits = Field(default_factory=LoadLimits)
    extra_synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)


def build_page_pipe(options: ExtractOptions) -> list[tuple[str, PageStage]]:
    return [
        ("prepare", PrepareStage()),
        ("structure", StructureStage()),
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


def run_pipes(
    pages: Sequence[PagePrediction],
    page_pipe: Sequence[tuple[str, PageStage]],
    document_pipe: Sequence[tuple[str, DocumentStage]],
    elapsed: dict[str, float],
) -> DocumentPrediction:
    done: list[PagePrediction] = []
    for page in pages:
        for name, stage in page_pipe:
            page = _timed(name, stage, page, elapsed)
        done.append(page)
    prediction = DocumentPrediction(pages=done)
    for name, doc_stage in document_pipe:
        prediction = _timed(name, doc_stage, prediction, elapsed)
    return prediction


class ExtractedFile(BaseModel):
    """A Document together with its prepared page images, in the Document's pixel coordinates."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    document: Document
    page_images: list[np.ndarray]


def extract_file(path: Path, options: ExtractOptions | None = None) -> Document:
    """Extract every form of one file. Raises extraction.load.LoadError for unreadable input."""
    return extract_file_with_pages(path, options).document


def extract_file_with_pages(path: Path, options: ExtractOptions | None = None) -> ExtractedFile:
    """Like extract_file, keeping the upright, straightened page images that cell bboxes refer to."""
    options = options or ExtractOptions()
    elapsed: dict[str, float] = {}
    started = time.perf_counter()
    loaded = load_document(path, options.limits, dpi=options.dpi)
    elapsed["load"] = time.perf_counter() - started
    pages = [PagePrediction(index=i, original=image) for i, image in enumerate(loaded.pages)]
    ocr_stage = OcrStage(engine_name=options.engine, threads=options.threads)
    prediction = run_pipes(pages, build_page_pipe(options), build_document_pipe(options), elapsed)
    elapsed["total"] = time.perf_counter() - started
    document = Document(
        source=loaded.source,
        engine=EngineInfo(
            formtally=VERSION,
            ocr=ocr_stage.engine_description,
            elapsed_s={k: round(v, 4) for k, v in elapsed.items()},
        ),
        pages=[p.info() for p in prediction.pages],
        tables=[t for p in prediction.pages for t in p.tables()],
        forms=prediction.forms,
        not_forms=prediction.not_forms,
    )
    images = [p.prepared.image if p.prepared is not None else p.original for p in prediction.pages]
    return ExtractedFile(document=document, page_images=images)
