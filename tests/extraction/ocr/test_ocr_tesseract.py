"""Tesseract engine (chi_sim) on the committed crops. Skips where the binary or chi_sim is missing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from extraction.ocr import OcrEngine, get_engine, read_cells


def _has_chi_sim() -> bool:
    if shutil.which("tesseract") is None:
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "chi_sim" in langs.stdout.split()


pytestmark = pytest.mark.skipif(
    not _has_chi_sim(), reason="needs tesseract with chi_sim (apt-get install tesseract-ocr-chi-sim)"
)


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return get_engine("tesseract", threads=1)


def test_identity(engine: OcrEngine) -> None:
    assert engine.name == "tesseract"
    assert engine.version.startswith("5.") and engine.version.endswith("/ chi_sim")


def test_recognize_single_lines(engine: OcrEngine, line_crops: list[tuple[str, np.ndarray]]) -> None:
    lines = engine.recognize([crop for _, crop in line_crops])
    texts = [line.text for line in lines]
    assert texts[0] == "项目名称"
    assert "98%" in texts[1]  # Tesseract reads ≥ as 之: a weaker peer, which is what it's for
    assert texts[2] == "80万元"
    assert all(0.0 <= line.score <= 1.0 for line in lines)
    assert lines[0].score > 0.8


def test_recognize_blank_and_empty(engine: OcrEngine) -> None:
    assert engine.recognize([]) == []
    (blank,) = engine.recognize([np.full((40, 200), 255, dtype=np.uint8)])
    assert blank.text == "" and blank.score == 0.0


def test_detect_and_recognize(engine: OcrEngine, gray: Callable[[str], np.ndarray]) -> None:
    lines = engine.detect_and_recognize(gray("cell_multiline"))
    assert [line.text for line in lines][:2] == ["全市参保人员及退休", "职工养老金按时足额"]
    assert [line.bbox[1] for line in lines] == sorted(line.bbox[1] for line in lines)


def test_read_cells(engine: OcrEngine, truth: dict[str, Any], rgb: Callable[[str], np.ndarray]) -> None:
    cells = read_cells(engine, rgb("table"), [tuple(b) for b in truth["table"]["boxes"]])
    assert [cells[i].text for i in (0, 1, 4)] == ["项目名称", "社会保险经办服务", "80万元"]
    assert cells[2].text == "" and cells[2].confidence == 1.0
