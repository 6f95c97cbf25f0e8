"""`formtally scan`: bad files, duplicates, reruns, --force, and a SIGKILL half-way."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from service.batch.scan import ScanOptions, run_scan
from service.batch.work import ExtractorSpec
from service.cli import app
from service.storage import Store
from service.storage.schema import DocumentPathRow, DocumentRow, FindingRow, FormRow, PageImageRow, ResultRow
from tests.service.conftest import make_folder, write_scan

REPO = Path(__file__).resolve().parents[2]
FAKE = "tests.service.fakes:fake_extract"


def _options(root: Path, **kw: Any) -> ScanOptions:
    spec = ExtractorSpec(target=kw.pop("target", FAKE))
    return ScanOptions(root=root, extractor=spec, **{"executor": "inline", **kw})


def dump(store: Store) -> dict[str, Any]:
    """The database content that must not depend on run order or crashes (ids and times left out)."""
    with store.reader() as s:
        docs = {d.id: d for d in s.scalars(select(DocumentRow))}
        sha = {d.id: d.sha256 for d in docs.values()}
        results = list(s.scalars(select(ResultRow)))
        result_sha = {r.id: sha[r.document_id] for r in results}
        forms = list(s.scalars(select(FormRow)))
        form_key = {f.id: (sha[f.document_id], f.form_key) for f in forms}
        return {
            "documents": sorted(
                (d.sha256, Path(d.path).name, d.status, d.error, d.page_count, d.media_type)
                for d in docs.values()
            ),
            "paths": sorted(
                (sha[p.document_id], Path(p.path).name) for p in s.scalars(select(DocumentPathRow))
            ),
            "results": sorted(
                (result_sha[r.id], r.version, r.current, r.engine_version, r.payload["forms"].__repr__())
                for r in results
            ),
            "pages": sorted(
                (result_sha[p.result_id], p.page_index, p.sha256) for p in s.scalars(select(PageImageRow))
            ),
            "forms": sorted((*form_key[f.id], f.current, f.review_status, f.version, f.risk) for f in forms),
            "findings": sorted(
                (*form_key[f.form_id], f.rule, f.message) for f in s.scalars(select(FindingRow))
            ),
        }


def test_scan_lands_good_files_once_and_records_bad_ones(sqlite_store: Store, tmp_path: Path) -> None:
    files = make_folder(tmp_path / "scans")
    report = run_scan(sqlite_store, _options(tmp_path / "scans", executor="process", workers=2))
    assert (report.files, report.done, report.duplicates, report.skipped) == (9, 5, 1, 0)
    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == {p.name for p in files["bad"]}
    assert "truncated" in failed["corrupt.png"] and "empty" in failed["empty.png"]
    assert "cannot identify image" in failed["notes.jpg"]
    data = dump(sqlite_store)
    done = [d for d in data["documents"] if d[2] == "done"]
    assert len(done) == 5 and all(d[4] == 1 for d in done)
    assert len(data["results"]) == 5 and len(data["forms"]) == 5 and len(data["pages"]) == 5
    assert {d[5] for d in data["documents"] if d[1] == "notes.jpg"} == {"application/octet-stream"}
    assert files["duplicate"][0].name in {p[1] for p in data["paths"]} and len(data["paths"]) == 9
    assert all(sqlite_store.pages.exists(p[2]) for p in data["pages"])
    assert sum(report.findings_by_rule.values()) == len(data["findings"]) > 0


def test_rerun_skips_done_and_force_redoes(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "scans"
    for i in range(3):
        write_scan(root / f"s{i}.png", i)
    first = run_scan(sqlite_store, _options(root))
    before = dump(sqlite_store)
    write_scan(root / "new.png", 99)
    (root / "s0.png").rename(root / "renamed.png")
    second = run_scan(sqlite_store, _options(root))
    assert (first.done, second.done, second.skipped) == (3, 1, 3)
    after = dump(sqlite_store)
    assert len(after["results"]) == 4 and set(before["results"]) <= set(after["results"])
    forced = run_scan(sqlite_store, _options(root, force=True))
    assert forced.done == 4
    versions = sorted((r[1], r[2]) for r in dump(sqlite_store)["results"])
    assert versions == [(1, False)] * 4 + [(2, True)] * 4


def test_scan_command_exit_codes(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    write_scan(root / "ok.png", 1)
    args = ["scan", str(root), "--data", str(tmp_path / "data"), "--executor", "inline", "--extractor", FAKE]
    runner = CliRunner()
    ok = runner.invoke(app, [*args, "--no-progress"])
    assert ok.exit_code == 0, ok.output
    assert "1 done" in ok.output
    (root / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    bad = runner.invoke(app, [*args, "--no-progress"])
    assert bad.exit_code == 1 and "bad.png" in bad.output and "1 skipped" in bad.output


def _done_count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(
                connection.execute("SELECT count(*) FROM documents WHERE status = 'done'").fetchone()[0]
            )
    except sqlite3.Error:  # not created yet
        return 0


def _scan_process(root: Path, data: Path, delay: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FORMTALLY_FAKE_DELAY": delay}
    command = [sys.executable, "-m", "service.cli", "scan", str(root), "--data", str(data), "--workers", "1"]
    command += ["--extractor", "tests.service.fakes:slow_extract", "--no-progress"]
    # own process group: the kill takes the driver and its worker, like a crash of the whole job
    return subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True, stdout=subprocess.DEVNULL)


def test_sigkill_half_way_then_rerun_gives_the_same_database(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    make_folder(root, good=7)
    data = tmp_path / "killed"
    process = _scan_process(root, data, delay="0.3")
    deadline = time.monotonic() + 60
    while _done_count(data / "formtally.db") < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the scan finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    killed_at = _done_count(data / "formtally.db")
    assert 3 <= killed_at < 7
    rerun = _scan_process(root, data, delay="0")
    assert rerun.wait(60) == 1  # the bad files fail again
    reference = Store.open(data_dir=tmp_path / "reference")
    run_scan(reference, _options(root))
    resumed = Store.open(data_dir=data)
    try:
        assert dump(resumed) == dump(reference)
    finally:
        resumed.close()
        reference.close()


def test_real_pipeline_on_one_sample(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("extraction.pipeline", reason="extraction.pipeline is not importable yet")
    samples = sorted(
        p for p in (REPO / "sample_scans").glob("*/*") if p.suffix.lower() in {".png", ".jpg", ".pdf"}
    )
    if not samples:
        pytest.skip("sample_scans/ has no rendered scans yet (python -m samplegen)")
    root = tmp_path / "scans"
    root.mkdir()
    (root / samples[0].name).write_bytes(samples[0].read_bytes())
    store = Store.open(data_dir=tmp_path / "data")
    try:
        report = run_scan(store, _options(root, target=f"{pipeline.__name__}:extract_file"))
        assert report.failed == [] and report.done == 1
        assert dump(store)["results"][0][3] == pipeline.VERSION
    finally:
        store.close()


def test_ray_executor_gives_the_process_pool_results(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="ray is not installed")
    root = tmp_path / "scans"
    make_folder(root, good=3)
    stores = {kind: Store.open(data_dir=tmp_path / kind) for kind in ("process", "ray")}
    try:
        reports = {
            kind: run_scan(store, _options(root, executor=kind, workers=2)) for kind, store in stores.items()
        }
        assert reports["ray"].done == reports["process"].done == 3
        assert dump(stores["ray"]) == dump(stores["process"])
    finally:
        for store in stores.values():
            store.close()


def test_scan_without_a_terminal_logs_lines_with_rate_and_eta_and_names_the_rules(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    for i in range(5):
        write_scan(root / f"s{i}.png", i)
    args = ["scan", str(root), "--data", str(tmp_path / "data"), "--executor", "inline", "--extractor", FAKE]
    result = CliRunner().invoke(app, [*args, "--log-every", "2"])  # CliRunner: no terminal
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("scan: ")]
    assert lines[0] == "scan: 5 files to extract"
    progress = [
        re.fullmatch(r"scan: (\d)/5 files, \d+ pages, 0 failed, [\d.]+ files/min, elapsed \S+, ETA \S+", line)
        for line in lines[1:]
    ]
    assert all(progress) and [m.group(1) for m in progress if m] == ["2", "4", "5"]
    # the summary names each rule as the form does, with its severity, and how many forms need review
    assert re.search(r"V3 执行率得分\s*│\s*error\s*│\s*\d+", result.output)
    assert re.search(r"\d+ of 5 forms need review", result.output)


def test_scan_only_takes_the_listed_files(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "scans"
    for i in range(4):
        write_scan(root / f"form{i % 2}" / f"r{i}.png", i)
    report = run_scan(
        sqlite_store, _options(root).model_copy(update={"only": frozenset({"form0/r0.png", "form1/r1.png"})})
    )
    assert (report.files, report.done) == (2, 2)
    assert run_scan(sqlite_store, _options(root)).done == 2  # the rest, later
