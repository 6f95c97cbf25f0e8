"""Speed figures of one extractor from its timed phases, and the Markdown table with ratios."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel

from bench.speed.phase import PhaseResult

BASELINE = "formtally"


class SpeedRow(BaseModel):
    extractor: str
    unavailable: str | None = None
    errors: list[str] = []
    pages: int = 0
    seconds_per_page: float | None = None  # median over files of each file's median over runs
    stages: dict[str, float] = {}  # median seconds per page by stage (Document.engine.elapsed_s)
    pages_per_minute: dict[int, float | None] = {}  # by worker count
    peak_rss_mb: float | None = None  # largest worker
    init_s: float | None = None


def _median_by_file(phase: PhaseResult) -> tuple[float | None, dict[str, float]]:
    per_file: dict[str, list[float]] = defaultdict(list)
    per_stage: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for t in phase.timings:
        if t.error is None:
            per_file[t.file].append(t.seconds / t.pages)
            for stage, seconds in t.stages.items():
                per_stage[stage][t.file].append(seconds / t.pages)
    if not per_file:
        return None, {}
    total = statistics.median(statistics.median(v) for v in per_file.values())
    stages = {
        stage: statistics.median(statistics.median(v) for v in files.values())
        for stage, files in per_stage.items()
    }
    return total, stages


def speed_row(name: str, phases: Sequence[PhaseResult]) -> SpeedRow:
    """phases[0] is the one-worker phase (latency and 1-worker throughput), the rest other worker counts."""
    row = SpeedRow(extractor=name)
    if not phases or phases[0].unavailable:
        row.unavailable = phases[0].unavailable if phases else "not run"
        return row
    for phase in phases:
        row.errors += phase.warm_errors + [t.error for t in phase.timings if t.error]
        row.pages_per_minute[phase.workers] = phase.pages_per_minute
    row.errors = sorted(set(row.errors))
    row.pages = len({t.file for t in phases[0].timings})
    row.seconds_per_page, row.stages = _median_by_file(phases[0])
    rss = [mb for phase in phases for mb in phase.peak_rss_mb]
    row.peak_rss_mb = max(rss) if rss else None
    row.init_s = max(phase.init_s for phase in phases)
    return row


def _f(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, fmt)


def _ratio(value: float | None, base: float | None) -> str:
    return "n/a" if value is None or not base else f"{value / base:.2f}×"


def speed_table(rows: Sequence[SpeedRow], workers: Sequence[int]) -> str:
    base = next((r for r in rows if r.extractor == BASELINE and not r.unavailable), None)
    ppm_head = " | ".join(f"pages/min, {w} worker{'s' if w > 1 else ''}" for w in workers)
    lines = [
        f"| extractor | s/page (median) | s/page ÷ formtally | by stage, s/page | {ppm_head} "
        f"| formtally pages/min ÷ this ({workers[-1]} w.) | peak RSS/worker MB | engine load s |",
        "|---|---:|---:|---|" + "---:|" * len(workers) + "---:|---:|---:|",
    ]
    for r in rows:
        if r.unavailable:
            lines.append(f"| {r.extractor} | not available: {r.unavailable} |" + " |" * (6 + len(workers)))
            continue
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r.stages.items() if k != "total")
        ppm = " | ".join(_f(r.pages_per_minute.get(w), ".1f") for w in workers)
        last = workers[-1]
        base_ppm = base.pages_per_minute.get(last) if base else None
        mine = r.pages_per_minute.get(last)
        throughput = _ratio(base_ppm, mine) if base and mine else "n/a"
        lines.append(
            f"| {r.extractor} | {_f(r.seconds_per_page, '.2f')} "
            f"| {_ratio(r.seconds_per_page, base.seconds_per_page if base else None)} | {stages} | {ppm} "
            f"| {throughput} | {_f(r.peak_rss_mb, '.0f')} | {_f(r.init_s, '.1f')} |"
        )
    errors = [f"- {r.extractor}: {e}" for r in rows for e in r.errors]
    if errors:
        lines += ["", "Failed pages:", *errors]
    return "\n".join(lines)
