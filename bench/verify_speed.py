"""How long rules V1–V12 take per form: `python -m bench.verify_speed [--repeats N] [--profile P]`.

Verifies every fixture record of tests/fixtures/records/ many times and prints the median and
95th percentile in milliseconds per form, wall clock and CPU time of this thread (on a shared
machine the wall-clock tail is mostly other processes). Target: well under 10 ms per form.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from models.record import Document
from verification import PROFILES, verify_form

RECORDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "records"


def time_form(document: Document, repeats: int, profile: str) -> tuple[int, list[float], list[float]]:
    """(number of findings, wall-clock ms per run, thread CPU ms per run)."""
    form, rules = document.forms[0], PROFILES[profile]
    findings = len(verify_form(form, rules))  # also a warm-up: caches of the canonical schema, regexes
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
        verify_form(form, rules)
        cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - start) / 1e6)
    return findings, wall, cpu


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="national")
    args = parser.parse_args(argv)
    paths = sorted(RECORDS.glob("*.json"))
    if not paths:
        raise SystemExit(f"no fixture records in {RECORDS}")
    print(f"{'fixture':<26} {'rows':>4} {'findings':>8} {'median ms':>9} {'p95 ms':>7} {'cpu p95 ms':>10}")
    medians = []
    for path in paths:
        document = Document.model_validate_json(path.read_bytes())
        findings, wall, cpu = time_form(document, args.repeats, args.profile)
        medians.append(statistics.median(wall))
        rows = len(document.forms[0].indicators)
        print(
            f"{path.stem:<26} {rows:>4} {findings:>8} {medians[-1]:>9.3f} {_p95(wall):>7.3f} {_p95(cpu):>10.3f}"
        )
    print(f"{'median of the medians':<40} {statistics.median(medians):>9.3f}")


if __name__ == "__main__":
    main()
