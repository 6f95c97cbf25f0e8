"""python -m bench.scan_throughput: pages per minute and CPU per page of `formtally scan` with 1 and 2
worker processes and with Ray, interleaved round by round.

    python -m bench.scan_throughput [--forms 2] [--renderings clean,scan,photo,seal,fax,rotated]
        [--configs process:1,process:2,ray:2] [--rounds 3] [--pages]

The page set is the single-page sample files of `--forms` forms in every rendering (2 × 6 = 12
pages by default). Each round runs every configuration once, the order rotating by one per round;
each run is `python -m service.cli scan` in a fresh subprocess on a fresh data directory (nothing
skipped), without page images unless `--pages`, with a progress line per stored file (stderr,
`--log-every 1`) so the time of each stored file is known.

Per run: wall seconds (start to the scan's exit: start-up, model loading, Ray start and shut-down
included), pages/min, CPU-seconds per page of the whole process tree (bench/scan_throughput/tree.py:
the scan process, its pool workers, Ray's GCS, raylet and workers, counted by wait4 as a subreaper
and by psutil readings every 0.2 s, the larger count), the first stored file's time, the steady rate
(pages between the `workers`-th stored file and the last, over that span), the fixed cost (wall −
pages ÷ steady rate), the largest worker's peak RSS, and the machine's busy CPU from other processes
(/proc/stat minus the run's own). The ratio to the first configuration is the median of per-round
ratios. Raw runs go to bench/out/scan_throughput.json.

A local Ray starts its workers 15 steps nicer than the driver (RAY_worker_niceness): on a busy
machine they yield to every other process while pool workers do not, so the bench sets it to 0
(`--ray-worker-niceness 15` measures Ray's default).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.accuracy.manifest import load_manifest
from bench.paths import REPO_ROOT, out_dir, sample_scans_dir
from bench.scan_throughput.figures import RunFigures, parse_config, rotation, run_figures, table
from bench.scan_throughput.tree import TreeRun, run_tree

RENDERINGS = ("clean", "scan", "photo", "seal", "fax", "rotated")


def collect(samples_root: Path, forms: int, renderings: list[str], into: Path) -> int:
    """Copy the single-page files of the first `forms` forms (by id) having all `renderings`; pages."""
    by_form: dict[str, dict[str, Path]] = {}
    for sample in load_manifest(samples_root):
        if sample.pages == 1 and sample.rendering in renderings:
            by_form.setdefault(sample.form_id, {})[sample.rendering] = sample.file_path(samples_root)
    complete = sorted(f for f, files in by_form.items() if len(files) == len(renderings))
    pages = 0
    for form_id in complete[:forms]:
        for rendering, source in by_form[form_id].items():
            shutil.copy(source, into / f"{form_id}_{rendering}{source.suffix}")
            pages += 1
    return pages


def scan_command(folder: Path, data: Path, config: str, pages: bool) -> list[str]:
    executor, workers = parse_config(config)
    return [
        sys.executable, "-m", "service.cli", "scan", str(folder), "--executor", executor,
        "--workers", str(workers), "--data", str(data), "--progress", "--log-every", "1",
        "--pages" if pages else "--no-pages",
    ]  # fmt: skip


def one_run(
    folder: Path, config: str, round_index: int, args: argparse.Namespace
) -> tuple[RunFigures, TreeRun]:
    env = {**os.environ, "RAY_worker_niceness": str(args.ray_worker_niceness)}  # read by a local raylet
    with tempfile.TemporaryDirectory(prefix="formtally-bench-") as data:
        before = os.getloadavg()[0]
        command = scan_command(folder, Path(data), config, args.pages)
        run = run_tree(command, cwd=REPO_ROOT, env=env)
        after = os.getloadavg()[0]
    if run.returncode != 0:
        tail = "\n".join(line for _, line in run.stderr_lines[-10:])
        raise RuntimeError(f"{config} exited {run.returncode}:\n{tail}\n{run.stdout[-2000:]}")
    return run_figures(config, round_index, run, (before, after)), run


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scan_throughput",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--forms", type=int, default=2, help="forms, each in every rendering")
    parser.add_argument("--renderings", default=",".join(RENDERINGS))
    parser.add_argument("--configs", default="process:1,process:2,ray:2", help="executor:workers, …")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="keep page images (off by default)")
    parser.add_argument(
        "--ray-worker-niceness",
        type=int,
        default=0,
        help="RAY_worker_niceness for a local Ray: 0 (default here) runs its workers at the scan's own "
        "niceness, like the pool's; Ray's own default, 15, lets every other process go first",
    )
    parser.add_argument("--samples", type=Path, default=sample_scans_dir())
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    renderings = [r.strip() for r in args.renderings.split(",") if r.strip()]
    with tempfile.TemporaryDirectory(prefix="formtally-pages-") as folder:
        pages = collect(args.samples, args.forms, renderings, Path(folder))
        if not pages:
            print(f"no forms with single-page files of every rendering in {args.samples}", file=sys.stderr)
            return 2
        load_start = _load()
        print(f"{pages} pages, {os.cpu_count()} CPUs, load average (1/5/15 min) at start {load_start}")
        figures: list[RunFigures] = []
        raw: list[dict[str, object]] = []
        started = time.perf_counter()
        for round_index in range(args.rounds):
            for config in rotation(configs, round_index):
                run_fig, run = one_run(Path(folder), config, round_index, args)
                figures.append(run_fig)
                raw.append({"figures": run_fig.model_dump(), "run": run.model_dump()})
                print(
                    f"round {round_index + 1} {config}: {run_fig.wall_s:.1f} s, "
                    f"{run_fig.pages_per_min:.1f} pages/min, {run_fig.cpu_per_page:.2f} CPU-s/page "
                    f"(reaped {run.reaped_cpu_s:.1f}, sampled {run.sampled_cpu_s:.1f} CPU-s), "
                    f"load {run_fig.load_before:.2f} → {run_fig.load_after:.2f}",
                    flush=True,
                )
    load_end = _load()
    print(f"\n{table(figures, configs)}\n")
    summary = (
        f"{pages} pages ({args.forms} forms × {', '.join(renderings)}), {args.rounds} rounds, "
        f"{os.cpu_count()} CPUs, RAY_worker_niceness={args.ray_worker_niceness}; load average (1/5/15 min) {load_start} before, {load_end} after; "
        f"{time.perf_counter() - started:.0f} s in all."
    )
    print(summary)
    path = out_dir() / "scan_throughput.json"
    path.write_text(
        json.dumps({"summary": summary, "configs": configs, "runs": raw}, indent=1), encoding="utf-8"
    )
    print(f"raw runs: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
