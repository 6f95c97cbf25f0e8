"""Regression on the sample_scans renderings (when generated): upright table, seal found.

The full sweep over every rendering is measure_samples.py; this checks one form's hard cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from extraction.prepare import prepare_page

SAMPLES = Path(__file__).resolve().parents[3] / "sample_scans"
FORM = "shizuishan_2022_sbjb"


def rendering(name: str) -> tuple[np.ndarray, dict[str, Any], list[int]]:
    folder = SAMPLES / FORM
    if not (folder / "renderings.json").exists():
        pytest.skip(f"{folder} not generated (make samples)")
    meta = json.loads((folder / "renderings.json").read_text())
    entry = next(r for r in meta["renderings"] if r["rendering"] == name)
    bgr = cv2.imread(str(folder / entry["files"][0]), cv2.IMREAD_COLOR)
    assert bgr is not None
    table = json.loads((folder / "truth.json").read_text())["tables"][0]["bbox"]
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), entry["pages"][0], table


@pytest.mark.parametrize("name", ["scan", "photo", "seal", "rotated"])
def test_table_upright_after_preparation(name: str) -> None:
    image, page, (x0, y0, x1, y1) = rendering(name)
    prepared = prepare_page(image, 0)
    # Clean page → rendering → prepared page: the truth table must come out as an upright rectangle.
    to_prepared = prepared.transform @ np.array(page["matrix"])
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64).reshape(-1, 1, 2)
    tl, tr, br, bl = cv2.perspectiveTransform(corners, to_prepared).reshape(-1, 2)
    for a, b in ((tl, tr), (bl, br)):
        assert abs(np.degrees(np.arctan2(b[1] - a[1], b[0] - a[0]))) < 0.2
    for a, b in ((tl, bl), (tr, br)):
        assert abs(np.degrees(np.arctan2(b[0] - a[0], b[1] - a[1]))) < 0.2
    if "seal" in page:
        box = np.array(page["seal"]["bbox"], np.float64).reshape(-1, 1, 2)
        sx0, sy0, sx1, sy1 = cv2.perspectiveTransform(box, prepared.transform).reshape(-1)
        seals = [a.bbox for a in prepared.info.annotations if a.kind == "seal"]
        assert any(abs(s[0] - sx0) + abs(s[1] - sy0) + abs(s[2] - sx1) + abs(s[3] - sy1) < 80 for s in seals)
    else:
        assert prepared.info.annotations == []
