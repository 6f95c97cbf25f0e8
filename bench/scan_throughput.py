"""Throughput of `formtally scan` over the same pages: 1 and 2 worker processes, and Ray.

    python -m bench.scan_throughput [--renderings clean,seal,fax] [--executors process:1,process:2,ray:2]

Each run scans a fresh data directory (nothing skipped) in a subprocess, without page images, and
prints pages/min and the ratio to the first run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "sample_scans"


def _collect(renderings: list[str], into: Path) -> int:
    """Single-page sample files of the chosen renderings, copied (names made unique); page count."""
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest if isinstance(manifest, list) else manifest["files"]
    pages = 0
    for entry in entries:
        if entry["rendering"] in renderings and entry["pages"] == 1:
            source = SAMPLES / entry["file"]
            shutil.copy(source, into / f"{entry['form_id']}_{source.name}")
            pages += 1
    return pages


def _run(folder: Path, executor: str, workers: int) -> float:
    with tempfile.TemporaryDirectory() as data:
        command = [
            sys.executable, "-m", "service.cli", "scan", str(folder), "--workers", str(workers),
            "--executor", executor, "--data", data, "--no-pages", "--no-progress",
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--renderings", default="clean,seal,fax")
    parser.add_argument("--executors", default="process:1,process:2,ray:2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pages = _collect(args.renderings.split(","), Path(folder))
        print(f"{pages} pages ({args.renderings}), wall time includes start-up and model loading\n")
        print("| executor | workers | seconds | pages/min | × first |\n|---|---:|---:|---:|---:|")
        first: float | None = None
        for spec in args.executors.split(","):
            executor, _, workers = spec.partition(":")
            seconds = _run(Path(folder), executor, int(workers or 1))
            rate = pages / seconds * 60
            first = first or rate
            print(f"| {executor} | {workers} | {seconds:.1f} | {rate:.1f} | {rate / first:.2f} |", flush=True)


if __name__ == "__main__":
    main()
