"""Structure recovery on real pages nobody on the project made (shared/realdata, see its README).

Skipped, with the reason, where the shared folder is absent (`FORMTALLY_SHARED`, default: the
`shared/` folder beside the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench.metrics.adjacency import fully_ruled, parse_ctdar, score
from bench.paths import realdata_dir
from extraction.structure import detect_lines, detect_tables

REAL = realdata_dir()
WIRED = REAL / "wired_tables"
CTDAR = REAL / "ctdar2019_trackb2"
CTDAR_ZH = REAL / "ctdar2019_tracka_zh"
RULING = REAL / "ruling_lines"


def _need(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} absent (set FORMTALLY_SHARED to the shared folder)")


def _gray(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert image is not None, f"cannot read {path}"
    return image


def _cells(gray: np.ndarray) -> int:
    return sum(len(t.cells) for t in detect_tables(gray))


# upstream bounds of RapidAI/TableStructureRec's tests
@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("wired__table_recognition.jpg", 35, None),
        ("wired__table2.jpg", 23, None),
        ("wired__row_span.png", 17, None),
        ("wired__wired_big_box.png", None, 44),
    ],
)
def test_wired_cell_count_bounds(name: str, low: int | None, high: int | None) -> None:
    _need(WIRED)
    n = _cells(_gray(WIRED / name))
    assert low is None or n >= low
    assert high is None or n <= high


def test_page_without_table() -> None:
    _need(WIRED)
    assert detect_tables(_gray(WIRED / "wired__no_table.jpg")) == []


def _deskew(gray: np.ndarray) -> np.ndarray:
    """Undo the page's skew: the angle whose row projection of the ink is the most peaked."""
    small = cv2.resize(
        gray, None, fx=800 / max(gray.shape), fy=800 / max(gray.shape), interpolation=cv2.INTER_AREA
    )
    ink = (small < 128).astype(np.float32)
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def peakedness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), small.shape[::-1])
        return float(np.var(turned.sum(axis=1)))

    coarse = max(np.arange(-5, 5.01, 0.25), key=peakedness)
    angle = max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=peakedness)
    h, w = gray.shape
    return cv2.warpAffine(gray, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h), borderValue=255)


def test_skewed_scan_with_seals() -> None:
    """The settlement statement: skewed 2°, two red seals. Deskewed here; its red channel drops the
    seals (what the prepare stage does upstream)."""
    _need(WIRED)
    image = cv2.imread(str(WIRED / "wired__squeeze_error.jpeg"), cv2.IMREAD_COLOR)
    assert image is not None
    assert _cells(_deskew(image[:, :, 2])) >= 160


def test_ctdar_fully_ruled_pages() -> None:
    """Neighbour-pair F1 on the cTDaR pages whose tables are ruled throughout (every neighbour pair
    split by a line, four borders: bench.metrics.adjacency.fully_ruled)."""
    _need(CTDAR)
    f1 = []
    for xml in sorted((CTDAR / "adjacency").glob("*.xml")):
        gray = _gray(CTDAR / "images" / f"{xml.stem}.jpg")
        truth = parse_ctdar(xml)
        if fully_ruled(gray, truth):
            f1.append(score(truth, detect_tables(gray)).f1)
    assert len(f1) >= 5
    assert float(np.mean(f1)) >= 0.9


@pytest.mark.parametrize(
    ("folder", "all_pages", "ruled_pages"),
    # measured 0.54 / 1.00 (Track B2) and 0.94 / 0.95 (Chinese Track A); the bounds leave a margin.
    # Track B2 is mostly tables ruled only between some rows or not at all; the Chinese pages'
    # misses on ruled tables are the annotation's habit of linking a spanning cell only to the
    # cells its content overlaps, and of annotating each line of a multi-line cell
    [(CTDAR, 0.48, 0.97), (CTDAR_ZH, 0.88, 0.93)],
)
def test_ctdar_all_pages(folder: Path, all_pages: float, ruled_pages: float) -> None:
    """Neighbour-pair F1 on every page, partly ruled and horizontal-only tables included."""
    _need(folder)
    f1, ruled = [], []
    for xml in sorted((folder / "adjacency").glob("*.xml")):
        gray = _gray(folder / "images" / f"{xml.stem}.jpg")
        truth = parse_ctdar(xml)
        f1.append(score(truth, detect_tables(gray)).f1)
        if fully_ruled(gray, truth):
            ruled.append(f1[-1])
    assert len(f1) >= 14 and ruled
    assert float(np.mean(f1)) >= all_pages
    assert float(np.mean(ruled)) >= ruled_pages


def _line_pr(gray: np.ndarray, shapes: list[dict[str, object]]) -> tuple[float, float, float, float]:
    """Length-weighted precision and recall of the grid lines against the labelled line segments,
    within a few pixels: (hits of prediction, prediction, hits of truth, truth)."""
    h, w = gray.shape
    tol = max(3, round(0.004 * max(h, w)))
    kernel = np.ones((2 * tol + 1, 2 * tol + 1), np.uint8)
    found = detect_lines(gray)
    out = np.zeros(4)
    for horizontal in (True, False):
        truth = np.zeros((h, w), np.uint8)
        pred = np.zeros((h, w), np.uint8)
        for shape in shapes:
            (x0, y0), (x1, y1) = shape["points"]  # type: ignore[misc]
            if (abs(x1 - x0) >= abs(y1 - y0)) == horizontal:
                cv2.line(truth, (round(x0), round(y0)), (round(x1), round(y1)), 255, 1)
        for line in found:
            if line.horizontal == horizontal:
                cv2.line(pred, line.start, line.end, 255, 1)
        out += [
            ((pred > 0) & (cv2.dilate(truth, kernel) > 0)).sum(),
            (pred > 0).sum(),
            ((truth > 0) & (cv2.dilate(pred, kernel) > 0)).sum(),
            (truth > 0).sum(),
        ]
    return tuple(float(v) for v in out)  # type: ignore[return-value]


def test_ruling_line_detection() -> None:
    """Grid lines against the labelme line labels. Rules outside any table (page header and footer
    rules) are labelled but not grid lines, and one page's second table is not labelled, so the
    bounds sit below 1."""
    _need(RULING)
    total = np.zeros(4)
    for label in sorted(RULING.glob("*.json")):
        shapes = json.loads(label.read_text())["shapes"]
        total += _line_pr(_gray(label.with_suffix(".jpg")), shapes)
    precision, recall = total[0] / total[1], total[2] / total[3]
    assert precision >= 0.9
    assert recall >= 0.95
