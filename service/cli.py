"""The `formtally` command line."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Annotated

import typer
from typer import _click as click  # Typer ≥ 0.29 vendors Click; its group methods take these types
from typer.core import TyperGroup

from models import Document
from service.options import check_profile

app = typer.Typer(help="formtally: extract and verify 项目支出绩效自评表 scans.", no_args_is_help=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the extraction result."""
    typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def verify(
    record: Annotated[Path, typer.Argument(help="A result JSON (output.md contract).")],
    profile: Annotated[str, typer.Option(help="Rule profile: national, exec20, stepped.")] = "national",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the record with its findings as JSON instead.")
    ] = False,
) -> None:
    """Recompute every form's findings and print them (rule, severity, message, cells), or the record
    as JSON with --json. Exit code 0 whatever it finds."""
    from verification import PROFILES, verify_document

    try:
        document = Document.model_validate_json(record.read_bytes())
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {record}: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(2) from exc
    check_profile(profile)
    verified = verify_document(document, PROFILES[profile])
    if as_json:
        typer.echo(verified.model_dump_json(indent=2))
        return
    from service.report import document_summary

    typer.echo("\n".join(document_summary(verified)))


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temp file beside `path`, then rename: a crash never leaves half a result."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A scan, photo, multi-page TIFF or PDF.")],
    out: Annotated[Path | None, typer.Option(help="Write the JSON here instead of stdout.")] = None,
    engine: Annotated[
        str,
        typer.Option(
            help="OCR engine: rapidocr-int8 (int8 recogniser, float when in doubt), rapidocr "
            "(float), paddle, tesseract."
        ),
    ] = "rapidocr-int8",
    profile: Annotated[str, typer.Option(help="Rule profile: national, exec20, stepped.")] = "national",
    dpi: Annotated[int, typer.Option(help="Resolution for rendering PDF pages.")] = 300,
    progress: Annotated[bool, typer.Option(help="Show the pages done on stderr.")] = True,
) -> None:
    """Extract every form of FILE into the JSON result contract. Exit code 2 if FILE is unreadable."""
    from extraction.load import LoadError
    from extraction.pipeline import ExtractionFailed, ExtractOptions, extract_file
    from service.batch.page_progress import page_progress

    check_profile(profile)
    try:
        with page_progress(file.name, enabled=progress) as shown:
            document = extract_file(
                file, ExtractOptions(engine=engine, profile=profile, dpi=dpi), progress=shown
            )
    except (LoadError, ExtractionFailed) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    text = document.model_dump_json(indent=2)
    if out is None:
        typer.echo(text)
    else:
        _write_atomically(out, text)


# Each of these commands lives with its package and is imported only when it runs (or for --help):
# the scan, REST and review modules pull in SQLAlchemy, Alembic and Rich, about half a CPU-second
# that `formtally extract` would otherwise pay on every call.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("service.batch.command", "scan_command"),
    "export": ("service.export.command", "export_command"),
    "serve": ("service.api.command", "serve_command"),
    "token": ("service.api.command", "token_app"),
    "review": ("service.review.command", "review_command"),
    "demo": ("service.demo", "demo_command"),
}


class _LazyGroup(TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in LAZY_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, name = LAZY_COMMANDS[cmd_name]
        target = getattr(importlib.import_module(module), name)
        if isinstance(target, typer.Typer):  # a group of subcommands (token)
            group = typer.main.get_group(target)
            group.name = cmd_name
            return group
        single = typer.Typer()
        single.command(cmd_name)(target)
        command = typer.main.get_command(single)
        command.name = cmd_name
        return command


app.info.cls = _LazyGroup


if __name__ == "__main__":
    app()
