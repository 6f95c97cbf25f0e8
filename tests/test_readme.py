"""The README's shell blocks run as written: the commands on one file, and the REST session against a
server it starts itself on 127.0.0.1 (a free port, its own data and output directories). The
blocks are taken from the README's text, so the README cannot drift from what works."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.record import Document

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
TIME_LIMIT_S = 600  # real OCR on one page, on a busy machine


def shell_block(heading: str) -> str:
    """The first ```sh block under the README heading `heading`."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no sh block under {heading!r}"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_block(block: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`bash -e` on the block from the repository root; `formtally` is this checkout's CLI, temp
    files go under tmp_path (TMPDIR), and the whole process group ends when the time is up."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "formtally"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m service.cli "$@"\n')
    shim.chmod(0o755)
    (tmp_path / "tmp").mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in ("FORMTALLY_DATA", "FORMTALLY_DB")}
    environment |= {
        "PATH": f"{bin_dir}{os.pathsep}{environment.get('PATH', '')}",
        "PYTHONPATH": str(REPO),
        "TMPDIR": str(tmp_path / "tmp"),
        **env,
    }
    process = subprocess.Popen(
        ["bash", "-e", "-c", block],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"the README block ran over {TIME_LIMIT_S} s:\n{out[-2000:]}\n{err[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # whatever the block left running (a server)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def only_dir(parent: Path, containing: str) -> Path:
    found = [p for p in parent.iterdir() if (p / containing).exists()]
    assert len(found) == 1, (containing, list(parent.iterdir()))
    return found[0]


def test_the_commands_on_one_file_run_as_written(tmp_path: Path) -> None:
    done = run_block(shell_block("The commands on one file"), tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = only_dir(tmp_path / "tmp", "R.json")
    document = Document.model_validate_json((out / "R.json").read_bytes())
    assert document.forms and document.source.path.endswith("anhui_town_2022_dlmh/clean.png")
    assert re.search(r"^form \S+ · ", done.stdout, re.M)  # the verify summary
    verified = Document.model_validate_json((out / "verified.json").read_bytes())
    assert [f.id for f in verified.forms] == [f.id for f in document.forms]
    assert json.loads((out / "schema.json").read_text())["title"] == "Document"
    assert load_workbook(out / "R.xlsx").sheetnames == ["自评表", "问题", "字段"]
    assert (out / "csv" / "forms.csv").exists()


def test_the_rest_session_runs_as_written(tmp_path: Path) -> None:
    port = free_port()
    done = run_block(shell_block("REST API in one curl session"), tmp_path, PORT=str(port))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert '"status":"ok"' in done.stdout and '"version_conflict"' in done.stdout
    out = only_dir(tmp_path / "tmp", "result.json")
    result = json.loads((out / "result.json").read_text())
    assert result["status"] == "done" and result["name"] == "scan.jpg"
    form = result["forms"][0]
    corrected = json.loads((out / "corrected.json").read_text())
    assert corrected["id"] == form["id"] and corrected["version"] == form["version"] + 1
    assert corrected["record"]["funds"]["rows"][0]["exec_score"]["text"] == "6.56"
    # the correction is right for this form: 执行率得分 agrees with 分值 × 执行率 (no V3 error left)
    assert not [f for f in corrected["findings"] if f["rule"] == "V3" and f["severity"] == "error"]
    assert load_workbook(out / "form.xlsx").sheetnames == ["自评表", "问题", "字段"]
    findings = json.loads(done.stdout.strip().splitlines()[-1])  # the last request: findings of V3
    assert {"items", "total"} <= set(findings) and all(f["rule"] == "V3" for f in findings["items"])
    with socket.socket() as s:  # the session stopped its server
        assert s.connect_ex(("127.0.0.1", port)) != 0
