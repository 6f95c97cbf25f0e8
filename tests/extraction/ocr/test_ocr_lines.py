"""The direct line reader gives RapidOCR's own readings and scores, from gray or BGR crops."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest
from rapidocr.ch_ppocr_rec import TextRecInput

from extraction.ocr.images import to_bgr
from extraction.ocr.lines import HEIGHT, LineReader, characters, model_input
from extraction.ocr.rapid import REC_MIN_WIDTH, RapidOcrEngine

Loader = Callable[[str], np.ndarray]


@pytest.fixture(scope="module")
def engine() -> RapidOcrEngine:
    return RapidOcrEngine(threads=1)


def _crops(line_crops: list[tuple[str, np.ndarray]], gray: Loader) -> list[np.ndarray]:
    """BGR: the committed line crops, strips of the committed table (short and long), a blank crop."""
    table = gray("table")
    strips = [table[y : y + 40, x : x + w] for y in (5, 60, 130) for x, w in ((0, 30), (20, 150), (0, 600))]
    blank = np.full((40, 200), 255, np.uint8)
    return [to_bgr(crop) for crop in [c for _, c in line_crops] + strips + [blank]]


def test_model_input_is_rapidocr_resize_norm_img(engine: RapidOcrEngine, gray: Loader) -> None:
    crop = gray("line_80wan")
    for image in (crop, crop[:, :20], cv2.resize(crop, None, fx=1.7, fy=0.6)):
        bgr = to_bgr(image)
        ratio = max(REC_MIN_WIDTH / HEIGHT, image.shape[1] / image.shape[0])
        expected = engine._rec.resize_norm_img(bgr, ratio)[None]
        assert np.array_equal(model_input(bgr, REC_MIN_WIDTH), expected)
        assert np.array_equal(model_input(image, REC_MIN_WIDTH), expected)  # gray: one plane, broadcast
    narrow = model_input(crop[:, :20], REC_MIN_WIDTH)
    assert narrow.shape == (1, 3, HEIGHT, REC_MIN_WIDTH) and narrow[0, :, :, -10:].max() == 0.0  # padding


def test_reads_like_rapidocr_text_recognizer(
    engine: RapidOcrEngine, line_crops: list[tuple[str, np.ndarray]], gray: Loader
) -> None:
    crops = _crops(line_crops, gray)
    output = engine._rec(TextRecInput(img=crops))
    expected = list(zip(output.txts or (), output.scores, strict=True))
    reader = LineReader(engine._rec.session.session, REC_MIN_WIDTH)
    assert reader(crops) == expected
    as_gray = [cv2.cvtColor(c, cv2.COLOR_BGR2GRAY) for c in crops]
    assert [text for text, _ in reader(as_gray)] == [text for text, _ in expected]
    assert [text for text, _ in expected[:4]] == [text for text, _ in line_crops]
    assert expected[-1] == ("", 0.0)  # blank crop: nothing kept, score 0


def test_engine_reads_through_the_line_reader(
    engine: RapidOcrEngine, line_crops: list[tuple[str, np.ndarray]]
) -> None:
    lines = engine.recognize([crop for _, crop in line_crops])  # RGB in, BGR to the model
    assert [line.text for line in lines] == [text for text, _ in line_crops]
    batched = RapidOcrEngine(threads=1, rec_batch=4).recognize([crop for _, crop in line_crops])
    assert [line.text for line in batched] == [line.text for line in lines]


def test_rapidocr_is_built_only_when_detection_is_needed(
    line_crops: list[tuple[str, np.ndarray]], gray: Loader
) -> None:
    engine = RapidOcrEngine(threads=1)
    engine.recognize([crop for _, crop in line_crops])
    assert engine._rapidocr is None  # line crops need the recogniser alone
    found = engine.detect_and_recognize(gray("cell_multiline"))
    assert engine._rapidocr is not None and len(found) >= 2
    built = engine._rapidocr
    engine.detect_and_recognize(gray("cell_multiline"))
    assert engine._rapidocr is built  # once


def test_characters_are_rapidocrs_ctc_classes(engine: RapidOcrEngine) -> None:
    assert characters(engine._rec.session.session) == list(engine._rec.postprocess_op.character)
