"""python -m bench.load: the REST service under load and after a SIGKILL, on 127.0.0.1.

Extraction is the fast stand-in of bench/load/fake.py (real loader, stored sample results, a fixed
delay per document) so the run measures the service, not OCR. Prints Markdown; raw JSON goes to
bench/out/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
from pathlib import Path

from bench.load.crash import CrashReport, run_crash
from bench.load.loadrun import LoadReport, run_load
from bench.paths import out_dir


def markdown(load: LoadReport | None, crash: CrashReport | None) -> str:
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}.",
        "",
    ]
    if load is not None:
        lines += [
            f"Load ({load.workers} {load.executor} workers, fake extraction):",
            "",
            "| phase | requests | errors | p50 ms | p99 ms | max ms | wall s |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, stats in (("concurrent uploads", load.uploads), ("concurrent result reads", load.reads)):
            lines.append(
                f"| {name} | {stats.requests} | {stats.errors} | {stats.p50_ms} | {stats.p99_ms} | {stats.max_ms} | {stats.wall_s} |"
            )
        c = load.corrections
        lines += [
            "",
            f"- extraction of all uploads: {load.extracted} in {load.extraction_wall_s} s",
            f"- peak memory: server process {load.peak_server_mb} MiB, server + workers {load.peak_tree_mb} MiB",
            f"- two reviewers correcting one form at once, {c.rounds} rounds: {c.patches} PATCHes, "
            f"{c.conflicts} answered 409 and retried, lost updates {c.lost_updates}, final version right: {c.final_version_ok}",
        ]
    if crash is not None:
        lines += [
            "",
            f"Crash: {crash.accepted} documents accepted; SIGKILL after {crash.done_before_kill} were done "
            f"({crash.in_flight_at_kill} in flight); {crash.orphan_workers_after_kill} worker processes still alive 2 s later; "
            f"restart → all {crash.done_after_restart} done in {crash.recovery_s} s; results per document "
            f"{crash.results_per_document}; jobs {crash.jobs}; exactly once: {crash.exactly_once}",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10, help="concurrent correction rounds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per fake extraction")
    parser.add_argument("--crash-documents", type=int, default=20)
    parser.add_argument("--skip", choices=["load", "crash"], help="run only the other part")
    args = parser.parse_args()
    load = crash = None
    with tempfile.TemporaryDirectory(prefix="formtally-load-") as tmp:
        if args.skip != "load":
            load = run_load(
                Path(tmp) / "load",
                uploads=args.uploads,
                reads=args.reads,
                rounds=args.rounds,
                workers=args.workers,
                delay=args.delay,
            )
        if args.skip != "crash":
            crash = run_crash(Path(tmp) / "crash", documents=args.crash_documents, workers=args.workers)
    raw = {"load": load.model_dump() if load else None, "crash": crash.model_dump() if crash else None}
    (out_dir() / "load.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    print(markdown(load, crash))


if __name__ == "__main__":
    main()
