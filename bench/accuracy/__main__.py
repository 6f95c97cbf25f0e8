"""python -m bench.accuracy: formtally and its peers on the sample scans and on real table pages.

Prints Markdown tables; writes the raw results as JSON under bench/out/ (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bench.accuracy.manifest import load_manifest, select
from bench.accuracy.realdata import (
    STRUCTURE_EXTRACTORS,
    adjacency_module,
    ctdar_items,
    score_ctdar_page,
    score_wired,
    wired_items,
)
from bench.accuracy.report import RealdataRun, accuracy_table, ctdar_f1, realdata_table
from bench.accuracy.runner import FileResult, describe, score_sample
from bench.accuracy.structure import GRID_EXTRACTORS, grid_table, run_grids
from bench.accuracy.summary import summaries
from bench.extractors import ACCURACY_EXTRACTORS, ExtractorUnavailable
from bench.paths import out_dir, sample_scans_dir
from bench.pool import run_with_extractor


def _csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__)
    parser.add_argument("--extractors", default=",".join(ACCURACY_EXTRACTORS), help="comma-separated")
    parser.add_argument("--renderings", default=None, help="comma-separated; default all in the manifest")
    parser.add_argument("--limit", type=int, default=None, help="files per rendering (and cTDaR pages)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes per extractor")
    parser.add_argument("--threads", type=int, default=1, help="ONNX threads per worker")
    parser.add_argument("--samples", type=Path, default=sample_scans_dir(), help="folder with manifest.json")
    parser.add_argument("--no-samples", action="store_true", help="skip the sample scans")
    parser.add_argument("--no-realdata", action="store_true", help="skip cTDaR and wired_tables")
    parser.add_argument(
        "--structure-only",
        action="store_true",
        help="grids only (no OCR, no sample scans): cTDaR F1 on every page of both subsets, wired bounds; "
        "--extractors may name formtally, img2table, img2table-implicit",
    )
    parser.add_argument(
        "--save-docs", action="store_true", help="write every predicted Document to bench/out/"
    )
    return parser.parse_args(argv)


def run_samples(
    args: argparse.Namespace, names: list[str], save_to: Path | None
) -> tuple[list[FileResult], dict[str, str]]:
    samples = select(load_manifest(args.samples), _csv(args.renderings), args.limit)
    print(f"sample scans: {len(samples)} files from {args.samples}", file=sys.stderr)
    results: list[FileResult] = []
    unavailable: dict[str, str] = {}
    for name in names:
        started = time.perf_counter()
        items = [(s, args.samples, save_to) for s in samples]
        try:
            results += run_with_extractor(name, items, score_sample, args.jobs, args.threads)
        except ExtractorUnavailable as exc:
            unavailable[name] = str(exc)
        except BrokenProcessPool as exc:  # a worker died (e.g. killed for memory): say so, go on
            unavailable[name] = f"a worker process died: {exc}"
        print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return results, unavailable


def run_realdata(args: argparse.Namespace, names: list[str]) -> list[RealdataRun]:
    runs = []
    for name in [n for n in names if n in STRUCTURE_EXTRACTORS]:
        run = RealdataRun(extractor=name)
        try:
            run.wired = run_with_extractor(name, wired_items(), score_wired, args.jobs, args.threads)
            try:
                adjacency_module()
            except ImportError as exc:
                run.ctdar_unavailable = describe(exc)
            else:
                items = ctdar_items(args.limit)
                run.ctdar = run_with_extractor(name, items, score_ctdar_page, args.jobs, args.threads)
        except ExtractorUnavailable as exc:
            run.unavailable = str(exc)
        except BrokenProcessPool as exc:
            run.unavailable = f"a worker process died: {exc}"
        runs.append(run)
    return runs


def structure_only(names: list[str], limit: int | None, stamp: str) -> int:
    runs = run_grids([n for n in names if n in GRID_EXTRACTORS], limit)
    markdown = "## Real table pages, grids only (shared/realdata)\n\n" + grid_table(runs)
    out = out_dir()
    raw = [r.model_dump(mode="json") for r in runs]
    (out / f"structure-{stamp}.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    (out / f"structure-{stamp}.md").write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    print(f"\nper page: {out}/structure-{stamp}.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = _csv(args.extractors) or []
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if args.structure_only:
        return structure_only(names, args.limit, stamp)
    results: list[FileResult] = []
    unavailable: dict[str, str] = {}
    sections = []
    if not args.no_samples:
        try:
            save_to = out_dir() / f"docs-{stamp}" if args.save_docs else None
            results, unavailable = run_samples(args, names, save_to)
        except FileNotFoundError as exc:
            sections.append(f"Sample scans skipped: {exc}")
        else:
            sections.append("## Sample scans\n\n" + accuracy_table(summaries(results), unavailable))
    runs = [] if args.no_realdata else run_realdata(args, names)
    if runs:
        sections.append("## Real table pages (shared/realdata)\n\n" + realdata_table(runs))
    markdown = "\n\n".join(sections)
    out = out_dir()
    raw = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "unavailable": unavailable,
        "files": [r.model_dump(mode="json") for r in results],
        "summaries": [s.model_dump(mode="json") for s in summaries(results)],
        "realdata": [
            {
                **r.model_dump(mode="json", exclude={"ctdar"}),
                "ctdar_mean_f1": ctdar_f1(r.ctdar)[0],
                "ctdar_mean_f1_fully_ruled": ctdar_f1(r.ctdar, fully_ruled_only=True)[0],
            }
            for r in runs
        ],
    }
    (out / f"accuracy-{stamp}.json").write_text(
        json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    details = {r.extractor: [p.model_dump(mode="json") for p in r.ctdar] for r in runs}
    (out / f"ctdar-pages-{stamp}.json").write_text(json.dumps(details, indent=1), encoding="utf-8")
    (out / f"accuracy-{stamp}.md").write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    print(f"\nraw results: {out}/accuracy-{stamp}.json, cTDaR per page: {out}/ctdar-pages-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
