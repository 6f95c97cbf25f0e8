"""python -m bench.documents_speed: pages per second of born-digital against scanned report pages.

Both versions of the generated report (samplegen.report) go through the page stages one page at a
time in this process, each page timed (load + prepare + structure + text layer or OCR); pages are
grouped into form pages, other table pages (budget tables) and text pages.
`--short` uses the 6-page report. Single-threaded OCR, as bench/speed.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pydantic import BaseModel, Field

from bench.paths import out_dir
from extraction.load import open_document
from extraction.pipeline import ExtractOptions, build_page_pipe, run_page
from models.record import Document
from samplegen.report import build_report


class PageTime(BaseModel):
    index: int
    seconds: float
    tables: int
    form: bool  # a page of a self-assessment form (per the truth)
    text_source: str | None


class VersionTimes(BaseModel):
    version: str
    pages: list[PageTime] = Field(default_factory=list)

    def rate(self, kind: str) -> tuple[int, float]:
        """(pages, pages per second) over the pages of one kind (see KINDS)."""
        chosen = [p for p in self.pages if _kind(p) == kind or kind == "all"]
        seconds = sum(p.seconds for p in chosen)
        return len(chosen), (len(chosen) / seconds if seconds else 0.0)


KINDS = (("form pages", "form"), ("other table pages", "table"), ("text pages", "text"), ("all", "all"))


def _kind(page: PageTime) -> str:
    return "form" if page.form else "table" if page.tables else "text"


def time_pages(path: Path, version: str, form_pages: set[int]) -> VersionTimes:
    options = ExtractOptions(threads=1)
    opened = open_document(path, options.limits, dpi=options.dpi)
    pipe = build_page_pipe(options)
    run_page(opened, 0, pipe, {}, None)  # warm-up: OCR models load once per process
    times = VersionTimes(version=version)
    for index in range(len(opened.sizes)):
        started = time.perf_counter()
        page = run_page(opened, index, pipe, {}, None)
        seconds = time.perf_counter() - started
        times.pages.append(PageTime(index=index, seconds=seconds, tables=len(page.tables()),
                                    form=index in form_pages, text_source=page.info().text_source))  # fmt: skip
    return times


def table(runs: dict[str, VersionTimes]) -> str:
    lines = ["| pages | digital pages/s | scanned pages/s | digital faster |", "|---|---|---|---|"]
    for label, kind in KINDS:
        n, digital = runs["digital"].rate(kind)
        _, scanned = runs["scanned"].rate(kind)
        ratio = f"{digital / scanned:.1f}×" if scanned else "–"
        lines.append(f"| {label} ({n}) | {digital:.2f} | {scanned:.2f} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents_speed", description=__doc__)
    parser.add_argument("--short", action="store_true", help="the 6-page report")
    args = parser.parse_args(argv)
    folder = build_report(out_dir() / ("report-short" if args.short else "report"), short=args.short)
    truth = Document.model_validate_json((folder / "digital.truth.json").read_text(encoding="utf-8"))
    form_pages = {p for form in truth.forms for p in form.pages}
    runs = {v: time_pages(folder / f"{v}.pdf", v, form_pages) for v in ("digital", "scanned")}
    load = os.getloadavg()
    text = (
        table(runs)
        + f"\n\nload average during the run (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir() / f"documents-speed-{stamp}.json").write_text(
        "[" + ",".join(r.model_dump_json() for r in runs.values()) + "]", encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
