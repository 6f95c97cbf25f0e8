"""One unit of batch work and how a worker (process, Ray actor or inline) carries it out.

Workers only compute: they return the Document and the page PNGs, and the driver writes them.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from models.record import Document

if TYPE_CHECKING:
    from extraction.pipeline import ExtractedFile

# An extractor returns the Document, or the Document with its prepared page images.
ExtractFn = Callable[[Path], "Document | ExtractedFile"]
DEFAULT_EXTRACTOR = "extraction.pipeline:extract_file"


class ExtractorSpec(BaseModel):
    """How a worker builds its extract function; picklable, so it travels to processes and actors."""

    model_config = ConfigDict(frozen=True)

    target: str = DEFAULT_EXTRACTOR  # "module:function" taking a Path, returning a Document
    threads: int = 1  # ONNX Runtime / OpenCV / BLAS threads per worker
    synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # learned label synonyms
    render_pages: bool = True  # keep page images for review and reports


class WorkItem(BaseModel):
    document_id: int
    sha256: str
    path: str


class PageImage(BaseModel):
    index: int
    width: int
    height: int
    png: bytes


class WorkOutcome(BaseModel):
    item: WorkItem
    document: Document | None = None
    pages: list[PageImage] = Field(default_factory=list)
    error: str | None = None  # one line: "ExceptionType: message"
    elapsed_s: float = 0.0


def limit_threads(threads: int) -> None:
    """Cap the native thread pools of this process so N workers use about N × threads cores.

    Set before OpenCV/numpy start their pools; ONNX Runtime gets the same number through
    ExtractOptions.threads (intra_op_num_threads) in the default extractor.
    """
    value = str(max(1, threads))
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = value
    try:
        import cv2
    except ImportError:  # OpenCV is optional for fake extractors
        return
    cv2.setNumThreads(max(1, threads))


def build_extractor(spec: ExtractorSpec) -> ExtractFn:
    """The extract function a worker calls for every file (built once per worker)."""
    if spec.target == DEFAULT_EXTRACTOR:
        from extraction.pipeline import ExtractOptions, extract_file, extract_file_with_pages

        options = ExtractOptions(threads=spec.threads, extra_synonyms=spec.synonyms)
        if spec.render_pages:
            return lambda path: extract_file_with_pages(path, options)
        return lambda path: extract_file(path, options)
    module_name, _, attr = spec.target.partition(":")
    function: ExtractFn = getattr(importlib.import_module(module_name), attr)
    return function


def error_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else 'no message'}"


def run_item(
    extract: ExtractFn, spec: ExtractorSpec, item: WorkItem, path: Path | None = None
) -> WorkOutcome:
    """Extract one file; any exception becomes the outcome's error so the batch goes on."""
    started = time.perf_counter()
    source = path or Path(item.path)
    try:
        result = extract(source)
        pages: list[PageImage] = []
        if isinstance(result, Document):
            document = result
            if spec.render_pages:
                from service.batch.render import render_pages

                pages = render_pages(source, document)
        else:
            from service.batch.render import encode_array

            document = result.document
            if spec.render_pages:
                pages = [encode_array(i, image) for i, image in enumerate(result.page_images)]
    except Exception as exc:  # a bad file must not stop the batch; the error is recorded, not hidden
        error = error_line(exc)
        if path is not None:  # name the user's file, not a worker's temporary copy
            error = error.replace(str(path), item.path).replace(path.name, Path(item.path).name)
        return WorkOutcome(item=item, error=error, elapsed_s=time.perf_counter() - started)
    document.source.path = item.path  # the driver's path, not a worker's temporary copy
    return WorkOutcome(item=item, document=document, pages=pages, elapsed_s=time.perf_counter() - started)
