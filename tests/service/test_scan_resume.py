"""A scan killed in the middle of a long document resumes at its first unfinished page: finished
pages are not extracted again, and the record has each form once (issue 15)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import extraction.pipeline as pipeline
from extraction.load import OpenedDocument
from extraction.predictions import PagePrediction
from models.record import Document
from samplegen.report import build_report
from service.batch import scan
from service.batch.executors import WORKER_DIED, InlineExecutor
from service.batch.scan import ScanOptions, run_scan
from service.batch.work import WorkItem, WorkOutcome
from service.storage import Store
from service.storage.checkpoints import document_checkpoint
from service.storage.schema import DocumentRow, FormRow, PageImageRow, ResultRow


class Crash(BaseException):
    """What the scan sees of a SIGKILL: nothing after it runs (not an Exception a page may catch)."""


def _watch_pages(monkeypatch: pytest.MonkeyPatch, ran: list[int], crash: dict[str, int | None]) -> None:
    """Every page the pipeline runs is listed; the page `crash["at"]` kills the scan."""
    run_page = pipeline.run_page

    def watched(opened: OpenedDocument, index: int, *args: Any) -> PagePrediction:
        if index == crash["at"]:
            raise Crash
        ran.append(index)
        return run_page(opened, index, *args)

    monkeypatch.setattr(pipeline, "run_page", watched)


def _inbox(tmp_path: Path) -> tuple[Path, Document]:
    report_dir = build_report(tmp_path / "cache", short=True)
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "report.pdf").write_bytes((report_dir / "digital.pdf").read_bytes())
    truth = Document.model_validate_json((report_dir / "digital.truth.json").read_text(encoding="utf-8"))
    return root, truth


def test_a_killed_scan_resumes_where_it_stopped(sqlite_store: Store, tmp_path: Path, monkeypatch) -> None:
    root, truth = _inbox(tmp_path)
    pages = truth.source.page_count
    assert pages >= 5 and len(truth.forms) >= 2
    ran: list[int] = []
    crash: dict[str, int | None] = {"at": 3}
    _watch_pages(monkeypatch, ran, crash)
    options = ScanOptions(root=root, executor="inline")

    with pytest.raises(Crash):
        run_scan(sqlite_store, options)
    assert ran == [0, 1, 2]
    with sqlite_store.reader() as session:
        document = session.scalars(select(DocumentRow)).one()
        assert document.status == "running"
        assert session.scalar(select(func.count()).select_from(FormRow)) == 0
    checkpoint = document_checkpoint(sqlite_store.config.checkpoints_dir, document.sha256, "")
    assert checkpoint.progress() == (3, pages)

    crash["at"] = None
    report = run_scan(sqlite_store, options)
    assert report.done == 1 and report.failed == []
    assert ran == [0, 1, 2, *range(3, pages)]  # the finished pages were not run again
    with sqlite_store.reader() as session:
        forms = [row.record["pages"] for row in session.scalars(select(FormRow))]
        assert sorted(forms) == sorted(f.pages for f in truth.forms)  # each form once
        assert session.scalar(select(func.count()).select_from(ResultRow)) == 1
        images = {row.page_index: row.sha256 for row in session.scalars(select(PageImageRow))}
        assert sorted(images) == list(range(pages))  # the restored pages' images too
        assert all(sqlite_store.pages.exists(sha) for sha in images.values())
    assert checkpoint.progress() is None and not checkpoint.folder.exists()  # stored: sidecar gone


class DyingExecutor(InlineExecutor):
    """The inline executor, but a Crash comes back as the process executor reports a dead worker."""

    def run(self, items: Iterable[WorkItem]) -> Iterator[WorkOutcome]:
        for item in items:
            try:
                yield from super().run([item])
            except Crash:
                yield WorkOutcome(item=item, error=f"{WORKER_DIED}: the worker process died on this file")


def test_a_dead_worker_leaves_its_pages_for_the_rerun(
    sqlite_store: Store, tmp_path: Path, monkeypatch
) -> None:
    root, truth = _inbox(tmp_path)
    ran: list[int] = []
    crash: dict[str, int | None] = {"at": 2}
    _watch_pages(monkeypatch, ran, crash)
    monkeypatch.setattr(scan, "make_executor", lambda options: DyingExecutor(options.extractor))
    options = ScanOptions(root=root, executor="inline")

    first = run_scan(sqlite_store, options)
    assert [f.error.split(":")[0] for f in first.failed] == [WORKER_DIED]
    with sqlite_store.reader() as session:
        document = session.scalars(select(DocumentRow)).one()
        assert document.status == "failed"
    assert document_checkpoint(sqlite_store.config.checkpoints_dir, document.sha256, "").progress() == (
        2,
        truth.source.page_count,
    )
    crash["at"] = None
    again = run_scan(sqlite_store, options)
    assert again.done == 1 and not again.failed
    assert ran == [0, 1, *range(2, truth.source.page_count)]
    with sqlite_store.reader() as session:
        forms = [row.record["pages"] for row in session.scalars(select(FormRow))]
    assert sorted(forms) == sorted(f.pages for f in truth.forms)
