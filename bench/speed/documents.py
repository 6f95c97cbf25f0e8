"""python -m bench.speed.documents: pages per second of born-digital against scanned report pages.

Both versions of the generated report (samplegen.report) go through the page stages one page at a
time in this process, interleaved (digital page i, scanned page i, digital page i+1, ...) so that
the shared machine's load falls on both alike; each page is timed in wall and CPU seconds (load +
prepare + structure + text layer or OCR). Pages are grouped into form pages, other table pages
(budget tables) and text pages. `--short` uses the 6-page report. Single-threaded OCR, as
bench/speed. The load average is printed before and after the run. `--raster` also times the
digital pages with the raster structure stage only (the vector ruling ignored), interleaved with
the others: the gain of the vector grid under the same load.
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
    cpu_seconds: float  # this process's CPU time (all threads): what the page costs, load aside
    tables: int
    form: bool  # a page of a self-assessment form (per the truth)
    text_source: str | None
    structure_source: str | None  # the PDF's vector ruling or the rendered pixels


class VersionTimes(BaseModel):
    version: str
    pages: list[PageTime] = Field(default_factory=list)

    def rate(self, kind: str, cpu: bool = False) -> tuple[int, float]:
        """(pages, pages per second) over the pages of one kind (see KINDS), wall or CPU time."""
        chosen = [p for p in self.pages if _kind(p) == kind or kind == "all"]
        seconds = sum(p.cpu_seconds if cpu else p.seconds for p in chosen)
        return len(chosen), (len(chosen) / seconds if seconds else 0.0)


KINDS = (("form pages", "form"), ("other table pages", "table"), ("text pages", "text"), ("all", "all"))


def _kind(page: PageTime) -> str:
    return "form" if page.form else "table" if page.tables else "text"


class _Timed:
    """One version of the report, opened, its stages built and its OCR models warmed up."""

    def __init__(self, path: Path, version: str, form_pages: set[int], vector: bool = True) -> None:
        options = ExtractOptions(threads=1)
        self.opened = open_document(path, options.limits, dpi=options.dpi)
        self.pipe = [(n, s) for n, s in build_page_pipe(options) if vector or n != "vector_structure"]
        self.form_pages = form_pages
        self.times = VersionTimes(version=version)
        run_page(self.opened, 0, self.pipe, {}, None)  # warm-up: OCR models load once per process

    def page(self, index: int) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        page = run_page(self.opened, index, self.pipe, {}, None)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        self.times.pages.append(
            PageTime(index=index, seconds=wall, cpu_seconds=cpu, tables=len(page.tables()),
                     form=index in self.form_pages, text_source=page.info().text_source,
                     structure_source=page.structure_source)
        )  # fmt: skip


def time_interleaved(folder: Path, form_pages: set[int], raster: bool = False) -> dict[str, VersionTimes]:
    """Every page of each version, alternating between them page by page (the order turning)."""
    runs = {v: _Timed(folder / f"{v}.pdf", v, form_pages) for v in ("digital", "scanned")}
    if raster:
        runs["digital_raster"] = _Timed(folder / "digital.pdf", "digital_raster", form_pages, vector=False)
    versions = list(runs)
    for index in range(len(runs["digital"].opened.sizes)):
        turn = index % len(versions)
        for version in versions[turn:] + versions[:turn]:
            runs[version].page(index)
    return {v: r.times for v, r in runs.items()}


def table(runs: dict[str, VersionTimes]) -> str:
    lines = [
        "| pages | digital pages/s | scanned pages/s | digital faster (wall) | digital faster (CPU) |",
        "|---|---|---|---|---|",
    ]
    for label, kind in KINDS:
        n, digital = runs["digital"].rate(kind)
        _, scanned = runs["scanned"].rate(kind)
        _, digital_cpu = runs["digital"].rate(kind, cpu=True)
        _, scanned_cpu = runs["scanned"].rate(kind, cpu=True)
        ratio = f"{digital / scanned:.1f}×" if scanned else "–"
        ratio_cpu = f"{digital_cpu / scanned_cpu:.1f}×" if scanned_cpu else "–"
        lines.append(f"| {label} ({n}) | {digital:.2f} | {scanned:.2f} | {ratio} | {ratio_cpu} |")
    if "digital_raster" in runs:
        lines += [
            "",
            "| pages | digital, raster structure pages/s | faster (wall) | faster (CPU) |",
            "|---|---|---|---|",
        ]
        for label, kind in KINDS:
            n, rate = runs["digital_raster"].rate(kind)
            _, rate_cpu = runs["digital_raster"].rate(kind, cpu=True)
            _, scanned = runs["scanned"].rate(kind)
            _, scanned_cpu = runs["scanned"].rate(kind, cpu=True)
            ratio = f"{rate / scanned:.1f}×" if scanned else "–"
            ratio_cpu = f"{rate_cpu / scanned_cpu:.1f}×" if scanned_cpu else "–"
            lines.append(f"| {label} ({n}) | {rate:.2f} | {ratio} | {ratio_cpu} |")
    pages = runs["digital"].pages
    vector = sum(p.structure_source == "vector" for p in pages)
    lines.append(f"\ndigital pages whose grid came from the PDF's vector ruling: {vector}/{len(pages)}")
    return "\n".join(lines)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.documents", description=__doc__)
    parser.add_argument("--short", action="store_true", help="the 6-page report")
    parser.add_argument("--raster", action="store_true", help="also digital pages without the vector grid")
    args = parser.parse_args(argv)
    folder = build_report(out_dir() / ("report-short" if args.short else "report"), short=args.short)
    truth = Document.model_validate_json((folder / "digital.truth.json").read_text(encoding="utf-8"))
    form_pages = {p for form in truth.forms for p in form.pages}
    before = _load()
    runs = time_interleaved(folder, form_pages, raster=args.raster)
    text = table(runs) + f"\n\nload average (1/5/15 min) before the run: {before}, after: {_load()}"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir() / f"documents-speed-{stamp}.json").write_text(
        "[" + ",".join(r.model_dump_json() for r in runs.values()) + "]", encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
