"""`formtally review`: start the Streamlit review app (ui/app.py) on the database `formtally scan`
writes. The app is located as a file and run by Streamlit: the service layer never imports ui."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.storage.config import resolve_config


def review_command(
    port: Annotated[int, typer.Option(help="Port of the review app.")] = 8501,
    data: Annotated[Path | None, typer.Option(help="Data directory (as for `formtally scan`).")] = None,
    host: Annotated[
        str, typer.Option(help="Address to serve on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
) -> None:
    """Start the Streamlit review app on the database `formtally scan` writes."""
    spec = importlib.util.find_spec("ui")  # found, not imported
    if spec is None or spec.origin is None:
        typer.echo("error: the ui package (review app) is not installed", err=True)
        raise typer.Exit(2)
    config = resolve_config(data)
    env = os.environ | {"FORMTALLY_DATA": str(config.data_dir)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(Path(spec.origin).with_name("app.py")),
        "--server.address", host, "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        "--client.toolbarMode", "viewer",
    ]  # fmt: skip
    typer.echo(f"formtally review: http://{host}:{port}  (data: {config.data_dir})")
    sys.stdout.flush()
    os.execve(sys.executable, command, env)  # becomes the server: signals to this pid reach Streamlit
