"""bench.scan_throughput: the rotation, the figures of a run from its progress lines, the table, and the
CPU count of a real process tree (orphans and children nobody reaps included)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bench.paths import REPO_ROOT
from bench.scan_throughput.figures import (
    RunFigures,
    paired_ratios,
    parse_config,
    rotation,
    run_figures,
    table,
)
from bench.scan_throughput.tree import ProcessSeen, TreeRun

CONFIGS = ["process:1", "process:2", "ray:2"]


def test_each_configuration_runs_once_in_every_position_over_as_many_rounds() -> None:
    orders = [rotation(CONFIGS, i) for i in range(3)]
    assert orders[0] == CONFIGS
    assert orders[1] == ["process:2", "ray:2", "process:1"]
    for position in range(3):
        assert sorted(order[position] for order in orders) == sorted(CONFIGS)
    assert rotation(CONFIGS, 3) == CONFIGS


def test_a_configuration_names_its_executor_and_workers() -> None:
    assert parse_config("process:2") == ("process", 2)
    assert parse_config("ray") == ("ray", 1)


def _tree_run(lines: list[tuple[float, str]], processes: list[ProcessSeen]) -> TreeRun:
    return TreeRun(
        returncode=0,
        wall_s=20.0,
        reaped_cpu_s=10.0,
        sampled_cpu_s=12.0,
        machine_busy_s=22.0,
        peak_tree_rss_mb=900.0,
        processes=processes,
        stderr_lines=lines,
    )


def test_a_runs_figures_come_from_its_progress_lines_and_its_processes() -> None:
    lines = [(1.0, "scan: 6 files to extract")] + [
        (
            4.0 + 2 * i,
            f"scan: {i + 1}/6 files, {i + 1} pages, 0 failed, 9.0 files/min, elapsed 0m05s, ETA 0m10s",
        )
        for i in range(6)
    ]
    processes = [
        ProcessSeen(pid=1, command="python -m service.cli scan", cpu_s=2.0, peak_rss_mb=200.0),
        ProcessSeen(
            pid=2, command="python -c from multiprocessing.spawn import spawn_main", peak_rss_mb=410.0
        ),
        ProcessSeen(pid=3, command="ray::_Actor.work", peak_rss_mb=430.0),
    ]
    fig = run_figures("process:2", 1, _tree_run(lines, processes), (1.5, 1.7))
    assert (fig.pages, fig.failed, fig.workers) == (6, 0, 2)
    assert fig.cpu_s == 12.0  # the larger of the two counts
    assert fig.cpu_per_page == 2.0
    assert fig.cores_used == 0.6  # 12 CPU-s in 20 s
    assert fig.pages_per_min == 18.0
    assert (fig.first_result_s, fig.all_started_s, fig.last_result_s) == (4.0, 6.0, 14.0)
    assert fig.steady_pages_per_min == pytest.approx(4 / 8 * 60)  # files 3–6 in 8 s
    assert fig.fixed_s == pytest.approx(20.0 - 6 / 30 * 60)
    assert fig.worker_peak_rss_mb == 430.0  # workers only, not the driver
    assert fig.other_busy_cores == pytest.approx(0.5)  # (22 − 12) CPU-s over 20 s


def test_a_run_without_progress_lines_has_no_rates_and_no_page() -> None:
    fig = run_figures("ray:2", 0, _tree_run([(1.0, "some warning")], []), (1.0, 1.0))
    assert fig.pages == 0 and fig.first_result_s is None
    assert fig.steady_pages_per_min is None and fig.fixed_s is None and fig.worker_peak_rss_mb is None


def _figures(config: str, round_index: int, wall_s: float) -> RunFigures:
    return RunFigures(
        config=config,
        round=round_index,
        workers=parse_config(config)[1],
        pages=12,
        failed=0,
        wall_s=wall_s,
        cpu_s=36.0,
        first_result_s=None,
        all_started_s=None,
        last_result_s=None,
        worker_peak_rss_mb=None,
        load_before=1.0,
        load_after=1.0,
        other_busy_cores=0.25,
    )


def test_the_ratio_pairs_the_runs_of_a_round_and_the_table_shows_its_median() -> None:
    runs = [
        _figures("process:1", 0, 60.0),
        _figures("process:2", 0, 40.0),  # 1.5× in round 0
        _figures("process:1", 1, 80.0),
        _figures("process:2", 1, 40.0),  # 2.0× in round 1
        _figures("process:2", 2, 20.0),  # no process:1 in round 2: no ratio
    ]
    assert paired_ratios(runs, "process:2", "process:1") == [1.5, 2.0]
    rows = table(runs, ["process:1", "process:2", "ray:2"]).splitlines()
    assert rows[0].startswith("| configuration | runs |") and "× process:1" in rows[0]
    assert len(rows) == 4  # header, rule, one row per configuration that ran
    assert rows[2] == "| process:1 | 2 | 60.0 / 70.0 | 10.5 | 1.00 | 3.00 | 0.53 | – | – | – | – | 0.25 |"
    assert rows[3].startswith("| process:2 | 3 | 20.0 / 40.0 | 18.0 | 1.75 | 3.00 |")


BURN = "import time\nwhile time.process_time() < 1.0: pass"


def _run_tree(child: str, **options: float) -> TreeRun:
    """run_tree in a fresh interpreter: it makes its process a subreaper and reaps every child."""
    code = (
        "import sys\nfrom bench.scan_throughput.tree import run_tree\n"
        f"print(run_tree([sys.executable, '-c', {textwrap.dedent(child)!r}], **{options!r}).model_dump_json())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return TreeRun.model_validate_json(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux")
def test_an_orphaned_grandchild_is_waited_for_and_its_cpu_counted() -> None:
    run = _run_tree(
        f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', {BURN!r}])", sample_s=0.05
    )
    assert run.returncode == 0 and run.leftovers == 0
    assert run.reaped_cpu_s >= 0.95  # the grandchild burnt 1.0 CPU-s after its parent had exited
    assert any("process_time" in p.command for p in run.processes)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux")
def test_a_child_whose_parent_ignores_sigchld_is_counted_by_its_readings() -> None:
    child = f"""
        import os, signal, subprocess, sys, time
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as Ray's raylet: children reaped by the kernel
        burner = subprocess.Popen([sys.executable, '-c', {BURN!r}])
        while True:
            try:
                os.kill(burner.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
    """
    run = _run_tree(child, sample_s=0.05)
    assert run.reaped_cpu_s < 0.8  # the burner's second is in nobody's rusage
    assert run.sampled_cpu_s >= 0.9 and run.cpu_s == run.sampled_cpu_s


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_CHILD_SUBREAPER is Linux")
def test_a_descendant_outliving_the_grace_is_killed_and_reported() -> None:
    sleeper = "import time\ntime.sleep(600)"
    run = _run_tree(
        f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', {sleeper!r}])", grace_s=0.3
    )
    assert run.returncode == 0 and run.leftovers == 1
