"""Executors run WorkItems and yield WorkOutcomes as they finish (in any order).

`inline` runs in the driver (debugging, tests), `process` in a pool of worker processes, each with
its own extract function and OCR engine; `ray` (service.batch.ray_executor) on a Ray cluster. At most
a few items per worker are in flight, so a crash loses little and memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Protocol

from service.batch.work import (
    ExtractFn,
    ExtractorSpec,
    WorkItem,
    WorkOutcome,
    build_extractor,
    run_item,
    start_pool,
    work_in_worker,
)

WORKER_DIED = "WorkerDied"  # the error of an item whose worker process died (its pages are kept)


class Executor(Protocol):
    def __enter__(self) -> Executor: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def run(self, items: Iterable[WorkItem]) -> Iterator[WorkOutcome]: ...


class InlineExecutor:
    def __init__(self, spec: ExtractorSpec) -> None:
        self.spec = spec
        self._extract: ExtractFn | None = None

    def __enter__(self) -> InlineExecutor:
        self._extract = build_extractor(self.spec)
        return self

    def __exit__(self, *_: object) -> None:
        self._extract = None

    def run(self, items: Iterable[WorkItem]) -> Iterator[WorkOutcome]:
        assert self._extract is not None, "use InlineExecutor as a context manager"
        for item in items:
            yield run_item(self._extract, self.spec, item)


class ProcessExecutor:
    def __init__(self, spec: ExtractorSpec, workers: int, in_flight_per_worker: int = 2) -> None:
        self.spec, self.workers = spec, max(1, workers)
        self.max_in_flight = self.workers * in_flight_per_worker
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        return start_pool(self.spec, self.workers)

    def __enter__(self) -> ProcessExecutor:
        self._pool = self._start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, items: Iterable[WorkItem]) -> Iterator[WorkOutcome]:
        pending = iter(items)
        running: dict[Future[WorkOutcome], WorkItem] = {}
        exhausted = False
        while True:
            while not exhausted and len(running) < self.max_in_flight:
                item = next(pending, None)
                if item is None:
                    exhausted = True
                    break
                assert self._pool is not None, "use ProcessExecutor as a context manager"
                running[self._pool.submit(work_in_worker, item)] = item
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                item = running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # A worker died (segfault, OOM kill): the items it may have held fail, the
                    # batch goes on in a fresh pool, and a rerun retries them.
                    broken = True
                    yield WorkOutcome(item=item, error=f"{WORKER_DIED}: the worker process died on this file")
            if broken:
                self._restart(running)

    def _restart(self, running: dict[Future[WorkOutcome], WorkItem]) -> None:
        """Replace a broken pool; items still counted as running are resubmitted."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        items = list(running.values())
        running.clear()
        for item in items:
            running[self._pool.submit(work_in_worker, item)] = item
