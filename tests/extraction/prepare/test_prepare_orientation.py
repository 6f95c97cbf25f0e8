"""Orientation: the quarter turn is recovered exactly, by layout cues and by the line classifier."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from prepare_synth import font_path, render_form, rotate90, skew

from extraction.prepare import PrepareOptions, detect_orientation, direction, estimate_orientation
from extraction.prepare.layout import analyse
from extraction.prepare.orientation import rotate
from extraction.prepare.orientation_cues import horizontal_score

LAYOUT_ONLY = PrepareOptions(direction_classifier="never")


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_block_glyph_page_by_layout_alone(k: int) -> None:
    # Stroke blocks are no real text: only the title-above-table cue can decide 0-vs-180 here.
    page = rotate90(render_form(seed=3, seal=False), k)
    assert detect_orientation(page.image, LAYOUT_ONLY) == (90 * k) % 360


@pytest.mark.skipif(font_path() is None or not direction.available(), reason="needs a CJK font and rapidocr")
@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_real_glyph_page_with_classifier(k: int) -> None:
    page = rotate90(skew(render_form(seed=5, font=font_path()), 2.5), k)
    estimate = estimate_orientation(page.image)
    assert estimate.rotation == (90 * k) % 360
    assert estimate.classifier is not None
    assert (estimate.classifier > 0.5) == (k in (2, 3))  # upside down once text runs left-right


@pytest.mark.skipif(font_path() is None or not direction.available(), reason="needs a CJK font and rapidocr")
def test_continuation_page_without_title() -> None:
    # No title: the layout has no 0-vs-180 cue; the classifier alone must decide.
    page = render_form(seed=6, font=font_path())
    page.image[: int(page.corners[0, 1]) - 4] = page.image[2, 2]
    upside_down = rotate(page.image, 180)
    estimate = estimate_orientation(upside_down)
    assert estimate.title == 0
    assert estimate.rotation == 180


def test_text_direction_cue_sign() -> None:
    page = render_form(seed=2, seal=False)
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    assert horizontal_score(analyse(gray)) > 0.2
    assert horizontal_score(analyse(np.ascontiguousarray(np.rot90(gray)))) < -0.2


def test_landscape_real_scan_all_turns(real_scan: np.ndarray) -> None:
    # A landscape page must not be turned to portrait: the cue is text direction, not page shape.
    for turn in (0, 90, 180, 270):
        assert (detect_orientation(rotate(real_scan, turn)) + turn) % 360 == 0
