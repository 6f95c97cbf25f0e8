"""Markdown tables of the accuracy benchmark."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from bench.accuracy.realdata import CtdarPage
from bench.accuracy.summary import OVERALL, Summary
from bench.metrics.bounds import BoundCheck


class RealdataRun(BaseModel):
    extractor: str
    unavailable: str | None = None  # the extractor itself could not run
    ctdar_unavailable: str | None = None  # the adjacency metric could not run
    ctdar: list[CtdarPage] = []
    wired: list[BoundCheck] = []


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def accuracy_table(rows: Sequence[Summary], unavailable: dict[str, str]) -> str:
    lines = [
        "| rendering | extractor | files | failed % | header % | funds % | indicator % | all fields % "
        "| rows missing/extra | CER | cell recall % | TEDS-struct | s/file |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in rows:
        lines.append(
            f"| {s.rendering} | {s.extractor} | {s.files} | {_pct(s.failed_share)} | {_pct(s.header)} "
            f"| {_pct(s.funds)} | {_pct(s.indicator)} | {_pct(s.fields)} | {s.missing_rows}/{s.extra_rows} "
            f"| {_num(s.cer)} | {_pct(s.cell_recall)} | {_num(s.teds)} | {s.seconds_mean:.2f} |"
        )
    for name, reason in unavailable.items():
        lines.append(f"| {OVERALL} | {name} | not available: {reason} |" + " |" * 10)
    notes = [s.extractor for s in rows if s.rendering == OVERALL and not s.mapped]
    if notes:
        lines.append("")
        lines.append(
            f"Field accuracy n/a for {', '.join(notes)}: extraction.mapping.map_pages is not importable yet."
        )
    return "\n".join(lines)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def ctdar_f1(
    pages: Sequence[CtdarPage], fully_ruled_only: bool = False, grid_links: bool = False
) -> tuple[float | None, int]:
    """Mean F1 over pages (a failed page counts 0), and the number of pages in the mean; with
    `grid_links`, the F1 with pairs derived by the grid on every subset (CTDAR_LINKS)."""
    chosen = [p for p in pages if not fully_ruled_only or p.fully_ruled]
    return _mean([(p.f1_grid if grid_links else p.f1) or 0.0 for p in chosen]), len(chosen)


def realdata_table(runs: Sequence[RealdataRun]) -> str:
    lines = [
        "| subset | extractor | cTDaR pages | failed | mean F1, all pages | mean F1, fully ruled pages "
        "| … with grid links | wired bounds passed |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    subsets = sorted({p.subset for r in runs for p in r.ctdar}) or ["cTDaR"]
    for subset, run in ((s, r) for s in [*subsets, "all"] for r in runs):
        if run.unavailable:
            lines.append(f"| {subset} | {run.extractor} | not available: {run.unavailable} | | | | | |")
            continue
        wired = f"{sum(b.passed for b in run.wired)}/{len(run.wired)}"
        if run.ctdar_unavailable:
            lines.append(
                f"| {subset} | {run.extractor} | adjacency metric not available: {run.ctdar_unavailable} "
                f"| | | | | {wired} |"
            )
            continue
        pages = [p for p in run.ctdar if subset in ("all", p.subset)]
        f1_all, n_all = ctdar_f1(pages)
        f1_ruled, n_ruled = ctdar_f1(pages, fully_ruled_only=True)
        f1_grid, _ = ctdar_f1(pages, fully_ruled_only=True, grid_links=True)
        failed = sum(not p.ok for p in pages)
        lines.append(
            f"| {subset} | {run.extractor} | {n_all} | {failed} | {_num(f1_all)} | {_num(f1_ruled)} (n={n_ruled}) "
            f"| {_num(f1_grid)} | {wired} |"
        )
    runs_with_bounds = [r for r in runs if r.wired]
    if runs_with_bounds:
        lines += [
            "",
            "| wired_tables file | bound | " + " | ".join(r.extractor for r in runs_with_bounds) + " |",
        ]
        lines.append("|---|---|" + "---|" * len(runs_with_bounds))
        for i, check in enumerate(runs_with_bounds[0].wired):
            cells = [
                f"{r.wired[i].found} {'pass' if r.wired[i].passed else '**FAIL**'}" for r in runs_with_bounds
            ]
            lines.append(f"| {check.file} | {check.bound} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
