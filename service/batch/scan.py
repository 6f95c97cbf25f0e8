"""`formtally scan`: plan a folder against the database, extract what is new, write results.

The driver alone writes the database, one transaction per document, so a crash loses at most the
documents in flight and a rerun finishes the rest: nothing lost, nothing twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from service.app import write_outcome
from service.batch.executors import WORKER_DIED, Executor, InlineExecutor, ProcessExecutor
from service.batch.files import NotRegular, display_name, hash_file, iter_scan_files
from service.batch.work import ExtractorSpec, WorkItem, WorkOutcome
from service.storage import Store, mark_running, upsert_document
from service.storage.checkpoints import document_checkpoint
from service.storage.forms import findings_by_rule
from service.storage.progress import findings_by_rule_severity, forms_by_status
from service.storage.synonyms import active_synonyms

ExecutorKind = Literal["process", "ray", "inline"]


class ScanOptions(BaseModel):
    root: Path
    workers: int = Field(default=1, ge=1)
    force: bool = False
    executor: ExecutorKind = "process"
    ray_address: str | None = None
    extractor: ExtractorSpec = Field(default_factory=ExtractorSpec)
    only: frozenset[str] | None = (
        None  # scan just these files (names relative to root), e.g. one rendering each
    )


class FailedFile(BaseModel):
    path: str
    error: str


class RuleFindings(BaseModel):
    rule: str
    severity: str
    count: int


class ScanReport(BaseModel):
    files: int = 0
    done: int = 0  # extracted in this run
    skipped: int = 0  # done before (same bytes), not redone
    duplicates: int = 0  # same bytes as another file of this run
    failed: list[FailedFile] = Field(default_factory=list)
    ignored: list[FailedFile] = Field(default_factory=list)  # not regular files: never opened for reading
    pages: int = 0
    elapsed_s: float = 0.0
    findings_by_rule: dict[str, int] = Field(default_factory=dict)
    findings: list[RuleFindings] = Field(default_factory=list)  # per rule and severity, rule order
    forms_by_status: dict[str, int] = Field(default_factory=dict)  # review status → forms of the folder

    @property
    def pages_per_minute(self) -> float:
        return self.pages / self.elapsed_s * 60 if self.elapsed_s > 0 else 0.0


def rule_order(key: tuple[str, str]) -> tuple[int, int]:
    """V1 … V12, then errors before warnings before notes."""
    rule, severity = key
    return int(rule[1:]) if rule[1:].isdigit() else 99, {"error": 0, "warning": 1}.get(severity, 2)


class Plan(BaseModel):
    todo: list[WorkItem] = Field(default_factory=list)
    document_ids: list[int] = Field(default_factory=list)  # every distinct document of the folder


class ScanListener(Protocol):
    """What a progress display hears about a scan."""

    def hashed(self, path: Path) -> None: ...

    def planned(self, todo: int) -> None: ...

    def started(self, item: WorkItem) -> None: ...

    def finished(self, outcome: WorkOutcome) -> None: ...


class _Silent:
    def hashed(self, path: Path) -> None:
        pass

    def planned(self, todo: int) -> None:
        pass

    def started(self, item: WorkItem) -> None:
        pass

    def finished(self, outcome: WorkOutcome) -> None:
        pass


def plan_scan(
    store: Store,
    root: Path,
    force: bool,
    report: ScanReport,
    listener: ScanListener,
    only: frozenset[str] | None = None,
) -> Plan:
    """Hash every file (of `only`, when given), register documents and aliases, and list those
    that need extracting."""
    plan, seen = Plan(), set()
    for path in iter_scan_files(root):
        if only is not None and display_name(path, root) not in only:
            continue
        report.files += 1
        try:
            sha, size, media = hash_file(path)
        except NotRegular as exc:
            report.ignored.append(FailedFile(path=display_name(path, root), error=str(exc)))
            continue
        except OSError as exc:
            report.failed.append(
                FailedFile(path=str(path), error=f"{type(exc).__name__}: {exc.strerror or exc}")
            )
            continue
        listener.hashed(path)
        name = str(path.absolute())  # where it is read; results show `display_name`
        with store.transaction() as session:
            row, _ = upsert_document(session, sha256=sha, path=name, media_type=media, size_bytes=size)
            doc_id, status = row.id, row.status
        if sha in seen:
            report.duplicates += 1
        elif status == "done" and not force:
            report.skipped += 1
            plan.document_ids.append(doc_id)
        else:
            item = WorkItem(document_id=doc_id, sha256=sha, path=name, name=display_name(path, root))
            plan.todo.append(item)
            plan.document_ids.append(doc_id)
        seen.add(sha)
    return plan


def _dispatch(store: Store, items: list[WorkItem], listener: ScanListener) -> Iterator[WorkItem]:
    for item in items:
        with store.transaction() as session:
            mark_running(session, item.document_id)
        listener.started(item)
        yield item


def _worker_died(outcome: WorkOutcome) -> bool:
    return outcome.document is None and (outcome.error or "").startswith(WORKER_DIED)


def make_executor(options: ScanOptions) -> Executor:
    if options.executor == "inline":
        return InlineExecutor(options.extractor)
    if options.executor == "ray":
        from service.batch.ray_executor import RayExecutor

        return RayExecutor(options.extractor, options.workers, options.ray_address)
    return ProcessExecutor(options.extractor, options.workers)


def run_scan(store: Store, options: ScanOptions, listener: ScanListener | None = None) -> ScanReport:
    listener = listener or _Silent()
    started = time.perf_counter()
    report = ScanReport()
    with store.reader() as session:
        synonyms = active_synonyms(session)
    spec = options.extractor.model_copy(update={"synonyms": synonyms})
    if options.executor != "ray" and spec.checkpoints is None:  # Ray workers share no disk with us
        spec = spec.model_copy(update={"checkpoints": str(store.config.checkpoints_dir)})
    plan = plan_scan(store, options.root.absolute(), options.force, report, listener, options.only)
    listener.planned(len(plan.todo))
    if plan.todo:
        with make_executor(options.model_copy(update={"extractor": spec})) as executor:
            for outcome in executor.run(_dispatch(store, plan.todo, listener)):
                write_outcome(store, outcome)
                if spec.checkpoints is not None and not _worker_died(outcome):
                    # stored, or failed as a whole: nothing left to resume. A worker's death keeps
                    # the finished pages for the rerun.
                    document_checkpoint(Path(spec.checkpoints), outcome.item.sha256, "").clear()
                if outcome.document is None:
                    report.failed.append(FailedFile(path=outcome.item.path, error=outcome.error or ""))
                else:
                    report.done += 1
                    report.pages += outcome.document.source.page_count
                listener.finished(outcome)
    with store.reader() as session:
        report.findings_by_rule = findings_by_rule(session, plan.document_ids)
        by_severity = findings_by_rule_severity(session, plan.document_ids)
        report.forms_by_status = forms_by_status(session, plan.document_ids)
    report.findings = [
        RuleFindings(rule=rule, severity=severity, count=by_severity[(rule, severity)])
        for rule, severity in sorted(by_severity, key=rule_order)
    ]
    report.elapsed_s = time.perf_counter() - started
    return report
