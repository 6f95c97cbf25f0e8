"""Red seals and red pen: gone from `gray`, black text under them kept, reported as annotations."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from prepare_synth import SynthPage, font_path, jpeg, render_form

from extraction.prepare import PrepareOptions, suppress_red

PAPER_FRACTION = 0.85  # a seal pixel counts as removed once it is this close to paper white


def iou(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h
    return w * h / union


@pytest.fixture(scope="module")
def stamped() -> SynthPage:
    return render_form(seed=31, font=font_path(), pen=True)


def test_seal_pixels_removed_text_kept(stamped: SynthPage) -> None:
    assert stamped.seal_only is not None and stamped.text_under_seal is not None
    gray, _ = suppress_red(stamped.image)
    paper = float(np.percentile(gray, 90))
    removed = np.mean(gray[stamped.seal_only] >= PAPER_FRACTION * paper)
    assert removed >= 0.95
    assert stamped.text_under_seal.sum() > 200  # the test would be empty otherwise
    assert np.mean(gray[stamped.text_under_seal] < 128) >= 0.9
    before = cv2.cvtColor(stamped.image, cv2.COLOR_RGB2GRAY)
    assert np.mean(before[stamped.seal_only] >= PAPER_FRACTION * paper) < 0.05  # it was visible before


def test_seal_and_pen_reported(stamped: SynthPage) -> None:
    _, marks = suppress_red(stamped.image)
    seals = [m.bbox for m in marks if m.kind == "seal"]
    assert len(seals) == 1 and iou(seals[0], stamped.seal_boxes[0]) > 0.8
    assert stamped.pen_box is not None
    pens = [m.bbox for m in marks if m.kind == "red_ink"]
    assert len(pens) == 1 and iou(pens[0], stamped.pen_box) > 0.3


def test_jpeg_seal_still_removed(stamped: SynthPage) -> None:
    assert stamped.seal_only is not None
    gray, marks = suppress_red(jpeg(stamped, 60).image)
    paper = float(np.percentile(gray, 90))
    assert np.mean(gray[stamped.seal_only] >= PAPER_FRACTION * paper) >= 0.95
    assert [m.kind for m in marks].count("seal") == 1


def test_no_red_no_change() -> None:
    page = render_form(seed=32, seal=False)
    gray, marks = suppress_red(page.image)
    assert marks == []
    lum = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    assert np.abs(gray.astype(int) - lum).max() <= 3


def test_threshold_is_an_option(stamped: SynthPage) -> None:
    _, marks = suppress_red(stamped.image, PrepareOptions(red_min_diff=250))
    assert marks == []


def test_real_pen_circles_are_not_seals(real_pen_marks: np.ndarray) -> None:
    _, marks = suppress_red(real_pen_marks)
    assert [m.kind for m in marks].count("seal") == 0
    circles = [m.bbox for m in marks if (m.bbox[2] - m.bbox[0]) > 40]
    assert len(circles) == 4


def test_warm_cast_and_brown_desk_are_not_red() -> None:
    page = render_form(seed=33, seal=False).image.astype(np.float32)
    warm = np.clip(page * np.array([1.0, 0.93, 0.82]), 0, 255).astype(np.uint8)
    warm[:, :120] = (120, 90, 60)  # a wooden desk strip
    _, marks = suppress_red(warm)
    assert marks == []
