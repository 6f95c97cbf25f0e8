"""Background extraction workers fed by the jobs table.

Each worker is a thread that leases a job, runs the extractor in its own child process (or, for
fakes and tests, a helper thread), renews the lease while it runs, and writes the outcome in one
transaction. A job whose lease runs out (server killed) is leased again after a restart.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta
from pathlib import Path

from service.api.settings import ApiSettings
from service.app import claim_job, finish_job
from service.batch import work
from service.batch.work import ExtractFn, ExtractorSpec, WorkItem, WorkOutcome, start_pool
from service.storage import Store
from service.storage.blobs import BlobStore
from service.storage.jobs import LeaseLost, fail_job, reap_jobs, release_jobs, renew_lease, retry_job
from service.storage.synonyms import active_synonyms

log = logging.getLogger("formtally.api.workers")


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
            release_jobs(session, self.owner)

    def _new_pool(self) -> Executor:
        if self.settings.executor == "thread":
            if self._inline is None:
                self._inline = work.build_extractor(self.spec)
            return ThreadPoolExecutor(1, thread_name_prefix="formtally-extract")
        return start_pool(self.spec, 1)

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
            return self._pool.submit(work.run_item, self._inline, self.spec, item, path)
        return self._pool.submit(work.work_in_worker, item, path)

    def _loop(self) -> None:
        last_reap = 0.0
        while not self.stopping.is_set():
            try:
                if time.monotonic() - last_reap > self.settings.lease_s:
                    with self.store.transaction() as session:
                        reap_jobs(session)
                    last_reap = time.monotonic()
                if not self.step():
                    self.stopping.wait(self.settings.poll_s)
            except Exception:  # e.g. the database is briefly unreachable: log it, keep serving
                log.exception("worker %s: job loop error", self.owner)
                self.stopping.wait(self.settings.poll_s)
        self._kill_pool()

    def step(self) -> bool:
        """Lease and run one job; False when the queue is empty."""
        leased = claim_job(self.store, self.owner, self.lease)
        if leased is None:
            return False
        job_id, item = leased
        if item is None:
            return True
        path = self.blobs.path(item.sha256)
        if not path.is_file():
            with self.store.transaction() as session:
                fail_job(session, job_id, self.owner, "FileNotFoundError: the uploaded bytes are missing")
            return True
        try:
            outcome = self._run(job_id, item, path)
        except BrokenProcessPool:
            self._kill_pool()
            if self.stopping.is_set():
                return True  # stop() released the lease already
            with self.store.transaction() as session:
                retry_job(session, job_id, self.owner, "WorkerDied: the worker process died on this document")
            return True
        try:
            finish_job(self.store, job_id, self.owner, outcome)
        except LeaseLost:
            log.warning("job %s: lease lost while extracting; another worker redoes it", job_id)
        return True

    def _run(self, job_id: int, item: WorkItem, path: Path) -> WorkOutcome:
        future = self._submit(item, path)
        while True:
            done, _ = wait([future], timeout=self.settings.lease_s / 3)
            if done:
                return future.result()
            with self.store.transaction() as session:
                if not renew_lease(session, job_id, self.owner, self.lease):
                    log.warning("job %s: lease taken over while extracting", job_id)


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
            profile=self.settings.profile,
            limits=self.settings.limits,
            time_limit_s=self.settings.time_limit_s,
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
