"""Run work over many inputs with one extractor per process (engines load once per worker)."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from bench.extractors import Extractor, ExtractorUnavailable, make_extractor

T = TypeVar("T")
R = TypeVar("R")

_extractor: Extractor | None = None
_unavailable: str | None = None


def _init(name: str, threads: int | None) -> None:
    global _extractor, _unavailable
    try:
        _extractor = make_extractor(name, threads)
    except ExtractorUnavailable as exc:
        _unavailable = str(exc)  # re-raised by every task, so the parent sees the reason


def _call(work: Callable[[Extractor, T], R], item: T) -> R:
    if _extractor is None:
        raise ExtractorUnavailable(_unavailable or "extractor not initialised")
    return work(_extractor, item)


def run_with_extractor(
    name: str,
    items: Sequence[T],
    work: Callable[[Extractor, T], R],
    jobs: int = 1,
    threads: int | None = 1,
) -> list[R]:
    """`work(extractor, item)` for every item, in order. Raises ExtractorUnavailable (with the reason)
    when the extractor cannot be built; `work` itself must turn a failing file into a result."""
    if not items:
        return []
    if jobs <= 1:
        extractor = make_extractor(name, threads)
        return [work(extractor, item) for item in items]
    # spawn: ONNX Runtime and Paddle do not survive fork after their thread pools start
    context = mp.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(name, threads)) as pool:
        return list(pool.map(_call, [work] * len(items), items))
