"""`formtally extract` does not pay for the database, REST and review commands it does not run."""

import subprocess
import sys

from typer.testing import CliRunner

from service.cli import LAZY_COMMANDS, app


def test_the_cli_module_imports_no_database_layer() -> None:
    code = "import sys, service.cli; print(sorted(m for m in ('sqlalchemy', 'alembic', 'fastapi') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_every_lazy_command_loads_and_shows_its_help() -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["--help"])
    assert listing.exit_code == 0
    for name in LAZY_COMMANDS:
        assert name in listing.output
        shown = runner.invoke(app, [name, "--help"])
        assert shown.exit_code == 0, (name, shown.output)
        assert "Usage" in shown.output
