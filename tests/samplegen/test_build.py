"""One form written to a temp dir by the generator: files, sidecars, and transforms that really map
the clean frame onto each rendering (the ruled frame lands on dark pixels)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from models.record import Document
from samplegen.build import build_form
from samplegen.forms import form_by_id
from samplegen.layout import LayoutRecord

FORM = "sichuan_county_2023_yygs"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    root = tmp_path_factory.mktemp("samples")
    return root / FORM, build_form(form_by_id(FORM), root)


def _gray(path: Path) -> np.ndarray:
    with Image.open(path) as img:
        return np.asarray(img.convert("L"), dtype=np.uint8)


def test_files_and_truth(built) -> None:
    folder, entries = built
    assert {e["rendering"] for e in entries} == {"clean", "scan", "photo", "seal", "fax", "rotated"}
    for e in entries:
        assert (folder.parent / str(e["file"])).is_file()
    doc = Document.model_validate_json((folder / "truth.json").read_text(encoding="utf-8"))
    layout = LayoutRecord.model_validate_json((folder / "layout.json").read_text(encoding="utf-8"))
    cells = {c.id: c for t in doc.tables for c in t.cells}
    for page in layout.pages:
        for box in page.tables[0].cells:
            cell = cells[f"p{page.index}t0r{box.row}c{box.col}"]
            assert cell.bbox == box.bbox and cell.text == box.text
    clean = _gray(folder / "clean.png")
    assert clean.shape == (3508, 2480)
    for c in cells.values():
        x0, y0, x1, y1 = c.bbox
        assert (clean[y0, x0:x1] < 128).mean() > 0.99 and (clean[y0:y1, x0] < 128).mean() > 0.99
    with Image.open(folder / "fax.png") as fax:
        assert fax.mode == "1" and fax.size == (1653, 2339)
    with Image.open(folder / "seal.jpg") as seal:
        assert seal.mode == "RGB"


def _frame_points(doc: Document) -> np.ndarray:
    """Points along the outer ruled frame of the table, in the clean page frame."""
    x0, y0, x1, y1 = doc.tables[0].bbox
    t = np.linspace(0.05, 0.95, 40)
    top = np.stack([x0 + t * (x1 - x0), np.full_like(t, y0)], axis=1)
    left = np.stack([np.full_like(t, x0), y0 + t * (y1 - y0)], axis=1)
    return np.concatenate([top, left])


@pytest.mark.parametrize("rendering", ["scan", "photo", "rotated", "fax", "seal"])
def test_matrix_maps_the_frame_onto_dark_pixels(built, rendering: str) -> None:
    folder, _ = built
    doc = Document.model_validate_json((folder / "truth.json").read_text(encoding="utf-8"))
    side = json.loads((folder / "renderings.json").read_text(encoding="utf-8"))
    entry = next(r for r in side["renderings"] if r["rendering"] == rendering)
    img = _gray(folder / entry["files"][0])
    m = np.array(entry["pages"][0]["matrix"], dtype=float)
    pts = _frame_points(doc)
    mapped = (m @ np.c_[pts, np.ones(len(pts))].T).T
    mapped = mapped[:, :2] / mapped[:, 2:]
    hits = 0
    for x, y in mapped.round().astype(int):
        window = img[max(0, y - 3) : y + 4, max(0, x - 3) : x + 4]
        hits += int(window.size > 0 and window.min() < 110)
    assert hits >= 0.95 * len(mapped), f"{rendering}: {hits}/{len(mapped)} frame points on ink"


def test_seal_is_red_where_the_sidecar_says(built) -> None:
    folder, _ = built
    side = json.loads((folder / "renderings.json").read_text(encoding="utf-8"))
    entry = next(r for r in side["renderings"] if r["rendering"] == "seal")
    x0, y0, x1, y1 = entry["pages"][0]["seal"]["bbox"]
    with Image.open(folder / "seal.jpg") as img:
        rgb = np.asarray(img, dtype=np.int16)[y0:y1, x0:x1]
    red = (rgb[:, :, 0] > 150) & (rgb[:, :, 0] - rgb[:, :, 1] > 60)
    assert red.mean() > 0.05
