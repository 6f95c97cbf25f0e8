"""Grid-only scoring on the real table pages: formtally's structure stage against img2table's, no OCR.

Neighbour-pair F1 needs only cell boxes (the cTDaR content boxes carry no text), so both sides are
scored on their grids: formtally as the pipeline runs it (prepare → detect_tables, boxes mapped back
to the original image through the prepared page's transform), img2table as the accuracy peer calls
it (ruled tables, its own rotation fix) but without its OCR hook. Seconds per page instead of a
whole-page OCR per page, so every page of both cTDaR subsets fits in one short run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
from pydantic import BaseModel

from bench.accuracy.realdata import CTDAR_LINKS, CTDAR_SUBSETS
from bench.accuracy.report import _num
from bench.metrics.adjacency import PredTable, fully_ruled, parse_ctdar, score_and_grid_f1
from bench.metrics.bounds import WIRED_BOUNDS
from bench.paths import realdata_dir
from models.geometry import box_to_original
from models.record import BBox, Cell, Table

GridReader = Callable[[np.ndarray], Sequence[PredTable]]


class GridPage(BaseModel):
    subset: str
    page: str
    fully_ruled: bool
    f1: float
    precision: float
    recall: float
    seconds: float
    error: str | None = None
    f1_grid: float = 0.0  # with grid links whatever the subset's annotation (CTDAR_LINKS)


class WiredCount(BaseModel):
    file: str
    bound: str
    cells: int
    tables: int
    passed: bool


class GridRun(BaseModel):
    extractor: str
    unavailable: str | None = None
    pages: list[GridPage] = []
    wired: list[WiredCount] = []


def subset_items(subset: str, limit: int | None = None) -> list[tuple[Path, Path]]:
    root = realdata_dir() / subset
    pairs = [
        (image, root / "adjacency" / f"{image.stem}.xml")
        for image in sorted((root / "images").glob("*.jpg"))
        if (root / "adjacency" / f"{image.stem}.xml").exists()
    ]
    return pairs[:limit] if limit is not None else pairs


def formtally_grids(bgr: np.ndarray) -> list[Table]:
    """The pipeline's prepare and structure stages; cell boxes in the original image's pixels."""
    from extraction.prepare import prepare_page
    from extraction.structure import detect_tables

    prepared = prepare_page(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), 0)
    info = prepared.info
    tables = []
    for t, grid in enumerate(detect_tables(prepared.gray)):
        cells = [
            Cell(
                id=f"p0t{t}r{c.row}c{c.col}",
                row=c.row,
                col=c.col,
                row_span=c.row_span,
                col_span=c.col_span,
                bbox=box_to_original(info, c.bbox),
            )
            for c in grid.cells
        ]
        bbox: BBox = box_to_original(info, grid.bbox)
        tables.append(
            Table(id=f"p0t{t}", page=0, bbox=bbox, n_rows=grid.n_rows, n_cols=grid.n_cols, cells=cells)
        )
    return tables


def img2table_grids(implicit: bool = False) -> GridReader:
    """img2table's ruled-table extraction as the accuracy peer configures it, without OCR; with
    `implicit`, also its implicit rows and columns (rows and columns inferred inside ruled tables)."""
    from img2table.document import Image

    from bench.extractors.img2table_peer import convert_table

    def read(bgr: np.ndarray) -> list[Table]:
        ok, png = cv2.imencode(".png", bgr)
        if not ok:
            raise ValueError("could not encode the page")
        document = Image(src=png.tobytes(), detect_rotation=True)
        extracted = document.extract_tables(
            ocr=None, implicit_rows=implicit, implicit_columns=implicit, borderless_tables=False
        )
        return [convert_table(t, 0, i) for i, t in enumerate(extracted)]

    return read


GRID_EXTRACTORS = ("formtally", "img2table", "img2table-implicit")


def make_reader(name: str) -> GridReader:
    if name == "formtally":
        return formtally_grids
    if name == "img2table":
        return img2table_grids()
    if name == "img2table-implicit":
        return img2table_grids(implicit=True)
    raise ValueError(f"no grid reader for {name}")


def score_page(read: GridReader, subset: str, image: Path, xml: Path) -> GridPage:
    bgr = cv2.imread(str(image), cv2.IMREAD_COLOR)
    if bgr is None:
        raise FileNotFoundError(f"cannot read {image}")  # a broken data set stops the run
    truth = parse_ctdar(xml)
    full = fully_ruled(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), truth)
    started = time.perf_counter()
    try:
        tables = read(bgr)
    except Exception as exc:  # a failing page counts F1 0, with its reason
        seconds = time.perf_counter() - started
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return GridPage(
            subset=subset,
            page=image.stem,
            fully_ruled=full,
            f1=0.0,
            precision=0.0,
            recall=0.0,
            seconds=seconds,
            error=error,
        )
    seconds = time.perf_counter() - started
    s, f1_grid = score_and_grid_f1(truth, tables, CTDAR_LINKS.get(subset, "grid"))
    return GridPage(
        subset=subset,
        page=image.stem,
        fully_ruled=full,
        f1=s.f1,
        precision=s.precision,
        recall=s.recall,
        seconds=seconds,
        f1_grid=f1_grid,
    )


def wired_count(read: GridReader, image: Path) -> WiredCount:
    op, limit = WIRED_BOUNDS[image.name]
    bgr = cv2.imread(str(image), cv2.IMREAD_COLOR)
    if bgr is None:
        raise FileNotFoundError(f"cannot read {image}")
    tables = read(bgr)
    cells = sum(len(t.cells) for t in tables)
    if op == "no_form":  # grids only: a page without a table must yield no table at all
        return WiredCount(
            file=image.name, bound="no table", cells=cells, tables=len(tables), passed=not tables
        )
    passed = cells >= limit if op == ">=" else cells <= limit
    return WiredCount(
        file=image.name, bound=f"cells {op} {limit}", cells=cells, tables=len(tables), passed=passed
    )


def run_grids(names: Sequence[str], limit: int | None = None) -> list[GridRun]:
    runs = []
    wired_root = realdata_dir() / "wired_tables"
    for name in names:
        run = GridRun(extractor=name)
        try:
            read = make_reader(name)
        except ImportError as exc:
            run.unavailable = str(exc)
            runs.append(run)
            continue
        for subset in CTDAR_SUBSETS:
            run.pages += [score_page(read, subset, image, xml) for image, xml in subset_items(subset, limit)]
        run.wired = [wired_count(read, wired_root / f) for f in WIRED_BOUNDS if (wired_root / f).exists()]
        runs.append(run)
    return runs


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if values else None


def grid_table(runs: Sequence[GridRun]) -> str:
    """Per subset and extractor: pages, mean F1 on all pages and on fully ruled pages; wired bounds."""
    lines = [
        "| subset | extractor | pages | failed | mean F1, all pages | mean F1, fully ruled pages "
        "| … with grid links | s/page |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for subset in (*CTDAR_SUBSETS, "both"):
        for run in runs:
            if run.unavailable:
                lines.append(f"| {subset} | {run.extractor} | not available: {run.unavailable} | | | | | |")
                continue
            pages = [p for p in run.pages if subset in ("both", p.subset)]
            ruled = [p.f1 for p in pages if p.fully_ruled]
            failed = sum(p.error is not None for p in pages)
            lines.append(
                f"| {subset} | {run.extractor} | {len(pages)} | {failed} | {_num(_mean([p.f1 for p in pages]))} "
                f"| {_num(_mean(ruled))} (n={len(ruled)}) "
                f"| {_num(_mean([p.f1_grid for p in pages if p.fully_ruled]))} "
                f"| {_num(_mean([p.seconds for p in pages]), 2)} |"
            )
    with_wired = [r for r in runs if r.wired]
    if with_wired:
        lines += ["", "| wired_tables file | bound | " + " | ".join(r.extractor for r in with_wired) + " |"]
        lines.append("|---|---|" + "---|" * len(with_wired))
        for i, check in enumerate(with_wired[0].wired):
            found = [
                f"{r.wired[i].cells} cells / {r.wired[i].tables} tables {'pass' if r.wired[i].passed else '**FAIL**'}"
                for r in with_wired
            ]
            lines.append(f"| {check.file} | {check.bound} | " + " | ".join(found) + " |")
        totals = [f"{sum(w.passed for w in r.wired)}/{len(r.wired)}" for r in with_wired]
        lines.append("| passed | | " + " | ".join(totals) + " |")
    lines += [
        "",
        "TEDS-struct: n/a on these pages (the cTDaR files give content boxes and neighbours, no row/column "
        "tree); it is measured on the sample scans.",
    ]
    return "\n".join(lines)
