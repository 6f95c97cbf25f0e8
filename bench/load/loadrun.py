"""Load run: N concurrent uploads, then M concurrent result reads, then two reviewers correcting the
same form at once (round after round), against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from bench.load.fake import DELAY_ENV, TARGET
from bench.load.measure import Latency, PeakMemory, latency
from bench.load.scenario import make_tokens, scan_files, wait_done
from bench.load.server import Server, free_port


class CorrectionRun(BaseModel):
    rounds: int
    patches: int
    conflicts: int  # 409s answered, each followed by a reload and a successful retry
    lost_updates: int  # corrections missing from the final form (must be 0)
    final_version_ok: bool


class LoadReport(BaseModel):
    uploads: Latency
    extracted: dict[str, int]
    extraction_wall_s: float
    reads: Latency
    corrections: CorrectionRun
    peak_server_mb: float
    peak_tree_mb: float
    workers: int
    executor: str


async def _timed(call: Any) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        response = await call
        ok = response.status_code < 400
    except httpx.HTTPError:
        ok = False
    return time.perf_counter() - started, ok


async def _phase(calls: list[Any]) -> Latency:
    started = time.perf_counter()
    results = await asyncio.gather(*(_timed(c) for c in calls))
    wall = time.perf_counter() - started
    return latency([t for t, ok in results if ok], sum(not ok for _, ok in results), wall)


async def _reviewer(client: httpx.AsyncClient, form_id: int, path: str, text: str, version: int) -> int:
    """PATCH at `version`; on 409 reload and retry. Returns the number of conflicts met."""
    conflicts = 0
    while True:
        body = {"version": version, "corrections": [{"path": path, "text": text}]}
        response = await client.patch(f"/v1/forms/{form_id}/fields", json=body)
        if response.status_code == 200:
            return conflicts
        if response.status_code != 409:
            raise RuntimeError(f"correction failed: {response.status_code} {response.text}")
        conflicts += 1
        version = (await client.get(f"/v1/forms/{form_id}")).json()["version"]


async def _corrections(url: str, token: str, form_id: int, rounds: int) -> CorrectionRun:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as a,
        httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as b,
    ):
        start = (await a.get(f"/v1/forms/{form_id}")).json()["version"]
        conflicts = 0
        for r in range(rounds):
            version = (await a.get(f"/v1/forms/{form_id}")).json()["version"]
            found = await asyncio.gather(
                _reviewer(a, form_id, "fields.total_score", str(90 + r % 10), version),
                _reviewer(b, form_id, "fields.grade", f"等级{r}", version),
            )
            conflicts += sum(found)
        final = (await a.get(f"/v1/forms/{form_id}")).json()
    fields = final["record"]["fields"]
    last = rounds - 1
    lost = int(fields["total_score"]["text"] != str(90 + last % 10)) + int(
        fields["grade"]["text"] != f"等级{last}"
    )
    return CorrectionRun(
        rounds=rounds,
        patches=2 * rounds + conflicts,
        conflicts=conflicts,
        lost_updates=lost,
        final_version_ok=final["version"] == start + 2 * rounds,
    )


async def _run(
    server: Server, tokens: dict[str, str], uploads: int, reads: int, rounds: int, memory: PeakMemory
) -> LoadReport:
    files = scan_files(uploads)
    limits = httpx.Limits(max_connections=reads + 10, max_keepalive_connections=reads + 10)
    up = {"Authorization": f"Bearer {tokens['uploader']}"}
    async with httpx.AsyncClient(base_url=server.url, headers=up, timeout=120, limits=limits) as client:
        calls = [client.post("/v1/documents", files=[("files", (name, data))]) for name, data in files]
        responses: list[httpx.Response] = []

        async def keep(call: Any) -> httpx.Response:
            response: httpx.Response = await call
            responses.append(response)
            return response

        upload_stats = await _phase([keep(c) for c in calls])
        ids = [r.json()["documents"][0]["id"] for r in responses if r.status_code == 202]
        started = time.perf_counter()
        extracted = await wait_done(client, ids, timeout=600)
        extraction_wall = time.perf_counter() - started
        rng = random.Random(0)
        read_stats = await _phase([client.get(f"/v1/documents/{rng.choice(ids)}") for _ in range(reads)])
        form_id = (await client.get(f"/v1/documents/{ids[0]}")).json()["forms"][0]["id"]
    corrections = await _corrections(server.url, tokens["reviewer"], form_id, rounds)
    return LoadReport(
        uploads=upload_stats,
        extracted=extracted,
        extraction_wall_s=round(extraction_wall, 2),
        reads=read_stats,
        corrections=corrections,
        peak_server_mb=round(memory.server_mb, 1),
        peak_tree_mb=round(memory.tree_mb, 1),
        workers=0,
        executor="",
    )


def run_load(
    data: Path,
    *,
    uploads: int = 50,
    reads: int = 200,
    rounds: int = 10,
    workers: int = 2,
    delay: float = 0.2,
    executor: str = "process",
) -> LoadReport:
    tokens = make_tokens(data)
    args = ("--workers", str(workers), "--executor", executor, "--extractor", TARGET)
    server = Server(data, free_port(), *args, env={DELAY_ENV: str(delay)})
    try:
        server.start()
        with PeakMemory(server.pid) as memory:
            report = asyncio.run(_run(server, tokens, uploads, reads, rounds, memory))
    finally:
        server.stop()
    return report.model_copy(update={"workers": workers, "executor": executor})
