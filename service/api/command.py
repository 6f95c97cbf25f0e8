"""`formtally serve` and `formtally token create|revoke|list`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import typer

from service.options import check_profile
from service.storage.tokens import Role

DataOption = Annotated[Path | None, typer.Option(help="Data directory (default $FORMTALLY_DATA).")]


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(help="Extraction worker processes (default: CPU cores; 0: API only).")
    ] = -1,
    data: DataOption = None,
    executor: Annotated[
        Literal["process", "thread"],
        typer.Option(help="Run extractions in processes or threads.", hidden=True),
    ] = "process",
    extractor: Annotated[
        str | None, typer.Option(help="module:function extracting one file (tests, load runs).", hidden=True)
    ] = None,
    lease: Annotated[float, typer.Option(help="Job lease in seconds.", hidden=True)] = 60.0,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    profile: Annotated[
        str, typer.Option(help="Rule profile of new extractions: national, exec20, stepped.")
    ] = "national",
) -> None:
    """Serve the REST API (OpenAPI at /docs and /openapi.json) with background extraction workers."""
    import uvicorn

    check_profile(profile)

    from service.api.app import create_app
    from service.api.settings import ApiSettings, default_extractor

    cores = os.cpu_count() or 1
    count = cores if workers < 0 else workers
    settings = ApiSettings(
        data_dir=data,
        workers=count,
        executor=executor,
        extractor=extractor or default_extractor(),
        threads_per_worker=1,  # one intra-op thread per worker: parallelism comes from workers
        lease_s=lease,
        profile=profile,
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, timeout_graceful_shutdown=10)


token_app = typer.Typer(help="API tokens for the REST service.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="reviewer, uploader or admin.")],
    name: Annotated[str, typer.Option(help="Who or what uses the token.")] = "api",
    data: DataOption = None,
) -> None:
    """Create a token and print its secret (once: only a hash is stored)."""
    from service.storage import Store
    from service.storage.tokens import create_token

    store = Store.open(data_dir=data)
    try:
        with store.transaction() as session:
            secret, info = create_token(session, name, role, created_by="cli")
    finally:
        store.close()
    typer.echo(f"created token {info.id} ({info.role}, {info.name}); it is not shown again:", err=True)
    typer.echo(secret)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see `token list`).")], data: DataOption = None
) -> None:
    """Revoke a token: its next request gets 401."""
    from service.storage import NotFound, Store
    from service.storage.tokens import revoke_token

    store = Store.open(data_dir=data)
    try:
        with store.transaction() as session:
            info = revoke_token(session, token_id)
    except NotFound as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(f"revoked token {info.id} ({info.role}, {info.name})")


@token_app.command("list")
def token_list(data: DataOption = None) -> None:
    """List tokens (id, role, name, created, last used, revoked)."""
    from service.storage import Store
    from service.storage.tokens import list_tokens

    store = Store.open(data_dir=data)
    try:
        with store.reader() as session:
            tokens = list_tokens(session)
    finally:
        store.close()
    for t in tokens:
        used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never"
        revoked = f"revoked {t.revoked_at.isoformat(timespec='seconds')}" if t.revoked_at else "active"
        typer.echo(
            f"{t.id}\t{t.role}\t{t.name}\tcreated {t.created_at.isoformat(timespec='seconds')}\tused {used}\t{revoked}"
        )
