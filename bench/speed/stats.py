"""Per-contender figures from interleaved rounds, and the Markdown tables with ratios to formtally."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from bench.speed.rounds import ContenderRun

BASELINE = "formtally"

# What each contender computes for a page: the ratios compare different work, say so in the table.
WORK = {
    "formtally": "table pipeline: prepare, ruling grid, recognition of each cell's lines (no detection; "
    "recogniser backbone and CTC head int8, read again in float when in doubt), mapping, verification",
    "formtally-float": "the same table pipeline, recogniser all float (engine rapidocr)",
    "rapidocr-page": "whole-page OCR: RapidOCR detection + recognition of every line (PP-OCRv6 small, fp32), "
    "no table",
    "paddleocr-page": "whole-page OCR: PaddleOCR 3.x detection + recognition, no table",
    "tesseract-page": "whole-page OCR: Tesseract chi_sim layout analysis + recognition, no table",
}


class Figures(BaseModel):
    name: str
    unavailable: str | None = None
    errors: list[str] = []
    pages: int = 0
    cpu_median: float | None = None  # median over pages of each page's median over rounds
    cpu_min: float | None = None
    wall_median: float | None = None
    wall_min: float | None = None
    by_rendering: dict[str, float] = {}  # median CPU-s per page
    per_file_cpu: dict[str, float] = {}  # each page's median over rounds
    peak_rss_mb: float | None = None
    init_s: float | None = None


def _median_of_medians(values: Mapping[str, list[float]]) -> float:
    return statistics.median(statistics.median(v) for v in values.values())


def figures(run: ContenderRun, renderings: Mapping[str, str]) -> Figures:
    out = Figures(name=run.name, unavailable=run.unavailable, init_s=run.init_s, peak_rss_mb=run.peak_rss_mb)
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    for t in run.timings:
        if t.error is None:
            cpu[t.file].append(t.cpu_s / t.pages)
            wall[t.file].append(t.wall_s / t.pages)
    out.errors = sorted(
        {t.error for t in run.timings if t.error} | ({run.warm_error} if run.warm_error else set())
    )
    if not cpu:
        return out
    out.pages = len(cpu)
    out.cpu_median, out.wall_median = _median_of_medians(cpu), _median_of_medians(wall)
    out.cpu_min = min(min(v) for v in cpu.values())
    out.wall_min = min(min(v) for v in wall.values())
    out.per_file_cpu = {f: statistics.median(v) for f, v in cpu.items()}
    grouped: dict[str, list[float]] = defaultdict(list)
    for f, value in out.per_file_cpu.items():
        grouped[renderings.get(f, "?")].append(value)
    out.by_rendering = {r: statistics.median(v) for r, v in grouped.items()}
    return out


def paired_ratio(peer: Figures, base: Figures) -> float | None:
    """Median over the pages both read of peer CPU ÷ formtally CPU."""
    shared = [f for f in peer.per_file_cpu if base.per_file_cpu.get(f)]
    if not shared:
        return None
    return statistics.median(peer.per_file_cpu[f] / base.per_file_cpu[f] for f in shared)


def _f(value: float | None, fmt: str = ".2f") -> str:
    return "n/a" if value is None else format(value, fmt)


def speed_tables(rows: Sequence[Figures], renderings: Sequence[str]) -> str:
    base = next((r for r in rows if r.name == BASELINE and r.cpu_median), None)
    lines = [
        "| contender | work per page | CPU-s/page median | CPU-s min | wall s/page median | wall min "
        "| CPU ÷ formtally (medians) | CPU ÷ formtally (median of pages) | peak RSS MB | load s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        work = WORK.get(r.name, "")
        if r.unavailable:
            lines.append(f"| {r.name} | {work} | not available: {r.unavailable} |" + " |" * 7)
            continue
        ratio = (
            f"{r.cpu_median / base.cpu_median:.2f}×" if base and base.cpu_median and r.cpu_median else "n/a"
        )
        paired = paired_ratio(r, base) if base else None
        lines.append(
            f"| {r.name} | {work} | {_f(r.cpu_median)} | {_f(r.cpu_min)} | {_f(r.wall_median)} "
            f"| {_f(r.wall_min)} | {ratio} | {_f(paired)}{'×' if paired else ''} "
            f"| {_f(r.peak_rss_mb, '.0f')} | {_f(r.init_s, '.1f')} |"
        )
    lines += ["", "Median CPU-s per page by rendering:", ""]
    lines += ["| contender | " + " | ".join(renderings) + " |", "|---|" + "---:|" * len(renderings)]
    for r in rows:
        if not r.unavailable:
            lines.append(f"| {r.name} | " + " | ".join(_f(r.by_rendering.get(x)) for x in renderings) + " |")
    errors = [f"- {r.name}: {e}" for r in rows for e in r.errors]
    if errors:
        lines += ["", "Failed pages:", *errors]
    return "\n".join(lines)
