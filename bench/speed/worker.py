"""One contender's worker process: builds its extractor once (engines load once), warms it up, then
extracts each file it is sent and answers with the CPU-seconds and wall seconds it took."""

from __future__ import annotations

import os
import resource
import time
from multiprocessing.connection import Connection
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


def cpu_seconds() -> float:
    """User + system time of every thread of this process (and of children it waited for:
    Tesseract runs as a subprocess)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker_main(name: str, threads: int, warm_path: str, conn: Connection) -> None:
    os.environ.update(SINGLE_THREAD_ENV)
    import cv2

    cv2.setNumThreads(1)
    from bench.extractors import ExtractorUnavailable, make_extractor

    started = time.perf_counter()
    try:
        extractor = make_extractor(name, threads)
    except ExtractorUnavailable as exc:
        conn.send(("unavailable", str(exc)))
        return
    init_s = time.perf_counter() - started
    warm_error: str | None = None
    try:  # the first call pays lazy loading and allocator growth: not a page timing
        extractor.extract(Path(warm_path))
    except Exception as exc:  # reported with the ready message
        warm_error = _error(exc)
    conn.send(("ready", init_s, warm_error))
    while (path := conn.recv()) is not None:
        cpu, wall = cpu_seconds(), time.perf_counter()
        try:
            document = extractor.extract(Path(path))
            pages, error = max(1, document.source.page_count), None
        except Exception as exc:  # a failing page is reported, never dropped
            pages, error = 1, _error(exc)
        conn.send(("page", cpu_seconds() - cpu, time.perf_counter() - wall, pages, error))
    conn.send(("done", peak_rss_mb()))
