"""`formtally extract`'s progress over the pages of one document. Kept apart from the scan's progress
(service.batch.progress), which pulls in storage (SQLAlchemy, Alembic): a one-page extract would pay
about 0.4 s of imports for it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

MIN_PAGES = 10  # shorter documents finish between two looks; their file step says enough


@contextmanager
def page_progress(
    name: str, *, enabled: bool = True, stream: TextIO | None = None, every: int = 10
) -> Iterator[Callable[[int, int], None]]:
    """`formtally extract`'s pages done (extraction.checkpoint.PageProgress): a bar on a terminal,
    else a line every `every` pages and at the last (`extract: report.pdf page 120/300`); nothing
    for a document under MIN_PAGES pages."""
    stream = stream or sys.stderr
    console = Console(file=stream)
    if not enabled:
        yield lambda done, pages: None
    elif console.is_terminal:
        with Progress(
            TextColumn(f"[bold]{name}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("pages", total=None)
            yield lambda done, pages: bar.update(task, completed=done, total=pages)
    else:

        def line(done: int, pages: int) -> None:
            if pages >= MIN_PAGES and (done % every == 0 or done == pages):
                stream.write(f"extract: {name} page {done}/{pages}\n")
                stream.flush()

        yield line
