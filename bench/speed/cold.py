"""A cold `formtally extract` of one page: a fresh interpreter, imports, model loading and the page."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.speed.worker import SINGLE_THREAD_ENV


def cold_extract(path: Path) -> tuple[float, float]:
    """(wall s, CPU-s) of `python -m service.cli extract PATH` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "service.cli", "extract", str(path), "--out", f"{out}/doc.json"]
        started = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, **SINGLE_THREAD_ENV}
        )
        wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu
