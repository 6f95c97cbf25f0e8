"""Shared setup of the load and crash runs: a data directory with tokens, scan bytes, polling."""

from __future__ import annotations

import asyncio
import io
import os
import time
from pathlib import Path

import httpx
from PIL import Image, ImageDraw

from bench.paths import sample_scans_dir
from service.storage import Store
from service.storage.tokens import create_token


def make_tokens(data: Path) -> dict[str, str]:
    store = Store.open(data_dir=data)
    try:
        with store.transaction() as session:
            return {
                role: create_token(session, f"bench-{role}", role)[0] for role in ("uploader", "reviewer")
            }
    finally:
        store.close()


def _synthetic(seed: int) -> bytes:
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.line((100, 200 + row * 100, 1140, 200 + row * 100), fill=0, width=2)
    draw.text((120, 120), f"scan {seed}", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def scan_files(count: int) -> list[tuple[str, bytes]]:
    """`count` distinct scans: sample_scans renderings (or synthetic pages), each made unique by a
    few bytes after the image's end (decoders ignore them; the hash differs)."""
    sources = sorted(sample_scans_dir().glob("*/scan.jpg")) + sorted(sample_scans_dir().glob("*/clean.png"))
    files = []
    for i in range(count):
        data = sources[i % len(sources)].read_bytes() if sources else _synthetic(i)
        suffix = sources[i % len(sources)].suffix if sources else ".png"
        files.append((f"bench-{i:03d}{suffix}", data + os.urandom(16)))
    return files


async def wait_done(client: httpx.AsyncClient, ids: list[int], timeout: float) -> dict[str, int]:
    """Poll until every document is done or failed (or time runs out); the status counts."""
    deadline = time.monotonic() + timeout
    while True:
        bodies = [(await client.get(f"/v1/documents/{i}?include_result=false")).json() for i in ids]
        counts: dict[str, int] = {}
        for body in bodies:
            counts[body["status"]] = counts.get(body["status"], 0) + 1
        if counts.get("done", 0) + counts.get("failed", 0) == len(ids) or time.monotonic() > deadline:
            return counts
        await asyncio.sleep(0.5)
