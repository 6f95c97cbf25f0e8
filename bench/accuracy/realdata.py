"""Real pages nobody on the project made (shared/realdata): cTDaR 2019 Track B2 and Chinese Track A neighbour-pair F1 and the
wired_tables cell-count bounds, for the extractors that recover table structure."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import cv2
from pydantic import BaseModel

from bench.accuracy.runner import describe
from bench.extractors import Extractor
from bench.metrics.adjacency import Links
from bench.metrics.bounds import WIRED_BOUNDS, BoundCheck, check_bound, failed_bound
from bench.paths import realdata_dir

STRUCTURE_EXTRACTORS = ("formtally", "img2table")  # the whole-page peers have no grid to score


class CtdarPage(BaseModel):
    page: str
    subset: str = "ctdar2019_trackb2"
    ok: bool
    error: str | None = None
    seconds: float = 0.0
    fully_ruled: bool | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    f1_grid: float | None = None  # with grid links whatever the subset's annotation (CTDAR_LINKS)


CTDAR_SUBSETS = ("ctdar2019_trackb2", "ctdar2019_tracka_zh")
# How each annotation links cells, and so how predicted pairs are derived (bench/metrics/adjacency.py):
# Track B2 by the grid; the CASIA Track A pages only where content boxes overlap across the link.
CTDAR_LINKS: dict[str, Links] = {"ctdar2019_trackb2": "grid", "ctdar2019_tracka_zh": "content"}


def ctdar_items(limit: int | None) -> list[tuple[Path, Path]]:
    """(image, adjacency xml) pairs of every cTDaR subset, sorted by name within each; `limit` per subset."""
    pairs = []
    for subset in CTDAR_SUBSETS:
        root = realdata_dir() / subset
        found = [
            (image, root / "adjacency" / f"{image.stem}.xml")
            for image in sorted((root / "images").glob("*.jpg"))
            if (root / "adjacency" / f"{image.stem}.xml").exists()
        ]
        pairs += found[:limit] if limit is not None else found
    return pairs


def wired_items() -> list[Path]:
    root = realdata_dir() / "wired_tables"
    return [root / name for name in WIRED_BOUNDS if (root / name).exists()]


def adjacency_module() -> Any:
    """bench.metrics.adjacency (written by another hand); ImportError says it is not there yet."""
    from bench.metrics import adjacency

    return adjacency


def score_ctdar_page(extractor: Extractor, item: tuple[Path, Path]) -> CtdarPage:
    image, xml = item
    adjacency = adjacency_module()
    truth = adjacency.parse_ctdar(xml)
    gray = cv2.imread(str(image), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise FileNotFoundError(f"cannot read {image}")  # the data set is broken: stop, do not score 0
    fully_ruled = adjacency.fully_ruled(gray, truth)
    started = time.perf_counter()
    try:
        document = extractor.extract(image)
    except Exception as exc:  # a failing page is a counted result, F1 0
        seconds = time.perf_counter() - started
        return CtdarPage(
            page=image.stem,
            subset=image.parent.parent.name,
            ok=False,
            error=describe(exc),
            seconds=seconds,
            fully_ruled=fully_ruled,
        )
    seconds = time.perf_counter() - started
    subset = image.parent.parent.name
    score, f1_grid = adjacency.score_and_grid_f1(truth, document.tables, CTDAR_LINKS.get(subset, "grid"))
    return CtdarPage(
        page=image.stem,
        subset=subset,
        ok=True,
        seconds=seconds,
        fully_ruled=fully_ruled,
        precision=score.precision,
        recall=score.recall,
        f1=score.f1,
        f1_grid=f1_grid,
    )


def score_wired(extractor: Extractor, image: Path) -> BoundCheck:
    try:
        document = extractor.extract(image)
    except Exception as exc:  # a failing page fails its bound, with the reason shown
        return failed_bound(image.name, describe(exc))
    return check_bound(image.name, document)
