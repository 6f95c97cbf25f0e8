"""RapidOCR engine and read_cells on committed rendered crops (real models, real text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from extraction.ocr import CellText, OcrEngine, get_engine, read_cells

Loader = Callable[[str], np.ndarray]


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return get_engine("rapidocr", threads=1)


def test_identity_and_cache(engine: OcrEngine) -> None:
    assert isinstance(engine, OcrEngine)
    assert f"{engine.name} {engine.version}" == "rapidocr 3.10.0 / PP-OCRv6 small"
    assert get_engine("rapidocr", threads=1) is engine


def test_recognize_single_lines(engine: OcrEngine, line_crops: list[tuple[str, np.ndarray]]) -> None:
    lines = engine.recognize([crop for _, crop in line_crops])
    assert [line.text for line in lines] == [text for text, _ in line_crops]
    assert [line.text for line in lines][:3] == ["项目名称", "≥98%", "80万元"]
    for line, (_, crop) in zip(lines, line_crops, strict=True):
        assert line.score > 0.9
        assert line.bbox == (0, 0, crop.shape[1], crop.shape[0])


def test_recognize_gray_equals_rgb(engine: OcrEngine, gray: Loader, rgb: Loader) -> None:
    as_gray, as_rgb = gray("line_80wan"), rgb("line_80wan")
    assert engine.recognize([as_gray])[0].text == engine.recognize([as_rgb])[0].text == "80万元"


def test_recognize_edge_cases(engine: OcrEngine) -> None:
    assert engine.recognize([]) == []
    (blank,) = engine.recognize([np.full((40, 200), 255, dtype=np.uint8)])
    assert blank.text == "" and blank.score == 0.0
    with pytest.raises(ValueError, match="uint8"):
        engine.recognize([np.zeros((40, 200), dtype=np.float32)])


def test_detect_and_recognize_multiline(engine: OcrEngine, truth: dict[str, Any], gray: Loader) -> None:
    image = gray("cell_multiline")
    lines = engine.detect_and_recognize(image)
    assert [line.text for line in lines] == ["全市参保人员及退休", "职工养老金按时足额", "发放率≥98%"]
    assert "".join(line.text for line in lines) == truth["multi"]
    tops = [line.bbox[1] for line in lines]
    assert tops == sorted(tops)
    height, width = image.shape
    assert all(
        0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height for x0, y0, x1, y1 in (ln.bbox for ln in lines)
    )


def test_detect_on_blank_region(engine: OcrEngine) -> None:
    assert engine.detect_and_recognize(np.full((200, 300, 3), 255, dtype=np.uint8)) == []


def test_detection_options_do_not_leak_into_recognition(engine: OcrEngine, gray: Loader, rgb: Loader) -> None:
    """RapidOCR keeps per-call options on the instance: det+rec then rec-only must both still work."""
    crop = rgb("line_name")
    assert engine.detect_and_recognize(gray("cell_multiline"))
    assert engine.recognize([crop])[0].text == "项目名称"
    assert [ln.text for ln in engine.detect_and_recognize(crop)] == ["项目名称"]


@pytest.mark.parametrize("multiline", ["project", "detect"])
def test_read_cells_table(engine: OcrEngine, truth: dict[str, Any], multiline: Any, rgb: Loader) -> None:
    image = rgb("table")
    boxes = [tuple(b) for b in truth["table"]["boxes"]]
    cells = read_cells(engine, image, boxes, multiline=multiline)
    assert [c.text for c in cells] == truth["table"]["texts"]
    empty = cells[2]
    assert empty == CellText(text="", confidence=1.0)
    for cell, (x0, y0, x1, y1) in zip(cells, boxes, strict=True):
        if cell.text:
            assert cell.confidence > 0.9
        for line in cell.lines:  # line boxes are in page pixels, inside their cell
            lx0, ly0, lx1, ly1 = line.bbox
            assert x0 <= lx0 < lx1 <= x1 and y0 <= ly0 < ly1 <= y1
    assert len(cells[8].lines) == 2  # 全市参保人员 / 及退休职工: two lines, joined without a space


def test_read_cells_multiline_cell_with_its_ruling(
    engine: OcrEngine, truth: dict[str, Any], gray: Loader
) -> None:
    image = gray("cell_multiline")
    height, width = image.shape
    (cell,) = read_cells(engine, image, [(0, 0, width, height)])
    assert cell.text == truth["multi"]
    assert len(cell.lines) == 3


def test_detect_trims_blank_margins_keeps_coordinates(engine: OcrEngine, gray: Loader) -> None:
    cell = gray("cell_multiline")
    page = np.full((cell.shape[0] + 400, cell.shape[1] + 700), 255, dtype=np.uint8)
    page[200 : 200 + cell.shape[0], 300 : 300 + cell.shape[1]] = cell
    alone, placed = engine.detect_and_recognize(cell), engine.detect_and_recognize(page)
    assert [ln.text for ln in placed] == [ln.text for ln in alone]
    for a, b in zip(alone, placed, strict=True):
        assert all(abs(u + d - v) <= 3 for u, v, d in zip(a.bbox, b.bbox, (300, 200, 300, 200), strict=True))
