"""python -m bench.documents_speed: pages per second of born-digital against scanned report pages.

Both versions of the generated report (samplegen.report) go through the page stages one page at a
time in this process, each page timed (load + prepare + structure + text layer or OCR); pages are
grouped by whether they hold a table (forms, budget tables: the cells are read) or only text.
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
from samplegen.report import build_report


class PageTime(BaseModel):
    index: int
    seconds: float
    tables: int
    text_source: str | None


class VersionTimes(BaseModel):
    version: str
    pages: list[PageTime] = Field(default_factory=list)

    def rate(self, with_tables: bool | None = None) -> tuple[int, float]:
        """(pages, pages per second) over the pages with tables, without, or all (None)."""
        chosen = [p for p in self.pages if with_tables is None or (p.tables > 0) == with_tables]
        seconds = sum(p.seconds for p in chosen)
        return len(chosen), (len(chosen) / seconds if seconds else 0.0)


def time_pages(path: Path, version: str) -> VersionTimes:
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
                                    text_source=page.info().text_source))  # fmt: skip
    return times


def table(runs: dict[str, VersionTimes]) -> str:
    lines = ["| pages | digital pages/s | scanned pages/s | digital faster |", "|---|---|---|---|"]
    for label, kind in (("with tables", True), ("text only", False), ("all", None)):
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
    runs = {v: time_pages(folder / f"{v}.pdf", v) for v in ("digital", "scanned")}
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
