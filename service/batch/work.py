"""The one extraction runner of `formtally scan` and the REST workers: one unit of work, how a
worker process is started, and how it extracts a file into a Document and its page images.

Workers only compute: they return the Document and the page images (JPEG), and the driver writes them. The
page images are the pipeline's own prepared pages (the pixels cell bboxes refer to), encoded as
each page finishes so a long document never holds more than one page of pixels.
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from extraction.checkpoint import PageCheckpoint
from extraction.load import LoadLimits, clean_reason
from models.record import Document

PageSink = Callable[[int, np.ndarray], None]
# The pipeline (path, sink, checkpoint) → Document, or a test's `module:function` (path) → Document.
ExtractFn = Callable[[Path, PageSink, "PageCheckpoint | None"], Document]
DEFAULT_EXTRACTOR = "extraction.pipeline:extract_file"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ExtractorSpec(BaseModel):
    """How a worker builds its extract function; picklable, so it travels to processes and actors."""

    model_config = ConfigDict(frozen=True)

    target: str = DEFAULT_EXTRACTOR  # "module:function" taking a Path, returning a Document
    threads: int = 1  # ONNX Runtime / OpenCV / BLAS threads per worker
    synonyms: dict[str, tuple[str, ...]] = Field(default_factory=dict)  # learned label synonyms
    render_pages: bool = True  # keep page images for review and reports
    profile: str = "national"  # verification rule profile, recorded in the result
    limits: LoadLimits = Field(default_factory=LoadLimits)
    time_limit_s: float | None = Field(default=600.0, gt=0)  # per document (see docs/batch.md)
    # where finished pages are kept (<data>/checkpoints) so a crash mid-document resumes there;
    # None where workers share no disk with the driver (Ray)
    checkpoints: str | None = None


class WorkItem(BaseModel):
    document_id: int
    sha256: str
    path: str  # where the worker reads the bytes (a scanned file, or an upload's blob)
    name: str  # what the result shows as source.path: relative to the scanned folder, or the upload's name


class PageImage(BaseModel):
    """A page's stored image (JPEG, service/batch/render.py): its bytes, or the checkpoint file
    holding them (read when it is stored, so a long document's pages are not all held in memory)."""

    index: int
    width: int
    height: int
    encoded: bytes = b""
    file: str | None = None

    def data(self) -> bytes:
        return Path(self.file).read_bytes() if self.file is not None else self.encoded


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


def die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this worker when its parent dies (SIGKILL included), so no orphan keeps
    burning CPU and memory on a file nobody will collect."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def build_extractor(spec: ExtractorSpec) -> ExtractFn:
    """The extract function a worker calls for every file (built once per worker)."""
    if spec.target == DEFAULT_EXTRACTOR:
        from extraction.pipeline import ExtractOptions, extract_file

        options = ExtractOptions(
            threads=spec.threads,
            extra_synonyms=spec.synonyms,
            limits=spec.limits,
            profile=spec.profile,
            time_limit_s=spec.time_limit_s,
        )
        return lambda path, sink, checkpoint: extract_file(path, options, sink, checkpoint)
    module_name, _, attr = spec.target.partition(":")
    function: Callable[[Path], Document] = getattr(importlib.import_module(module_name), attr)
    return lambda path, sink, _checkpoint: _with_rendered_pages(function(path), path, sink)


def _with_rendered_pages(document: Document, path: Path, sink: PageSink) -> Document:
    """A test extractor keeps no pixels: its pages are decoded here, brought to its PageInfo sizes."""
    from service.batch.render import fitted_pages

    for index, image in fitted_pages(path, document):
        sink(index, image)
    return document


# Per worker process: built once by the initializer, used for every item the process gets.
_worker_extract: ExtractFn | None = None
_worker_spec: ExtractorSpec | None = None


def init_worker(spec: ExtractorSpec, parent: int) -> None:
    """The initializer of every worker process (scan pool and REST workers alike)."""
    global _worker_extract, _worker_spec
    die_with_parent(parent)
    limit_threads(spec.threads)
    _worker_spec, _worker_extract = spec, build_extractor(spec)


def start_pool(spec: ExtractorSpec, workers: int) -> ProcessPoolExecutor:
    """Worker processes, as `formtally scan` and the REST service start them: spawned (ONNX Runtime
    and OpenCV thread pools do not survive a fork), each with its extractor, dying with this process."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(spec, os.getpid()),
    )


def work_in_worker(item: WorkItem, path: Path | None = None) -> WorkOutcome:
    assert _worker_extract is not None and _worker_spec is not None, "init_worker runs first"
    return run_item(_worker_extract, _worker_spec, item, path)


def error_line(exc: BaseException) -> str:
    text = clean_reason(str(exc).strip())
    return f"{type(exc).__name__}: {text or 'no message'}"


def checkpoint_key(spec: ExtractorSpec) -> str:
    """What must match for an earlier run's pages to be reused."""
    from extraction.pipeline import VERSION

    # pages=jpeg: a checkpoint of an older release kept its page images as PNG, which images() skips
    return f"{VERSION}|{spec.target}|render={spec.render_pages}|pages=jpeg"


def _checkpointed_extract(
    extract: ExtractFn, spec: ExtractorSpec, item: WorkItem, source: Path
) -> tuple[Document, list[PageImage]]:
    """Extract with the document's checkpoint: each page's image goes to its folder, not to memory."""
    from service.batch.render import encode_array
    from service.storage.checkpoints import document_checkpoint

    assert spec.checkpoints is not None
    checkpoint = document_checkpoint(Path(spec.checkpoints), item.sha256, checkpoint_key(spec))

    def keep(index: int, image: np.ndarray) -> None:
        if spec.render_pages:
            checkpoint.put_image(index, encode_array(index, image).encoded)

    document = extract(source, keep, checkpoint)
    pages = [PageImage(index=i, width=w, height=h, file=str(f)) for i, f, (w, h) in checkpoint.images()]
    return document, pages


def run_item(
    extract: ExtractFn, spec: ExtractorSpec, item: WorkItem, path: Path | None = None
) -> WorkOutcome:
    """Extract one file; any exception becomes the outcome's error so the batch goes on.

    `path` is where the bytes are when not at item.path (a Ray actor's temporary copy); errors and
    the result name the item, never a server path.
    """
    from service.batch.render import encode_array

    started = time.perf_counter()
    source = path or Path(item.path)
    pages: list[PageImage] = []

    def keep(index: int, image: np.ndarray) -> None:
        if spec.render_pages:
            pages.append(encode_array(index, image))

    try:
        if spec.checkpoints is not None:
            document, pages = _checkpointed_extract(extract, spec, item, source)
        else:
            document = extract(source, keep, None)
    except Exception as exc:  # a bad file must not stop the batch; the error is recorded, not hidden
        error = error_line(exc).replace(str(source), item.name)
        if path is not None:  # a worker's temporary copy: its bare name means nothing either
            error = error.replace(path.name, Path(item.name).name)
        return WorkOutcome(item=item, error=error, elapsed_s=time.perf_counter() - started)
    document.source.path = item.name  # never a server path (spec/output.md: relative names)
    for page in document.pages:
        if page.error is not None:
            page.error = page.error.replace(str(source), item.name)
    return WorkOutcome(item=item, document=document, pages=pages, elapsed_s=time.perf_counter() - started)
