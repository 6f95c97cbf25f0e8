"""The `formtally export` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

ExportFormat = Literal["json", "csv", "xlsx", "html"]


def export_command(
    record: Annotated[
        Path | None, typer.Argument(help="A result JSON file to export instead of stored results.")
    ] = None,
    *,
    format: Annotated[ExportFormat, typer.Option("--format", help="json, csv, xlsx or html.")],
    out: Annotated[Path, typer.Option(help="Output file or directory (see docs/exports.md).")],
    document: Annotated[
        int | None,
        typer.Option(
            help="Export this document: its document id, as `scan` lists it and the REST upload returns it "
            "(not a form id: see --form)."
        ),
    ] = None,
    form: Annotated[
        int | None,
        typer.Option(
            help="Export this form alone: its form id, as the review queue and /v1/forms/{id} show it "
            "(not a document id: see --document)."
        ),
    ] = None,
    folder: Annotated[str | None, typer.Option(help="Export documents seen under this path prefix.")] = None,
    query: Annotated[
        str | None, typer.Option(help='Form filters, e.g. "status=needs_review year=2022 rule=V3".')
    ] = None,
    data: Annotated[Path | None, typer.Option(help="Data directory (default $FORMTALLY_DATA).")] = None,
) -> None:
    """Export stored results (all done documents unless --document, --form, --folder or --query
    narrows them), or the result JSON file RECORD (`formtally export R.json --format xlsx --out R.xlsx`)."""
    from service.export.run import export_result_file, run_export
    from service.export.select import named_selection
    from service.storage import StorageError, Store

    if sum(x is not None for x in (record, document, form, folder, query)) > 1:
        typer.echo("error: give at most one of RECORD, --document, --form, --folder, --query", err=True)
        raise typer.Exit(2)
    if record is not None:
        try:
            written = export_result_file(record, format, out)
        except (StorageError, ValueError, OSError) as exc:
            typer.echo(f"error: {record}: {str(exc).splitlines()[0]}", err=True)
            raise typer.Exit(2) from exc
        for path in written:
            typer.echo(str(path))
        return
    store = Store.open(data_dir=data)
    try:
        if document is not None or form is not None:
            with store.reader() as session:  # say what the id named: a mixed-up id shows at once
                typer.echo(
                    f"exporting {named_selection(session, document_id=document, form_id=form)}", err=True
                )
        written = run_export(
            store, format, out, document_id=document, form_id=form, folder=folder, query=query
        )
    except (StorageError, ValueError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    for path in written:
        typer.echo(str(path))
