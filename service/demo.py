"""`formtally demo`: the review app on the bundled sample scans within minutes.

One rendering of each sample form (the clean one) is scanned first, then the review app opens while
a background process scans the other renderings; the app shows that scan's progress, read from the
database. The scan is resumable: a rerun skips what is done and opens the app at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.batch.command import scan_command
from service.batch.files import iter_scan_files
from service.review.command import review_command
from service.storage.config import resolve_config

SAMPLES = Path(__file__).resolve().parents[1] / "sample_scans"
REPO = Path(__file__).resolve().parents[1]
LOG_NAME = "demo-scan.log"


def first_renderings(root: Path) -> list[str]:
    """One file per sample form (its clean.* rendering, else its first scan), relative to `root`."""
    chosen = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = list(iter_scan_files(folder))
        clean = [f for f in files if f.stem == "clean"]
        if files:
            chosen.append((clean or files)[0].relative_to(root).as_posix())
    return chosen


def _scan(workers: int, data: Path | None, only: list[str] | None) -> None:
    try:
        scan_command(SAMPLES, workers=workers, data=data, only=only)
    except typer.Exit as exit_:
        if exit_.exit_code not in (0, None):
            typer.echo("some sample files failed; see the summary above", err=True)


def _die_with_parent() -> None:
    """In the background scan's child: lower its priority (the app stays responsive) and, on Linux,
    end it with the demo (a stopped demo must not leave a scan running; a rerun resumes it)."""
    os.nice(5)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_background_scan(data_dir: Path, workers: int) -> subprocess.Popen[bytes]:
    """`formtally scan sample_scans/` in a child process, plain progress lines to the demo log."""
    log = (data_dir / LOG_NAME).open("ab")
    command = [sys.executable, "-m", "service.cli", "scan", str(SAMPLES), "--data", str(data_dir)]
    if workers:
        command += ["--workers", str(workers)]
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    }
    return subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, preexec_fn=_die_with_parent
    )


def demo_command(
    data: Annotated[Path | None, typer.Option(help="Data directory (default $FORMTALLY_DATA).")] = None,
    workers: Annotated[int, typer.Option(help="Parallel workers (default: CPU cores).")] = 0,
    review: Annotated[bool, typer.Option(help="Open the review app after the first renderings.")] = True,
    port: Annotated[int, typer.Option(help="Port of the review app.")] = 8501,
) -> None:
    """Scan one rendering of each sample form, open the review app, scan the rest in the background."""
    if not SAMPLES.is_dir():
        typer.echo(f"error: {SAMPLES}: the bundled sample scans are missing", err=True)
        raise typer.Exit(2)
    first = first_renderings(SAMPLES)
    typer.echo(f"formtally demo: scanning one rendering of each of {len(first)} sample forms first")
    _scan(workers, data, first)
    if not review:
        typer.echo("formtally demo: scanning the other renderings")
        _scan(workers, data, None)
        return
    data_dir = resolve_config(data).data_dir
    child = start_background_scan(data_dir, workers)
    typer.echo(
        f"formtally demo: the other renderings are scanned in the background (pid {child.pid}, "
        f"log {data_dir / LOG_NAME}); the review app shows the progress"
    )
    review_command(port=port, data=data_dir)
