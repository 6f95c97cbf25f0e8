"""False forms: every real page of shared/realdata (annual reports, prospectuses, a settlement statement,
an exam sheet, …) is NOT a self-assessment form; formtally must claim none on them.

`python -m bench.accuracy.false_forms` runs the page stages (prepare, structure, OCR) on every image and
maps them; `--write-fixtures` also stores what the mapper saw (PageContent JSON) under
tests/fixtures/realdata_pages/, so the mapper's test reads real OCR output without running OCR.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from pydantic import BaseModel

from bench.paths import REPO_ROOT, realdata_dir
from extraction.load import LoadLimits, load_document
from extraction.mapping import map_document
from extraction.pipeline import ExtractOptions, build_page_pipe
from extraction.predictions import PagePrediction
from extraction.types import PageContent

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "realdata_pages"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


class PageVerdict(BaseModel):
    page: str  # <subset>/<file name>
    tables: int
    forms: int
    reasons: list[str]  # why each candidate was refused (or the kind of a form claimed)
    seconds: float


def realdata_images(root: Path | None = None) -> list[Path]:
    base = root or realdata_dir()
    return sorted(p for p in base.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


def fixture_name(image: Path, root: Path) -> str:
    """`wired_tables/table_cls__wired_table.png` → `wired_tables__table_cls__wired_table.png` (the
    suffix stays: a .jpg and a .png of one name are two pages)."""
    return "__".join(image.relative_to(root).parts)


def page_contents(image: Path, threads: int = 1) -> list[PageContent]:
    """What the mapper sees of one real image: its tables with OCR text, its free text lines."""
    pipe = build_page_pipe(ExtractOptions(threads=threads))
    contents = []
    for index, array in enumerate(load_document(image, LoadLimits(), dpi=200).pages):
        page = PagePrediction(index=index, original=array)
        for _, stage in pipe:
            page = stage(page)
        if page.content is not None:
            contents.append(page.content)
    return contents


def judge_page(name: str, contents: list[PageContent], seconds: float = 0.0) -> PageVerdict:
    mapped = map_document(contents)
    reasons = [f"claimed a {f.kind} form ({f.layout})" for f in mapped.forms]
    reasons += [n.reason for n in mapped.not_forms]
    tables = sum(len(c.tables) for c in contents)
    return PageVerdict(page=name, tables=tables, forms=len(mapped.forms), reasons=reasons, seconds=seconds)


def run(write_fixtures: bool, limit: int | None) -> list[PageVerdict]:
    root = realdata_dir()
    verdicts = []
    for image in realdata_images(root)[:limit]:
        started = time.perf_counter()
        contents = page_contents(image)
        name = fixture_name(image, root)
        verdicts.append(judge_page(name, contents, round(time.perf_counter() - started, 2)))
        if write_fixtures:
            FIXTURES.mkdir(parents=True, exist_ok=True)
            payload = [c.model_dump(mode="json") for c in contents]
            (FIXTURES / f"{name}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        print(f"  {name}: {verdicts[-1].forms} forms, {verdicts[-1].tables} tables", file=sys.stderr)
    return verdicts


def report(verdicts: list[PageVerdict]) -> str:
    claimed = [v for v in verdicts if v.forms]
    lines = [
        f"False forms on shared/realdata: **{sum(v.forms for v in verdicts)}** forms claimed on "
        f"{len(claimed)} of {len(verdicts)} real pages ({sum(v.tables for v in verdicts)} tables read; "
        f"{sum(len(v.reasons) for v in verdicts) - len(claimed)} candidates refused).",
    ]
    lines += [f"- {v.page}: {'; '.join(v.reasons)}" for v in claimed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy.false_forms", description=__doc__)
    parser.add_argument("--write-fixtures", action="store_true", help="store PageContent JSON for the tests")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(report(run(args.write_fixtures, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
