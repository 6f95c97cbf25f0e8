"""`formtally demo`: the main job on the bundled sample scans, then the review app on the results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.batch.command import scan_command
from service.review.command import review_command

SAMPLES = Path(__file__).resolve().parents[1] / "sample_scans"


def demo_command(
    data: Annotated[Path | None, typer.Option(help="Data directory (default $FORMTALLY_DATA).")] = None,
    workers: Annotated[int, typer.Option(help="Parallel workers (default: CPU cores).")] = 0,
    review: Annotated[bool, typer.Option(help="Start the review app when the scan is done.")] = True,
    port: Annotated[int, typer.Option(help="Port of the review app.")] = 8501,
) -> None:
    """Scan sample_scans/ into the database (resumable), print the summary, open the review app."""
    if not SAMPLES.is_dir():
        typer.echo(f"error: {SAMPLES}: the bundled sample scans are missing", err=True)
        raise typer.Exit(2)
    typer.echo(f"formtally demo: scanning {SAMPLES} (a rerun skips what is done)")
    try:
        scan_command(SAMPLES, workers=workers, data=data)
    except typer.Exit as exit_:
        if exit_.exit_code not in (0, None):
            typer.echo("some sample files failed; see the summary above", err=True)
            if not review:
                raise
    if review:
        review_command(port=port, data=data)
