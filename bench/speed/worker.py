"""One benchmark worker process: builds one extractor (engines load once), warms it up, then extracts
the files it is handed and reports each timing and, at the end, its own peak memory."""

from __future__ import annotations

import os
import resource
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

# One core per worker: set before any engine library is imported in this (spawned) process.
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OMP_THREAD_LIMIT": "1",  # Tesseract
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}

Message = tuple[Any, ...]


def _error(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def worker_main(
    name: str,
    threads: int | None,
    warm_path: str,
    tasks: Queue[str | None],
    results: Queue[Message],
    start: Event,
) -> None:
    os.environ.update(SINGLE_THREAD_ENV)
    from bench.extractors import ExtractorUnavailable, make_extractor

    pid = os.getpid()
    started = time.perf_counter()
    try:
        extractor = make_extractor(name, threads)
    except ExtractorUnavailable as exc:
        results.put(("unavailable", pid, str(exc)))
        return
    init_s = time.perf_counter() - started
    warm_error: str | None = None
    warm_started = time.perf_counter()
    try:  # first call pays lazy model loading and allocator growth; not a page timing
        extractor.extract(Path(warm_path))
    except Exception as exc:  # reported to the parent with the ready message
        warm_error = _error(exc)
    results.put(("ready", pid, init_s, time.perf_counter() - warm_started, warm_error))
    start.wait()
    while (path := tasks.get()) is not None:
        page_started = time.perf_counter()
        try:
            document = extractor.extract(Path(path))
        except Exception as exc:  # a failing page is reported, never dropped
            results.put(("page", pid, path, time.perf_counter() - page_started, 1, {}, _error(exc)))
            continue
        seconds = time.perf_counter() - page_started
        n_pages = max(1, document.source.page_count)
        results.put(("page", pid, path, seconds, n_pages, dict(document.engine.elapsed_s), None))
    results.put(("done", pid, peak_rss_mb()))
