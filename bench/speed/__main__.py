"""python -m bench.speed: CPU-seconds and wall per page of formtally and of what a user could run
instead, on every rendering of the sample scans, contenders interleaved round by round, one thread
each; peak memory, the ratios in the same run, a cold extract, and the machine's load."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.accuracy.manifest import load_manifest
from bench.paths import out_dir, sample_scans_dir
from bench.speed.cold import cold_extract
from bench.speed.rounds import run_rounds
from bench.speed.stats import figures, speed_tables

CONTENDERS = ("formtally", "formtally-float", "rapidocr-page", "paddleocr-page", "tesseract-page")
RENDERINGS = ("clean", "scan", "photo", "seal", "fax", "rotated")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


def pick_pages(samples_root: Path, renderings: list[str], per_rendering: int) -> dict[Path, str]:
    """`per_rendering` single-image pages of each rendering, each of a different form where possible."""
    samples = load_manifest(samples_root)
    chosen: dict[Path, str] = {}
    used: set[str] = set()
    for rendering in renderings:
        fits = [s for s in samples if s.rendering == rendering and s.pages == 1]
        fits = [s for s in fits if s.file_path(samples_root).suffix.lower() in IMAGE_SUFFIXES]
        fits.sort(key=lambda s: (s.form_id in used, s.form_id))  # forms not yet timed first
        for s in fits[:per_rendering]:
            chosen[s.file_path(samples_root)] = rendering
            used.add(s.form_id)
    return chosen


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__)
    parser.add_argument("--per-rendering", type=int, default=2, help="pages of each rendering")
    parser.add_argument("--renderings", default=",".join(RENDERINGS), help="comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (at least 3 for the table)")
    parser.add_argument("--contenders", default=",".join(CONTENDERS), help="comma-separated")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per worker")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh-process extracts of one page")
    parser.add_argument("--samples", type=Path, default=sample_scans_dir())
    return parser.parse_args(argv)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [n.strip() for n in args.contenders.split(",") if n.strip()]
    renderings = [r.strip() for r in args.renderings.split(",") if r.strip()]
    pages = pick_pages(args.samples, renderings, args.per_rendering)
    if not pages:
        print(f"no pages to time in {args.samples}", file=sys.stderr)
        return 2
    load_start = _load()
    print(f"load average (1/5/15 min) at start: {load_start}; {os.cpu_count()} CPUs", flush=True)
    print(f"{len(pages)} page(s), {args.rounds} round(s), contenders {', '.join(names)}", file=sys.stderr)
    started = time.perf_counter()
    runs = run_rounds(names, list(pages), args.rounds, args.threads)
    rows = [figures(run, {str(p): r for p, r in pages.items()}) for run in runs]
    cold = [cold_extract(next(iter(pages))) for _ in range(args.cold_runs)]
    load_end = _load()
    table = speed_tables(rows, renderings)
    cold_line = (
        f"Cold `formtally extract` of one page ({next(iter(pages)).name}, fresh process, 1 thread): wall "
        f"median {statistics.median(w for w, _ in cold):.2f} s, min {min(w for w, _ in cold):.2f} s; "
        f"CPU median {statistics.median(c for _, c in cold):.2f} s ({len(cold)} runs)."
        if cold
        else "Cold extract not measured."
    )
    note = (
        f"{len(pages)} page(s) ({args.per_rendering} per rendering: {', '.join(renderings)}); {args.rounds} "
        f"interleaved rounds; one worker process per contender, {args.threads} thread(s), one at a time; "
        f"CPU-s = user + system time of the worker; {os.cpu_count()} CPUs; load average (1/5/15 min) "
        f"{load_start} at start, {load_end} at end; {time.perf_counter() - started:.0f} s in all."
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = out_dir()
    payload = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "pages": {str(p): r for p, r in pages.items()},
        "load": [load_start, load_end],
        "runs": [r.model_dump(mode="json") for r in runs],
        "figures": [r.model_dump(mode="json") for r in rows],
        "cold": cold,
    }
    (out / f"speed-{stamp}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (out / f"speed-{stamp}.md").write_text(f"{table}\n\n{cold_line}\n\n{note}\n", encoding="utf-8")
    print(
        f"{table}\n\n{cold_line}\n\n{note}\nload average at end: {load_end}\nraw results: {out}/speed-{stamp}.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
