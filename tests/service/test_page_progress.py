"""Per-page progress of a long document: read from its checkpoint while a worker extracts it, and
`formtally extract`'s lines (issue 15)."""

from __future__ import annotations

import io
from pathlib import Path

from extraction.checkpoint import PageRecord
from models.record import PageInfo
from service.batch.page_progress import page_progress
from service.batch.pagewatch import PageWatch
from service.batch.progress import LineProgress
from service.batch.work import WorkItem
from service.storage.checkpoints import document_checkpoint


def _finish(root: Path, sha: str, pages: int, done: range) -> None:
    checkpoint = document_checkpoint(root, sha, "key")
    checkpoint.begin(pages)
    for index in done:
        checkpoint.save(PageRecord(index=index, info=PageInfo(index=index, width=10, height=10)))


def test_pages_done_are_shown_as_they_change(tmp_path: Path) -> None:
    shown: list[tuple[str, str, int, int]] = []
    watch = PageWatch(tmp_path, lambda *args: shown.append(args), every_s=3600)  # polled by hand
    long, short = "a" * 64, "b" * 64
    watch.started(WorkItem(document_id=1, sha256=long, path="/x/report.pdf", name="report.pdf"))
    watch.started(WorkItem(document_id=2, sha256=short, path="/x/two.pdf", name="two.pdf"))
    watch.poll()
    assert shown == []  # nothing begun yet
    _finish(tmp_path, long, 300, range(120))
    _finish(tmp_path, short, 2, range(1))
    watch.poll()
    watch.poll()  # unchanged: not shown again
    _finish(tmp_path, long, 300, range(120, 121))
    watch.poll()
    watch.finished(long)
    watch.poll()
    watch.stop()
    assert shown == [(long, "report.pdf", 120, 300), (long, "report.pdf", 121, 300)]  # short: too few


def test_a_log_hears_where_a_long_document_is(tmp_path: Path) -> None:
    stream = io.StringIO()
    lines = LineProgress(stream, checkpoints=tmp_path, every_s=3600)
    lines.planned(1)
    lines.started(WorkItem(document_id=1, sha256="c" * 64, path="/x/r.pdf", name="r.pdf"))
    _finish(tmp_path, "c" * 64, 40, range(12))
    lines.watch.poll()
    lines.watch.stop()
    assert stream.getvalue().splitlines() == ["scan: 1 files to extract", "scan: r.pdf page 12/40"]


def test_extract_without_a_terminal_prints_every_tenth_page_and_the_last() -> None:
    stream = io.StringIO()
    with page_progress("report.pdf", stream=stream) as shown:
        for done in range(1, 24):
            shown(done, 23)
    assert stream.getvalue().splitlines() == [
        "extract: report.pdf page 10/23",
        "extract: report.pdf page 20/23",
        "extract: report.pdf page 23/23",
    ]
