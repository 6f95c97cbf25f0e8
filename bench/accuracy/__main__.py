"""python -m bench.accuracy: formtally and its peers on the sample scans, on real table pages and on the
randomised forms of samplegen.variety (grid level on every family; formtally on rendered held-out forms).
`--only samples|realdata|variety|real_forms|false_forms|documents` runs one part.

Prints Markdown tables; writes the raw results as JSON under bench/out/ (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from bench.accuracy import documents, false_forms
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
from bench.accuracy.structure import GRID_EXTRACTORS, run_grids
from bench.accuracy.structure import grid_table as structure_table
from bench.accuracy.summary import summaries
from bench.accuracy.variety import (
    FamilyScore,
    failure_table,
    grid_scores,
    grid_table,
    ocr_family_table,
    ocr_samples,
)
from bench.extractors import ACCURACY_EXTRACTORS, ExtractorUnavailable
from bench.paths import out_dir, sample_scans_dir
from bench.pool import run_with_extractor
from bench.real_forms import report as real_forms_report
from bench.real_forms import run_fixtures
from samplegen.variety.build import KINDS
from samplegen.variety.families import PER_FAMILY


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
    parser.add_argument(
        "--only",
        choices=("samples", "realdata", "variety", "real_forms", "false_forms", "documents"),
        default=None,
        help="run one part",
    )
    parser.add_argument(
        "--no-variety", action="store_true", help="skip the randomised forms (samplegen.variety)"
    )
    parser.add_argument(
        "--variety-per-family", type=int, default=3, help="held-out forms per family for the OCR-level run"
    )
    parser.add_argument(
        "--variety-grid-per-family", type=int, default=PER_FAMILY, help="forms per family, grid level"
    )
    parser.add_argument("--no-real-forms", action="store_true", help="skip the real-form grid fixtures")
    parser.add_argument(
        "--no-false-forms", action="store_true", help="skip the false-form count on shared/realdata (OCR)"
    )
    parser.add_argument(
        "--no-documents", action="store_true", help="skip the generated report PDFs (digital and scanned)"
    )
    parser.add_argument(
        "--documents-short", action="store_true", help="the 6-page report instead of 40 pages"
    )
    args = parser.parse_args(argv)
    if args.only is not None:
        args.no_documents = args.only != "documents"
        args.no_samples = args.only != "samples"
        args.no_realdata = args.only != "realdata"
        args.no_variety = args.only != "variety"
        args.no_real_forms = args.only != "real_forms"
        args.no_false_forms = args.only != "false_forms"
    return args


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


def run_variety(
    args: argparse.Namespace, names: list[str]
) -> tuple[list[FamilyScore], list[FileResult], str]:
    """Grid level on every family (no OCR), then formtally on a few rendered held-out forms."""
    started = time.perf_counter()
    grid = grid_scores(args.variety_grid_per_family)
    print(f"variety grid level: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    section = "## Randomised forms, grid level (truth tables → map_pages)\n\n" + grid_table(grid)
    section += "\n\n" + failure_table(grid)
    if "formtally" not in names or args.variety_per_family <= 0:
        return grid, [], section
    kinds = _csv(args.renderings) or list(KINDS)
    root, samples = ocr_samples(out_dir() / "variety-cache", args.variety_per_family, kinds)
    print(f"variety OCR level: {len(samples)} files from {root}", file=sys.stderr)
    items = [(s, root, None) for s in samples]
    try:
        results = run_with_extractor("formtally", items, score_sample, args.jobs, args.threads)
    except (ExtractorUnavailable, BrokenProcessPool) as exc:
        return grid, [], section + f"\n\nOCR level skipped: {exc}"
    section += (
        "\n\n## Randomised held-out forms, OCR level (formtally)\n\n"
        + accuracy_table(summaries(results), {})
        + "\n\n"
        + ocr_family_table(results)
    )
    return grid, results, section


def structure_only(names: list[str], limit: int | None, stamp: str) -> int:
    runs = run_grids([n for n in names if n in GRID_EXTRACTORS], limit)
    markdown = "## Real table pages, grids only (shared/realdata)\n\n" + structure_table(runs)
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
    variety_grid: list[FamilyScore] = []
    variety_ocr: list[FileResult] = []
    if not args.no_variety:
        variety_grid, variety_ocr, section = run_variety(args, names)
        sections.append(section)
    if not args.no_real_forms:
        sections.append("## Real forms (tests/fixtures/real_forms)\n\n" + real_forms_report(run_fixtures()))
    if not args.no_false_forms and "formtally" in names:
        verdicts = false_forms.run(write_fixtures=False, limit=args.limit)
        sections.append("## False forms (shared/realdata, formtally)\n\n" + false_forms.report(verdicts))
    doc_runs: list[documents.DocumentRun] = []
    if not args.no_documents:
        folder = out_dir() / ("report-short" if args.documents_short else "report")
        doc_runs = documents.run_documents(folder, short=args.documents_short)
        sections.append(
            "## Report PDFs (samplegen.report: forms among other pages)\n\n" + documents.report(doc_runs)
        )
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
        "variety_grid": [s.model_dump(mode="json") for s in variety_grid],
        "variety_ocr": [r.model_dump(mode="json") for r in variety_ocr],
        "documents": [r.model_dump(mode="json") for r in doc_runs],
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
