"""One timed phase: W worker processes, each with its own extractor, working through a shared queue."""

from __future__ import annotations

import multiprocessing as mp
import queue
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path

from pydantic import BaseModel

from bench.speed.worker import Message, worker_main

WAIT_S = 900.0  # longest wait for any one message (model loading, a slow page) before giving up


class PageTiming(BaseModel):
    file: str
    seconds: float
    pages: int
    stages: dict[str, float]
    error: str | None = None


class PhaseResult(BaseModel):
    workers: int
    unavailable: str | None = None
    init_s: float = 0.0  # slowest worker's extractor construction
    warm_errors: list[str] = []
    wall_s: float = 0.0
    timings: list[PageTiming] = []
    peak_rss_mb: list[float] = []  # one per worker

    @property
    def pages_done(self) -> int:
        return sum(t.pages for t in self.timings if t.error is None)

    @property
    def pages_per_minute(self) -> float | None:
        return 60.0 * self.pages_done / self.wall_s if self.wall_s and self.pages_done else None


def _get(results: Queue[Message], procs: Sequence[BaseProcess]) -> Message:
    """Next message; raises if every worker died (e.g. killed for memory) instead of hanging."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            return results.get(timeout=2.0)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                codes = ", ".join(str(p.exitcode) for p in procs)
                raise RuntimeError(f"all workers exited (exit codes {codes})") from None
    raise TimeoutError(f"no message from the workers in {WAIT_S:.0f} s")


def run_phase(
    name: str, files: Sequence[Path], workers: int, repeats: int, threads: int | None
) -> PhaseResult:
    context = mp.get_context("spawn")  # fresh interpreters: nothing inherited, each loads its own engine
    tasks: Queue[str | None] = context.Queue()
    results: Queue[Message] = context.Queue()
    start = context.Event()
    procs = [
        context.Process(target=worker_main, args=(name, threads, str(files[0]), tasks, results, start))
        for _ in range(workers)
    ]
    for proc in procs:
        proc.start()
    result = PhaseResult(workers=workers)
    try:
        for _ in range(workers):
            message = _get(results, procs)
            if message[0] == "unavailable":
                result.unavailable = str(message[2])
                return result
            result.init_s = max(result.init_s, float(message[2]))
            if message[4]:
                result.warm_errors.append(str(message[4]))
        jobs = [str(f) for _ in range(repeats) for f in files]
        for job in jobs:
            tasks.put(job)
        for _ in procs:
            tasks.put(None)
        started = time.perf_counter()
        start.set()
        # A worker with nothing left to do says "done" while others still send pages: dispatch by kind.
        while len(result.timings) < len(jobs) or len(result.peak_rss_mb) < len(procs):
            message = _get(results, procs)
            if message[0] == "page":
                _, _, path, seconds, pages, stages, error = message
                timing = PageTiming(file=path, seconds=seconds, pages=pages, stages=stages, error=error)
                result.timings.append(timing)
                if len(result.timings) == len(jobs):
                    result.wall_s = time.perf_counter() - started
            else:
                result.peak_rss_mb.append(float(message[2]))
    finally:
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()  # only our own workers, e.g. after a timeout
    return result
