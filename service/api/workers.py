"""Background extraction workers fed by the jobs table.

Each worker is a thread that leases a job, runs the extractor in its own child process (or, for
fakes and tests, a helper thread), renews the lease while it runs, and writes the outcome in one
transaction. A job whose lease runs out (server killed) is leased again after a restart.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
import uuid
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from functools import partial
from pathlib import Path

from extraction.load import LoadLimits
from service.api import queue
from service.api.blobs import BlobStore
from service.api.settings import ApiSettings
from service.batch.work import (
    DEFAULT_EXTRACTOR,
    ExtractFn,
    ExtractorSpec,
    WorkItem,
    WorkOutcome,
    build_extractor,
    limit_threads,
    run_item,
)
from service.storage import PageImageRef, Store, mark_running, save_result
from service.storage.jobs import lease_job
from service.storage.schema import DocumentRow
from service.storage.synonyms import active_synonyms

log = logging.getLogger("formtally.api.workers")
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def make_extractor(spec: ExtractorSpec, limits: LoadLimits) -> ExtractFn:
    """The pipeline with the service's load limits, or the `module:function` a test injects."""
    if spec.target != DEFAULT_EXTRACTOR:
        return build_extractor(spec)
    from extraction.pipeline import ExtractOptions, extract_file

    options = ExtractOptions(threads=spec.threads, extra_synonyms=spec.synonyms, limits=limits)
    return partial(extract_file, options=options)


# In a worker child process: built once by the initializer, used for every job it gets.
_child_extract: ExtractFn | None = None
_child_spec: ExtractorSpec | None = None


def _die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this worker when the server dies (SIGKILL included), so no orphan keeps
    burning CPU on a job that another worker will redo after the lease expires."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(1)


def _init_child(spec: ExtractorSpec, limits: LoadLimits, parent: int) -> None:
    global _child_extract, _child_spec
    _die_with_parent(parent)
    limit_threads(spec.threads)
    _child_spec, _child_extract = spec, make_extractor(spec, limits)


def _run_in_child(item: WorkItem, path: Path) -> WorkOutcome:
    assert _child_extract is not None and _child_spec is not None
    return run_item(_child_extract, _child_spec, item, path)


class Worker:
    def __init__(
        self, store: Store, blobs: BlobStore, settings: ApiSettings, spec: ExtractorSpec, index: int
    ) -> None:
        self.store, self.blobs, self.settings, self.spec = store, blobs, settings, spec
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{index}:{uuid.uuid4().hex[:8]}"
        self.lease = timedelta(seconds=settings.lease_s)
        self.stopping = threading.Event()
        self._pool: Executor | None = None
        self._inline: ExtractFn | None = None
        self._thread = threading.Thread(target=self._loop, name=f"formtally-worker-{index}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        self._kill_pool()
        self._thread.join(timeout)
        with self.store.transaction() as session:
            queue.release(session, self.owner)

    def _new_pool(self) -> Executor:
        if self.settings.executor == "thread":
            if self._inline is None:
                self._inline = make_extractor(self.spec, self.settings.limits)
            return ThreadPoolExecutor(1, thread_name_prefix="formtally-extract")
        # spawn, not fork: ONNX Runtime and OpenCV thread pools do not survive a fork
        return ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_child,
            initargs=(self.spec, self.settings.limits, os.getpid()),
        )

    def _kill_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if isinstance(pool, ProcessPoolExecutor):
            # a running OCR call cannot be cancelled: end the child (its job's lease is released);
            # then wait, which is quick, so the pool's queues and semaphores are cleaned up
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.shutdown(wait=False, cancel_futures=True)  # a thread cannot be stopped: let it finish

    def _submit(self, item: WorkItem, path: Path) -> Future[WorkOutcome]:
        if self._pool is None:
            self._pool = self._new_pool()
        if self._inline is not None:
            return self._pool.submit(run_item, self._inline, self.spec, item, path)
        return self._pool.submit(_run_in_child, item, path)

    def _loop(self) -> None:
        last_reap = 0.0
        while not self.stopping.is_set():
            try:
                if time.monotonic() - last_reap > self.settings.lease_s:
                    with self.store.transaction() as session:
                        queue.reap(session)
                    last_reap = time.monotonic()
                if not self.step():
                    self.stopping.wait(self.settings.poll_s)
            except Exception:  # e.g. the database is briefly unreachable: log it, keep serving
                log.exception("worker %s: job loop error", self.owner)
                self.stopping.wait(self.settings.poll_s)
        self._kill_pool()

    def _lease(self) -> tuple[int, WorkItem | None] | None:
        """(job id, what to extract, or None when the job needed no extraction); None: queue empty."""
        with self.store.transaction() as session:
            job = lease_job(session, self.owner, self.lease)
            if job is None:
                return None
            document = session.get(DocumentRow, job.document_id) if job.document_id is not None else None
            if document is None:
                queue.fail(session, job.id, self.owner, "NotFound: the job's document was deleted")
                return job.id, None
            if document.status == "done":  # extracted already (e.g. by a worker whose lease ran out)
                queue.complete(session, job.id, self.owner)
                return job.id, None
            mark_running(session, document.id)
            return job.id, WorkItem(document_id=document.id, sha256=document.sha256, path=document.path)

    def step(self) -> bool:
        """Lease and run one job; False when the queue is empty."""
        leased = self._lease()
        if leased is None:
            return False
        job_id, item = leased
        if item is None:
            return True
        path = self.blobs.path(item.sha256)
        if not path.is_file():
            with self.store.transaction() as session:
                queue.fail(session, job_id, self.owner, "FileNotFoundError: the uploaded bytes are missing")
            return True
        try:
            outcome = self._run(job_id, item, path)
        except BrokenProcessPool:
            self._kill_pool()
            if self.stopping.is_set():
                return True  # stop() released the lease already
            with self.store.transaction() as session:
                queue.retry(
                    session, job_id, self.owner, "WorkerDied: the worker process died on this document"
                )
            return True
        try:
            self._write(job_id, outcome)
        except queue.LeaseLost:
            log.warning("job %s: lease lost while extracting; another worker redoes it", job_id)
        return True

    def _run(self, job_id: int, item: WorkItem, path: Path) -> WorkOutcome:
        future = self._submit(item, path)
        while True:
            done, _ = wait([future], timeout=self.settings.lease_s / 3)
            if done:
                return future.result()
            with self.store.transaction() as session:
                if not queue.renew(session, job_id, self.owner, self.lease):
                    log.warning("job %s: lease taken over while extracting", job_id)

    def _write(self, job_id: int, outcome: WorkOutcome) -> None:
        if outcome.document is None:
            with self.store.transaction() as session:
                queue.fail(session, job_id, self.owner, outcome.error or "unknown error")
            return
        refs = [
            PageImageRef(index=p.index, sha256=self.store.pages.put(p.png), width=p.width, height=p.height)
            for p in outcome.pages
        ]
        with self.store.transaction() as session:
            queue.complete(session, job_id, self.owner)  # first: takes the write lock, proves the lease
            document = session.get(DocumentRow, outcome.item.document_id)
            if document is not None and document.status != "done":
                save_result(session, document.id, outcome.document, refs)


class JobRunner:
    """The service's workers; `workers=0` serves the API only (workers run elsewhere)."""

    def __init__(self, store: Store, blobs: BlobStore, settings: ApiSettings) -> None:
        self.store, self.blobs, self.settings = store, blobs, settings
        self.workers: list[Worker] = []

    def start(self) -> None:
        if self.settings.workers == 0:
            return
        with self.store.reader() as session:
            synonyms = active_synonyms(session)
        spec = ExtractorSpec(
            target=self.settings.extractor,
            threads=self.settings.threads_per_worker,
            synonyms=synonyms,
            render_pages=self.settings.render_pages,
        )
        self.workers = [
            Worker(self.store, self.blobs, self.settings, spec, i) for i in range(self.settings.workers)
        ]
        for worker in self.workers:
            worker.start()

    def alive(self) -> int:
        return sum(w.alive() for w in self.workers)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stopping.set()
        for worker in self.workers:
            worker.stop()
