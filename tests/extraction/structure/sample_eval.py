"""Structure stage against the rendered sample forms (sample_scans/): TEDS-struct per rendering.

Each rendering is first brought back into the clean page frame with the inverse of its known
transform (an ideal prepare stage), so what is measured is the structure stage alone; the red seal
is removed by reading the red channel. `python -m tests.extraction.structure.sample_eval` prints
the table; the tests run a subset.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from bench.metrics.teds import teds_tables
from extraction.structure import TableGrid, detect_tables
from models.record import Cell, Document, Table

SAMPLES = Path(__file__).resolve().parents[3] / "sample_scans"
RENDERINGS = ("clean", "scan", "photo", "seal", "fax")


def to_table(grid: TableGrid, page: int, index: int) -> Table:
    tid = f"p{page}t{index}"
    cells = [
        Cell(
            id=f"{tid}r{c.row}c{c.col}",
            row=c.row,
            col=c.col,
            row_span=c.row_span,
            col_span=c.col_span,
            bbox=c.bbox,
        )
        for c in grid.cells
    ]
    return Table(id=tid, page=page, bbox=grid.bbox, n_rows=grid.n_rows, n_cols=grid.n_cols, cells=cells)


def load_pages(path: Path, red_as_gray: bool) -> list[np.ndarray]:
    """Pages of a PNG/JPEG/TIFF as gray; with `red_as_gray`, the red channel (a red seal vanishes)."""
    ok, images = cv2.imreadmulti(str(path), flags=cv2.IMREAD_COLOR)
    if not ok:
        raise FileNotFoundError(path)
    out = []
    for image in images:
        out.append(image[:, :, 2] if red_as_gray else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    return out


def rendering_pages(form: Path, rendering: str) -> list[np.ndarray]:
    """A rendering's pages, unwarped into the clean frame (fax keeps its own 200 dpi scale)."""
    meta = json.loads((form / "renderings.json").read_text())
    entry = next(r for r in meta["renderings"] if r["rendering"] == rendering)
    # the first file holds every page (a multi-page TIFF for two-page forms; a PDF may follow)
    pages = load_pages(form / entry["files"][0], rendering == "seal")
    if rendering in ("scan", "photo"):
        clean = next(r for r in meta["renderings"] if r["rendering"] == "clean")["pages"][0]
        size = (clean["width"], clean["height"])
        pages = [
            cv2.warpPerspective(p, np.linalg.inv(np.array(info["matrix"])), size, borderValue=255)
            for p, info in zip(pages, entry["pages"], strict=True)
        ]
    return pages


def scale_of(form: Path, rendering: str) -> float:
    meta = json.loads((form / "renderings.json").read_text())
    entry = next(r for r in meta["renderings"] if r["rendering"] == rendering)
    return float(entry["pages"][0]["matrix"][0][0]) if rendering == "fax" else 1.0


def score_form(form: Path, rendering: str) -> tuple[float, float]:
    """(mean TEDS-struct over the form's pages, seconds per page)."""
    truth = Document.model_validate_json((form / "truth.json").read_text())
    scores, seconds = [], []
    for page, gray in enumerate(rendering_pages(form, rendering)):
        start = time.process_time()
        grids = detect_tables(gray)
        seconds.append(time.process_time() - start)
        pred = [to_table(g, page, i) for i, g in enumerate(grids)]
        scores.append(teds_tables(pred, [t for t in truth.tables if t.page == page]))
    return float(np.mean(scores)), float(np.mean(seconds))


def forms() -> list[Path]:
    return sorted(p.parent for p in SAMPLES.glob("*/truth.json"))


def main() -> None:
    rows = {r: [] for r in RENDERINGS}
    for form in forms():
        line = [form.name[:32].ljust(32)]
        for rendering in RENDERINGS:
            value, seconds = score_form(form, rendering)
            rows[rendering].append(value)
            line.append(f"{rendering} {value:.3f} ({seconds:.2f}s)")
        print("  ".join(line), file=sys.stderr)
    print("mean  " + "  ".join(f"{r} {np.mean(v):.4f}" for r, v in rows.items()))


if __name__ == "__main__":
    main()
