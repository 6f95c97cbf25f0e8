"""Golden synthetic pages: detect_tables must recover exactly the structure drawn.

Regenerate the inputs and expectations (from golden_cases.py, never by hand) with
`FORMTALLY_REGEN_GOLDEN=1 pytest tests/extraction/structure/test_golden.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import cv2
import pytest

from extraction.structure import TableGrid, detect_tables
from tests.extraction.structure.golden_cases import CASES

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("FORMTALLY_REGEN_GOLDEN") == "1"


def _load(name: str) -> tuple[object, dict[str, object]]:
    folder = GOLDEN / name
    if REGEN:
        image, truth = CASES[name]()
        folder.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(folder / "input.png"), image)
        (folder / "expected.json").write_text(json.dumps(truth, indent=1) + "\n")
    image = cv2.imread(str(folder / "input.png"), cv2.IMREAD_GRAYSCALE)
    assert image is not None, f"{folder}/input.png missing: run with FORMTALLY_REGEN_GOLDEN=1"
    return image, json.loads((folder / "expected.json").read_text())


def _structure(table: TableGrid) -> list[tuple[int, int, int, int]]:
    return [(c.row, c.col, c.row_span, c.col_span) for c in table.cells]


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    image, truth = _load(name)
    found = detect_tables(image)
    tables = truth["tables"]
    assert isinstance(tables, list)
    assert len(found) == len(tables), f"{name}: {len(found)} tables, expected {len(tables)}"
    tol = max(6, round(0.01 * max(image.shape)))
    for got, want in zip(found, tables, strict=True):
        assert (got.n_rows, got.n_cols) == (want["n_rows"], want["n_cols"])
        assert _structure(got) == [(c["row"], c["col"], c["row_span"], c["col_span"]) for c in want["cells"]]
        for cell, exp in zip(got.cells, want["cells"], strict=True):
            assert max(abs(a - b) for a, b in zip(cell.bbox, exp["bbox"], strict=True)) <= tol, (cell, exp)
