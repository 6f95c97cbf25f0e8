"""Crash run: SIGKILL the server while its workers extract, restart it, and check that every
accepted document finished exactly once (one result each, no job left behind)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import httpx
import psutil
from pydantic import BaseModel

from bench.load.fake import DELAY_ENV, TARGET
from bench.load.scenario import make_tokens, scan_files, wait_done
from bench.load.server import Server, free_port
from service.storage import Store
from service.storage.documents import result_versions
from service.storage.jobs import job_counts


class CrashReport(BaseModel):
    accepted: int
    done_before_kill: int
    in_flight_at_kill: int
    orphan_workers_after_kill: int  # worker processes still alive 2 s after the server died
    done_after_restart: int
    results_per_document: dict[int, int]  # how many documents have 0, 1, 2, … results
    jobs: dict[str, int]
    recovery_s: float  # restart → every document done
    exactly_once: bool


async def _upload_and_kill(server: Server, token: str, count: int, kill_after: int) -> tuple[list[int], int]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=120) as client:
        responses = await asyncio.gather(
            *(client.post("/v1/documents", files=[("files", f)]) for f in scan_files(count))
        )
        ids = [r.json()["documents"][0]["id"] for r in responses if r.status_code == 202]
        while True:
            statuses = Counter(
                [(await client.get(f"/v1/documents/{i}?include_result=false")).json()["status"] for i in ids]
            )
            if statuses["done"] >= kill_after:
                break
            await asyncio.sleep(0.05)
    children = psutil.Process(server.pid).children(recursive=True)
    server.kill()
    time.sleep(2)
    return ids, sum(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)


async def _finish(server: Server, token: str, ids: list[int]) -> dict[str, int]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=server.url, headers=headers, timeout=120) as client:
        return await wait_done(client, ids, timeout=300)


def run_crash(
    data: Path, *, documents: int = 20, workers: int = 2, delay: float = 1.0, lease: float = 5.0
) -> CrashReport:
    token = make_tokens(data)["uploader"]
    args = ("--workers", str(workers), "--executor", "process", "--extractor", TARGET, "--lease", str(lease))
    server = Server(data, free_port(), *args, env={DELAY_ENV: str(delay)})
    store = Store.open(data_dir=data)
    try:
        server.start()
        ids, orphans = asyncio.run(
            _upload_and_kill(server, token, documents, kill_after=max(1, documents // 5))
        )
        server.stop()  # reaps what is left of the killed server's process group
        with store.reader() as s:
            statuses = Counter(job_counts(s))
        started = time.perf_counter()
        server.start()
        final = asyncio.run(_finish(server, token, ids))
        recovery = time.perf_counter() - started
    finally:
        server.stop()
    with store.reader() as s:
        per_doc = Counter(result_versions(s))
        jobs = Counter(job_counts(s))
    store.close()
    histogram = Counter(per_doc.get(i, 0) for i in ids)
    return CrashReport(
        accepted=len(ids),
        done_before_kill=statuses["done"],
        in_flight_at_kill=statuses["running"],
        orphan_workers_after_kill=orphans,
        done_after_restart=final.get("done", 0),
        results_per_document=dict(sorted(histogram.items())),
        jobs=dict(jobs),
        recovery_s=round(recovery, 2),
        exactly_once=histogram == Counter({1: len(ids)}) and jobs == Counter({"done": len(ids)}),
    )
