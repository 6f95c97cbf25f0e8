"""python -m bench.speed: seconds per page by stage, pages per minute with 1 and 2 worker processes,
and peak memory per worker, for formtally and its speed peers on the same pages."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.accuracy.manifest import load_manifest
from bench.paths import out_dir, realdata_dir, sample_scans_dir
from bench.speed.phase import PhaseResult, run_phase
from bench.speed.stats import SpeedRow, speed_row, speed_table

SPEED_EXTRACTORS = ("formtally", "paddleocr-page", "tesseract-page")
PAGE_RENDERINGS = ("clean", "scan", "seal")  # straight 300 dpi A4 pages: what the speed target is about
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


def pick_pages(samples_root: Path, n: int) -> tuple[list[Path], str]:
    """N single-image sample scans of distinct forms; the wired_tables images while no manifest exists."""
    try:
        samples = load_manifest(samples_root)
    except FileNotFoundError:
        images = sorted((realdata_dir() / "wired_tables").glob("wired__*"))[:n]
        return images, "realdata/wired_tables (sample_scans/manifest.json missing)"
    chosen: list[Path] = []
    forms: set[str] = set()
    for rendering in PAGE_RENDERINGS:
        for s in samples:
            path = s.file_path(samples_root)
            single_image = s.pages == 1 and path.suffix.lower() in IMAGE_SUFFIXES
            if s.rendering == rendering and s.form_id not in forms and single_image:
                chosen.append(path)
                forms.add(s.form_id)
    return chosen[:n], f"sample_scans ({', '.join(PAGE_RENDERINGS)})"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__)
    parser.add_argument("--pages", type=int, default=3, help="distinct pages to time")
    parser.add_argument("--runs", type=int, default=3, help="times each page is extracted per phase")
    parser.add_argument("--extractors", default=",".join(SPEED_EXTRACTORS), help="comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker process counts for pages/min")
    parser.add_argument("--threads", type=int, default=1, help="ONNX/Paddle threads per worker")
    parser.add_argument("--samples", type=Path, default=sample_scans_dir())
    parser.add_argument("--files", type=Path, nargs="*", help="time these files instead of sample scans")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    workers = sorted({int(w) for w in args.workers.split(",")} | {1})
    files, origin = (args.files, "--files") if args.files else pick_pages(args.samples, args.pages)
    if not files:
        print(f"no pages to time in {origin}", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    print(f"{len(files)} page(s) from {origin}, {args.runs} run(s), workers {workers}", file=sys.stderr)
    rows: list[SpeedRow] = []
    raw: dict[str, list[PhaseResult]] = {}
    for name in names:
        phases: list[PhaseResult] = []
        for w in workers:
            started = time.perf_counter()
            phase = run_phase(name, files, w, args.runs, args.threads)
            print(f"  {name}, {w} worker(s): {time.perf_counter() - started:.0f} s", file=sys.stderr)
            phases.append(phase)
            if phase.unavailable:
                break
        raw[name] = phases
        rows.append(speed_row(name, phases))
    load_after = os.getloadavg()
    table = speed_table(rows, workers)
    note = (
        f"{len(files)} page(s) from {origin}; {args.runs} run(s) each; {args.threads} thread(s) per worker; "
        f"{os.cpu_count()} CPUs; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after."
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = out_dir()
    payload = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "files": [str(f) for f in files],
        "loadavg": [load_before, load_after],
        "rows": [r.model_dump(mode="json") for r in rows],
        "phases": {k: [p.model_dump(mode="json") for p in v] for k, v in raw.items()},
    }
    (out / f"speed-{stamp}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (out / f"speed-{stamp}.md").write_text(f"{table}\n\n{note}\n", encoding="utf-8")
    print(table)
    print(f"\n{note}\nraw results: {out}/speed-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
