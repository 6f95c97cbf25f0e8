"""bench.accuracy.structure: grids-only scoring of the cTDaR pages (a perfect and a failing reader)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bench.accuracy.structure import GridPage, GridRun, WiredCount, grid_table, score_page, subset_items
from bench.metrics.adjacency import PredTable, parse_ctdar
from bench.paths import realdata_dir
from models.record import Cell, Table


def _truth_as_grid(xml_path: Path) -> list[Table]:
    """One predicted cell per annotated content box, laid out on the truth's own neighbour links."""
    tables = []
    for t, table in enumerate(parse_ctdar(xml_path)):
        row: dict[int, int] = {}
        col: dict[int, int] = {}
        cells = sorted(table.cells, key=lambda c: (c.box[1], c.box[0]))
        for c in cells:  # rows and columns from the right/below links, propagated along them
            row.setdefault(c.id, 0)
            col.setdefault(c.id, 0)
        for _ in range(len(cells)):
            for c in cells:
                for r in c.right:
                    col[r] = max(col.get(r, 0), col[c.id] + 1)
                for b in c.below:
                    row[b] = max(row.get(b, 0), row[c.id] + 1)
        tables.append(
            Table(
                id=f"p0t{t}",
                page=0,
                bbox=table.box,
                n_rows=1,
                n_cols=1,
                cells=[Cell(id=f"c{c.id}", row=row[c.id], col=col[c.id], bbox=c.box) for c in table.cells],
            )
        )
    return tables


def test_score_page_perfect_and_failing() -> None:
    root = realdata_dir() / "ctdar2019_tracka_zh"
    if not root.is_dir():
        pytest.skip(f"{root} absent (set FORMTALLY_SHARED)")
    image, xml = subset_items("ctdar2019_tracka_zh", limit=1)[0]

    def broken(bgr: np.ndarray) -> Sequence[PredTable]:
        raise RuntimeError("no grid\nsecond line")

    failed = score_page(broken, "ctdar2019_tracka_zh", image, xml)
    assert failed.f1 == 0.0 and failed.error == "RuntimeError: no grid"
    none = score_page(lambda bgr: [], "ctdar2019_tracka_zh", image, xml)
    assert none.f1 == 0.0 and none.error is None
    some = score_page(lambda bgr: _truth_as_grid(xml), "ctdar2019_tracka_zh", image, xml)
    assert some.f1 > 0.5


def test_grid_table_reports_each_subset_and_the_bounds() -> None:
    page = GridPage(
        subset="ctdar2019_trackb2", page="p", fully_ruled=True, f1=0.5, precision=1, recall=1, seconds=1
    )
    zh = page.model_copy(update={"subset": "ctdar2019_tracka_zh", "f1": 1.0, "fully_ruled": False})
    wired = WiredCount(file="w.png", bound="cells >= 3", cells=4, tables=1, passed=True)
    runs = [
        GridRun(extractor="a", pages=[page, zh], wired=[wired]),
        GridRun(extractor="b", unavailable="gone"),
    ]
    text = grid_table(runs)
    assert "| ctdar2019_trackb2 | a | 1 | 0 | 0.500 | 0.500 (n=1) |" in text
    assert "| ctdar2019_tracka_zh | a | 1 | 0 | 1.000 | n/a (n=0) |" in text
    assert "| both | a | 2 | 0 | 0.750 |" in text
    assert "not available: gone" in text
    assert "| w.png | cells >= 3 | 4 cells / 1 tables pass |" in text
