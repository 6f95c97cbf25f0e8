"""Scan progress: the rich bar on a terminal (files done of total, pages per minute, ETA, on stderr),
plain lines with the rate and ETA everywhere else."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from service.batch.pagewatch import PageWatch
from service.batch.work import WorkItem, WorkOutcome


class PagesPerMinute(ProgressColumn):
    """Pages done per minute of wall time (pages counted in the task's `pages` field)."""

    def render(self, task: Task) -> Text:
        pages = int(task.fields.get("pages", 0))
        elapsed = task.elapsed or 0.0
        rate = f"{pages / elapsed * 60:,.0f}" if elapsed > 0 and pages else "–"
        return Text(f"{rate} pages/min", style="cyan")


def scan_progress(console: Console | None = None, *, enabled: bool = True) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        PagesPerMinute(),
        TextColumn("{task.fields[failed]} failed", style="red"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        disable=not enabled,
        transient=False,
    )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class LineProgress:
    """Progress where there is no terminal (a log file, CI, a background demo scan): one plain line
    per `every` files with the rate and the time left, so a reader of the log sees it move."""

    def __init__(
        self, stream: TextIO, every: int = 5, checkpoints: Path | None = None, every_s: float = 30.0
    ) -> None:
        self.stream, self.every = stream, max(1, every)
        self.todo = self.done = self.failed = self.pages = 0
        self.began = time.monotonic()
        # a long document says where it is every `every_s` seconds: "scan: report.pdf page 120/300"
        self.watch = PageWatch(checkpoints, self._page_line, every_s)

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def hashed(self, path: Path) -> None:
        pass

    def planned(self, todo: int) -> None:
        self.todo, self.began = todo, time.monotonic()
        self._line(f"scan: {todo} files to extract")

    def started(self, item: WorkItem) -> None:
        self.watch.started(item)

    def _page_line(self, sha256: str, name: str, done: int, pages: int) -> None:
        self._line(f"scan: {name} page {done}/{pages}")

    def finished(self, outcome: WorkOutcome) -> None:
        self.watch.finished(outcome.item.sha256)
        self.done += 1
        if outcome.document is None:
            self.failed += 1
        else:
            self.pages += outcome.document.source.page_count
        if self.done % self.every == 0 or self.done == self.todo:
            self._line(self.status())
        if self.done == self.todo:
            self.watch.stop()

    def status(self) -> str:
        elapsed = max(time.monotonic() - self.began, 1e-6)
        rate = self.done / elapsed * 60
        left = (self.todo - self.done) / (self.done / elapsed) if self.done else 0.0
        return (
            f"scan: {self.done}/{self.todo} files, {self.pages} pages, {self.failed} failed, "
            f"{rate:.1f} files/min, elapsed {_duration(elapsed)}, ETA {_duration(left)}"
        )
