"""The figures of one `formtally scan` run and the table over the rounds (pure: no processes)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from pydantic import BaseModel

from bench.scan_throughput.tree import TreeRun

# LineProgress's line after each file with --log-every 1: "scan: 3/12 files, 3 pages, 0 failed, …"
DONE_LINE = re.compile(r"^scan: (\d+)/(\d+) files, (\d+) pages, (\d+) failed")


def rotation(configs: Sequence[str], round_index: int) -> list[str]:
    """The configurations in the order of round `round_index`: each round starts one further on, so
    over len(configs) rounds each one runs once in every position."""
    shift = round_index % len(configs) if configs else 0
    return [*configs[shift:], *configs[:shift]]


def parse_config(config: str) -> tuple[str, int]:
    """`process:2` → ("process", 2); `ray` → ("ray", 1)."""
    executor, _, workers = config.partition(":")
    return executor, int(workers or 1)


class RunFigures(BaseModel):
    config: str
    round: int
    workers: int
    pages: int
    failed: int
    wall_s: float
    cpu_s: float
    first_result_s: float | None  # the first file stored
    all_started_s: float | None  # the file number `workers` stored: every worker has finished one
    last_result_s: float | None
    worker_peak_rss_mb: float | None
    load_before: float
    load_after: float
    other_busy_cores: float  # the machine's busy CPU not of this run, per second of the run

    @property
    def pages_per_min(self) -> float:
        return self.pages / self.wall_s * 60

    @property
    def cpu_per_page(self) -> float:
        return self.cpu_s / self.pages if self.pages else float("nan")

    @property
    def cores_used(self) -> float:
        """CPU-seconds of the run per second of its wall time: the share of the machine it got."""
        return self.cpu_s / self.wall_s

    @property
    def steady_pages_per_min(self) -> float | None:
        """Pages per minute between the `workers`-th stored file and the last (one page per file)."""
        if self.all_started_s is None or self.last_result_s is None or self.pages <= self.workers:
            return None
        span = self.last_result_s - self.all_started_s
        return (self.pages - self.workers) / span * 60 if span > 0 else None

    @property
    def fixed_s(self) -> float | None:
        """Wall time not explained by the steady rate: start-up, model loading, shut-down, the tail."""
        steady = self.steady_pages_per_min
        return self.wall_s - self.pages / steady * 60 if steady else None


def is_worker(command: str) -> bool:
    """A process pool worker (spawn) or a Ray actor (its process title)."""
    return "spawn_main" in command or command.startswith("ray::")


def run_figures(config: str, round_index: int, run: TreeRun, load: tuple[float, float]) -> RunFigures:
    """The figures of one run from its stderr progress lines and its process tree."""
    stored: list[tuple[float, int, int]] = []  # (seconds, pages so far, failed so far)
    for seconds, line in run.stderr_lines:
        if match := DONE_LINE.match(line):
            stored.append((seconds, int(match[3]), int(match[4])))
    workers = parse_config(config)[1]
    workers_rss = [p.peak_rss_mb for p in run.processes if is_worker(p.command)]
    return RunFigures(
        config=config,
        round=round_index,
        workers=workers,
        pages=stored[-1][1] if stored else 0,
        failed=stored[-1][2] if stored else 0,
        wall_s=run.wall_s,
        cpu_s=run.cpu_s,
        first_result_s=stored[0][0] if stored else None,
        all_started_s=stored[workers - 1][0] if len(stored) >= workers else None,
        last_result_s=stored[-1][0] if stored else None,
        worker_peak_rss_mb=max(workers_rss) if workers_rss else None,
        load_before=load[0],
        load_after=load[1],
        other_busy_cores=max(0.0, run.machine_busy_s - run.cpu_s) / run.wall_s if run.wall_s else 0.0,
    )


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _f(value: float | None, fmt: str = ".1f") -> str:
    return "–" if value is None else format(value, fmt)


def paired_ratios(runs: Sequence[RunFigures], config: str, base: str) -> list[float]:
    """pages/min of `config` ÷ pages/min of `base` in the same round, one per round having both."""
    by_round = {(r.config, r.round): r.pages_per_min for r in runs}
    rounds = sorted({r.round for r in runs})
    return [
        by_round[config, i] / by_round[base, i]
        for i in rounds
        if (config, i) in by_round and (base, i) in by_round
    ]


HEADER = (
    "| configuration | runs | wall s min / median | pages/min | × {base} | CPU-s/page | cores used | first result s "
    "| steady pages/min | fixed s | worker peak RSS MB | other load, cores |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def table(runs: Sequence[RunFigures], configs: Sequence[str]) -> str:
    """One row per configuration, medians over its runs; the ratio is the median of per-round ratios
    to the first configuration."""
    base = configs[0]
    rows = [HEADER.format(base=base)]
    for config in configs:
        mine = [r for r in runs if r.config == config]
        if not mine:
            continue
        walls = [r.wall_s for r in mine]
        rows.append(
            f"| {config} | {len(mine)} | {min(walls):.1f} / {statistics.median(walls):.1f} "
            f"| {_f(_median([r.pages_per_min for r in mine]))} "
            f"| {_f(_median(paired_ratios(runs, config, base)), '.2f')} "
            f"| {_f(_median([r.cpu_per_page for r in mine]), '.2f')} "
            f"| {_f(_median([r.cores_used for r in mine]), '.2f')} "
            f"| {_f(_median([r.first_result_s for r in mine]))} "
            f"| {_f(_median([r.steady_pages_per_min for r in mine]))} "
            f"| {_f(_median([r.fixed_s for r in mine]))} "
            f"| {_f(_median([r.worker_peak_rss_mb for r in mine]), '.0f')} "
            f"| {_f(_median([r.other_busy_cores for r in mine]), '.2f')} |"
        )
    return "\n".join(rows)
