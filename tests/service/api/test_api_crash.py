"""SIGKILL the server while jobs run, restart it: every accepted document finishes exactly once."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import select

from bench.load.server import Server, free_port
from service.storage import Store
from service.storage.schema import DocumentRow, JobRow, ResultRow
from tests.service.api.conftest import make_tokens, png_bytes
from tests.service.api.fakes import SLOW

DOCS = 9


def _statuses(client: httpx.Client, ids: list[int]) -> Counter[str]:
    return Counter(client.get(f"/v1/documents/{i}").json()["status"] for i in ids)


def test_sigkill_mid_batch_then_restart_finishes_each_document_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = Store.open(data_dir=data)
    token = make_tokens(store)["uploader"]
    args = ("--workers", "2", "--executor", "thread", "--extractor", SLOW, "--lease", "1.0")
    server = Server(data, free_port(), *args, env={"FORMTALLY_FAKE_DELAY": "0.4"})
    headers = {"Authorization": f"Bearer {token}"}
    try:
        server.start()
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            ids: list[int] = []
            for batch in range(3):
                files = [("files", (f"{batch}-{i}.png", png_bytes(batch * 10 + i))) for i in range(DOCS // 3)]
                response = client.post("/v1/documents", files=files)
                assert response.status_code == 202
                ids += [d["id"] for d in response.json()["documents"]]
            deadline = time.monotonic() + 30
            while _statuses(client, ids)["done"] < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            server.kill()  # mid-batch: some done, some running, most queued
        with store.reader() as s:
            before = Counter(s.scalars(select(DocumentRow.status)))
        assert before["done"] < DOCS and before["queued"] + before["running"] > 0, before

        server.start()
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            deadline = time.monotonic() + 60
            while _statuses(client, ids)["done"] < DOCS and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _statuses(client, ids) == Counter({"done": DOCS})
        assert server.stop() in (0, -15)  # graceful: uvicorn re-raises SIGTERM after its shutdown
    finally:
        server.stop()

    with store.reader() as s:
        results = Counter(s.scalars(select(ResultRow.document_id)))
        jobs = list(s.scalars(select(JobRow)))
    store.close()
    assert results == Counter({i: 1 for i in ids})  # exactly once: one result per document
    assert sorted(j.document_id or 0 for j in jobs) == sorted(ids) and {j.status for j in jobs} == {"done"}
    assert all(1 <= j.attempts <= 2 for j in jobs)
