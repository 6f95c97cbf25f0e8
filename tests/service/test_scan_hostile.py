"""`formtally scan` against hostile folders and crashes: FIFOs and devices are skipped (never
read), results name files relative to the scanned folder, workers die with a killed scan, and the
data directory is private."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from service import review
from service.batch.scan import ScanOptions, run_scan
from service.batch.work import ExtractorSpec
from service.storage import Store
from service.storage.documents import document_record
from tests.service.conftest import write_scan

REPO = Path(__file__).resolve().parents[2]
FAKE = "tests.service.fakes:fake_extract"


def _scan(root: Path, data: Path, *extra: str, delay: str = "0") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FORMTALLY_FAKE_DELAY": delay}
    command = [sys.executable, "-m", "service.cli", "scan", str(root), "--data", str(data), "--no-progress"]
    return subprocess.Popen(
        [*command, *extra], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_and_device_links_are_reported_and_skipped_not_read(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    write_scan(root / "good.png", 1)
    os.mkfifo(root / "a.jpg")  # opening it for reading would block until a writer comes: forever
    (root / "zero.png").symlink_to("/dev/zero")  # a device: reading never ends
    (root / "dangling.pdf").symlink_to(root / "missing.pdf")
    process = _scan(root, tmp_path / "data", "--executor", "inline", "--extractor", FAKE)
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    text = output.decode()
    assert process.returncode == 0, text
    assert "1 done" in text and "3 not regular files" in text, text
    for name, why in (("a.jpg", "not a regular"), ("zero.png", "not a regular"), ("dangling.pdf", "no such")):
        assert f"skipped {name}: {why}" in text.replace("\n", " "), text


def test_results_name_files_relative_to_the_scanned_folder(sqlite_store: Store, tmp_path: Path) -> None:
    root = tmp_path / "scans"
    write_scan(root / "sub" / "a.png", 1)
    spec = ExtractorSpec(target=FAKE)
    report = run_scan(sqlite_store, ScanOptions(root=root, executor="inline", extractor=spec))
    assert report.done == 1
    with sqlite_store.reader() as session:
        document = document_record(session, 1)
    assert document.source.path == "sub/a.png"
    assert str(tmp_path) not in document.model_dump_json()
    (entry,) = review.queue(sqlite_store, review.QueueFilters())  # the review app shows names too
    assert entry.document_path == review.open_form(sqlite_store, entry.form.id).document_path == "a.png"


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_workers_die_with_a_killed_scan(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    for i in range(8):
        write_scan(root / f"s{i}.png", i)
    process = _scan(
        root,
        tmp_path / "data",
        "--workers",
        "2",
        "--extractor",
        "tests.service.fakes:slow_extract",
        delay="5",
    )
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and process.poll() is None:
        workers = [p for p in _children(process.pid) if "spawn_main" in " ".join(p.cmdline())]
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) >= 2, "the pool did not start"
    everything = _children(process.pid)  # workers and multiprocessing's resource tracker
    time.sleep(1.0)  # the workers are in their initializer or extracting
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    _, alive = psutil.wait_procs(everything, timeout=15)
    for orphan in alive:
        orphan.kill()
    assert not alive, [p.cmdline() for p in alive]


def test_data_directory_and_its_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        data = tmp_path / "deep" / "data"
        store = Store.open(data_dir=data)
        root = tmp_path / "scans"
        write_scan(root / "a.png", 1)
        run_scan(store, ScanOptions(root=root, executor="inline", extractor=ExtractorSpec(target=FAKE)))
        store.close()
    finally:
        os.umask(old)
    entries = [data, *data.rglob("*")]
    assert any(p.suffix == ".jpg" for p in entries) and (data / "formtally.db").exists()
    for entry in entries:
        mode = stat.S_IMODE(entry.stat().st_mode)
        assert mode == (0o700 if entry.is_dir() else 0o600), f"{entry}: {oct(mode)}"
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700
