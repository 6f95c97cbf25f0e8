"""The `formtally scan` command: options, the live progress bar, the summary and the exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from service.batch.pagewatch import PageWatch
from service.batch.progress import LineProgress, scan_progress
from service.batch.scan import ExecutorKind, ScanOptions, ScanReport, run_scan
from service.batch.work import DEFAULT_EXTRACTOR, ExtractorSpec, WorkItem, WorkOutcome
from service.options import check_profile
from verification.names import rule_label


class _Bar:
    """Hashing first (total unknown), then one step per extracted file, and a bar of pages under it
    for each long document in flight."""

    def __init__(self, progress: Progress, checkpoints: Path | None = None) -> None:
        self.progress = progress
        self.task: TaskID = progress.add_task("hashing", total=None, pages=0, failed=0)
        self.pages = self.failed = 0
        self.page_tasks: dict[str, TaskID] = {}
        self.watch = PageWatch(checkpoints, self._pages, every_s=1.0)

    def _pages(self, sha256: str, name: str, done: int, pages: int) -> None:
        task = self.page_tasks.get(sha256)
        if task is None:
            task = self.progress.add_task(f"  {name}", total=pages, pages=done, failed=0)
            self.page_tasks[sha256] = task
        self.progress.update(task, completed=done, pages=done)

    def started(self, item: WorkItem) -> None:
        self.watch.started(item)

    def hashed(self, path: Path) -> None:
        self.progress.advance(self.task)

    def planned(self, todo: int) -> None:
        self.progress.remove_task(self.task)
        self.task = self.progress.add_task("extracting", total=todo, pages=0, failed=0)

    def finished(self, outcome: WorkOutcome) -> None:
        self.watch.finished(outcome.item.sha256)
        task = self.page_tasks.pop(outcome.item.sha256, None)
        if task is not None:
            self.progress.remove_task(task)
        if outcome.document is None:
            self.failed += 1
        else:
            self.pages += outcome.document.source.page_count
        self.progress.update(self.task, advance=1, pages=self.pages, failed=self.failed)


def print_summary(report: ScanReport, console: Console) -> None:
    console.print(
        f"{report.files} files: [green]{report.done} done[/], {report.skipped} skipped (done before), "
        f"{report.duplicates} duplicates, {len(report.ignored)} not regular files, "
        f"[red]{len(report.failed)} failed[/]; "
        f"{report.pages} pages in {report.elapsed_s:.1f} s ({report.pages_per_minute:,.0f} pages/min)"
    )
    for skipped in report.ignored:
        console.print(
            f"  [yellow]skipped[/] {skipped.path}: {skipped.error}", highlight=False, soft_wrap=True
        )
    for failure in sorted(report.failed, key=lambda f: f.path):
        console.print(f"  [red]failed[/] {failure.path}: {failure.error}", highlight=False, soft_wrap=True)
    if report.findings:
        table = Table("rule", "severity", "findings", title="findings by rule")
        for row in report.findings:
            table.add_row(rule_label(row.rule), row.severity, str(row.count))
        console.print(table)
    forms = sum(report.forms_by_status.values())
    if forms:
        to_review = sum(report.forms_by_status.get(s, 0) for s in ("needs_review", "in_review"))
        console.print(
            f"{to_review} of {forms} forms need review, "
            f"{report.forms_by_status.get('auto_ok', 0)} passed every check"
            + "; open them with `formtally review`",
            highlight=False,
            soft_wrap=True,
        )


def scan_command(
    directory: Annotated[Path, typer.Argument(help="Folder to scan recursively (or one file).")],
    workers: Annotated[int, typer.Option(help="Parallel workers (default: CPU cores).")] = 0,
    force: Annotated[bool, typer.Option(help="Extract again files that are already done.")] = False,
    executor: Annotated[ExecutorKind, typer.Option(help="process, ray or inline.")] = "process",
    address: Annotated[str | None, typer.Option(help="Ray cluster address, e.g. ray://host:10001.")] = None,
    data: Annotated[Path | None, typer.Option(help="Data directory (default $FORMTALLY_DATA).")] = None,
    extractor: Annotated[
        str, typer.Option(help="module:function extracting one file (for tests).", hidden=True)
    ] = DEFAULT_EXTRACTOR,
    pages: Annotated[bool, typer.Option(help="Keep page images for review and reports.")] = True,
    progress: Annotated[
        bool, typer.Option(help="Show the progress (a bar, or lines without a terminal).")
    ] = True,
    log_every: Annotated[int, typer.Option(help="Without a terminal: a progress line every N files.")] = 5,
    profile: Annotated[str, typer.Option(help="Rule profile: national, exec20, stepped.")] = "national",
    only: Annotated[
        list[str] | None, typer.Option(help="Only these files (relative to DIRECTORY).", hidden=True)
    ] = None,
) -> None:
    """Extract every scan under DIRECTORY into the database; rerun to resume. Exit 1 if a file failed."""
    from service.storage import Store

    check_profile(profile)

    if not directory.exists():
        typer.echo(f"error: {directory}: no such file or directory", err=True)
        raise typer.Exit(2)
    cores = os.cpu_count() or 1
    workers = workers if workers > 0 else cores
    # one intra-op thread per worker: a second costs far more CPU than it saves wall time
    spec = ExtractorSpec(target=extractor, threads=1, render_pages=pages, profile=profile)
    options = ScanOptions(
        root=directory,
        workers=workers,
        force=force,
        executor=executor,
        ray_address=address,
        extractor=spec,
        only=frozenset(only) if only is not None else None,
    )
    store = Store.open(data_dir=data)
    console, errors = Console(), Console(stderr=True)
    checkpoints = store.config.checkpoints_dir if executor != "ray" else None
    try:
        if progress and not errors.is_terminal:
            lines = LineProgress(sys.stderr, log_every, checkpoints)
            try:
                report = run_scan(store, options, lines)
            finally:
                lines.watch.stop()
        else:
            with scan_progress(errors, enabled=progress) as bar:
                listener = _Bar(bar, checkpoints if progress else None)
                try:
                    report = run_scan(store, options, listener)
                finally:
                    listener.watch.stop()
    finally:
        store.close()
    print_summary(report, console)
    if report.failed:
        raise typer.Exit(1)
