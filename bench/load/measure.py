"""Latency percentiles and peak memory of a server's process tree."""

from __future__ import annotations

import statistics
import threading
import time
from types import TracebackType

import psutil
from pydantic import BaseModel


class Latency(BaseModel):
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    wall_s: float


def latency(samples: list[float], errors: int, wall_s: float) -> Latency:
    ms = sorted(s * 1000 for s in samples) or [0.0]
    p99 = statistics.quantiles(ms, n=100, method="inclusive")[98] if len(ms) > 1 else ms[0]
    return Latency(
        requests=len(samples) + errors,
        errors=errors,
        p50_ms=round(statistics.median(ms), 1),
        p99_ms=round(p99, 1),
        max_ms=round(ms[-1], 1),
        wall_s=round(wall_s, 2),
    )


class PeakMemory:
    """Samples the RSS of a process and its children every `interval` seconds while in use."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.server_mb = 0.0  # the server process alone
        self.tree_mb = 0.0  # server plus its worker processes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            own = self.process.memory_info().rss
            children = sum(c.memory_info().rss for c in self.process.children(recursive=True))
        except psutil.Error:  # a process ended between listing and reading: skip this sample
            return
        self.server_mb = max(self.server_mb, own / 2**20)
        self.tree_mb = max(self.tree_mb, (own + children) / 2**20)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
