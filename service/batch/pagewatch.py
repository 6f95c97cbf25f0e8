"""Per-page progress of long documents in flight. The workers are other processes (or the driver
itself, busy extracting): what they share with the progress display is each document's checkpoint
folder, so a thread reads the pages finished from there every few seconds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from service.batch.page_progress import MIN_PAGES
from service.batch.work import WorkItem
from service.storage.checkpoints import document_checkpoint

# (sha256, name, pages finished, pages) whenever a document's count changed
ShowPages = Callable[[str, str, int, int], None]


class PageWatch:
    def __init__(self, root: Path | None, show: ShowPages, every_s: float) -> None:
        self.root, self.show, self.every_s = root, show, every_s
        self.in_flight: dict[str, str] = {}  # sha256 → name
        self.seen: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def started(self, item: WorkItem) -> None:
        if self.root is None:
            return
        with self._lock:
            self.in_flight[item.sha256] = item.name
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="page-progress", daemon=True)
            self._thread.start()

    def finished(self, sha256: str) -> None:
        with self._lock:
            self.in_flight.pop(sha256, None)
            self.seen.pop(sha256, None)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def poll(self) -> None:
        """One look at every document in flight."""
        assert self.root is not None
        with self._lock:
            docs = list(self.in_flight.items())
        for sha, name in docs:
            counts = document_checkpoint(self.root, sha, "").progress()
            if counts is None or counts[1] < MIN_PAGES:
                continue
            with self._lock:
                if sha not in self.in_flight or self.seen.get(sha) == counts:
                    continue
                self.seen[sha] = counts
            self.show(sha, name, *counts)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.poll()
