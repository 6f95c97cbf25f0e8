"""A Ray executor: an actor pool, each actor holding one extract function (one loaded OCR engine).

Files travel as bytes through Ray's object store, so workers on other machines need no shared
filesystem; outcomes come back to the driver, which alone writes the database. `address=None` starts
(or joins) a local Ray; `ray://host:10001` connects to a cluster.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from service.batch.work import (
    ExtractorSpec,
    WorkItem,
    WorkOutcome,
    build_extractor,
    error_line,
    limit_threads,
    run_item,
)


class _Actor:
    def __init__(self, spec: ExtractorSpec) -> None:
        limit_threads(spec.threads)
        self.spec, self.extract = spec, build_extractor(spec)

    def work(self, item: WorkItem, data: bytes) -> WorkOutcome:
        suffix = Path(item.path).suffix
        with tempfile.TemporaryDirectory(prefix="formtally-") as tmp:
            path = Path(tmp) / f"{item.sha256}{suffix}"  # never the sender's file name
            path.write_bytes(data)
            return run_item(self.extract, self.spec, item, path=path)


class RayExecutor:
    def __init__(self, spec: ExtractorSpec, workers: int, address: str | None = None) -> None:
        self.spec, self.workers, self.address = spec, max(1, workers), address
        self._actors: list[Any] = []
        self._started_ray = False

    def __enter__(self) -> RayExecutor:
        import ray

        if not ray.is_initialized():
            ray.init(
                address=self.address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
                runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(sys.path)}}
                if self.address is None
                else None,
            )
            self._started_ray = True
        remote = ray.remote(num_cpus=self.spec.threads)(_Actor)
        self._actors = [remote.remote(self.spec) for _ in range(self.workers)]
        return self

    def __exit__(self, *_: object) -> None:
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started_ray:
            ray.shutdown()

    def run(self, items: Iterable[WorkItem]) -> Iterator[WorkOutcome]:
        import ray
        from ray.exceptions import RayActorError, RayError

        idle = list(self._actors)
        running: dict[Any, tuple[Any, WorkItem]] = {}  # object ref → (actor, item)
        pending = iter(items)
        while True:
            while idle and (item := next(pending, None)) is not None:
                try:
                    data = Path(item.path).read_bytes()
                except OSError as exc:
                    yield WorkOutcome(item=item, error=error_line(exc))
                    continue
                actor = idle.pop()
                running[actor.work.remote(item, data)] = (actor, item)
            if not running:
                return
            (ref,), _ = ray.wait(list(running), num_returns=1)
            actor, item = running.pop(ref)
            try:
                outcome: WorkOutcome = ray.get(ref)
            except RayActorError as exc:  # the actor died: replace it, record the file as failed
                actor = self._replace(actor)
                outcome = WorkOutcome(item=item, error=f"WorkerDied: {error_line(exc)}")
            except RayError as exc:
                outcome = WorkOutcome(item=item, error=error_line(exc))
            idle.append(actor)
            yield outcome

    def _replace(self, dead: Any) -> Any:
        import ray

        remote = ray.remote(num_cpus=self.spec.threads)(_Actor)
        fresh = remote.remote(self.spec)
        self._actors = [fresh if a is dead else a for a in self._actors]
        return fresh
