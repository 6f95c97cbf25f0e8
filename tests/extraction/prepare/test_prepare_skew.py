"""Skew: estimated within 0.2° over the working range, undone by deskew."""

from __future__ import annotations

import numpy as np
import pytest
from prepare_synth import font_path, jpeg, render_form, shade, skew

from extraction.prepare import deskew, estimate_skew

ANGLES = [-7.5, -3.3, -0.7, 0.0, 0.15, 1.2, 4.4, 7.0]


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render_form(seed=11, font=font_path()).image


@pytest.mark.parametrize("angle", ANGLES)
def test_skew_within_a_fifth_of_a_degree(page: np.ndarray, angle: float) -> None:
    from prepare_synth import SynthPage

    skewed = jpeg(skew(SynthPage(image=page, corners=np.zeros((4, 2))), angle), 70).image
    assert abs(estimate_skew(skewed) - angle) < 0.2


def test_skew_survives_shading() -> None:
    skewed = shade(skew(render_form(seed=12), -2.2), 0.5)
    assert abs(estimate_skew(skewed.image) + 2.2) < 0.2


def test_deskew_levels_the_table() -> None:
    skewed = skew(render_form(seed=13, seal=False), 3.0)
    angle = estimate_skew(skewed.image)
    straight = deskew(skewed.image, angle)
    assert abs(estimate_skew(straight)) < 0.1
    assert straight.shape[0] >= skewed.image.shape[0]  # the canvas grows, no corner is cut


def test_blank_page_has_no_skew() -> None:
    assert estimate_skew(np.full((800, 600, 3), 250, np.uint8)) == 0.0


@pytest.mark.parametrize("streaks", [(0.7,), (0.62, 0.8, 0.86)])
def test_scanner_streaks_do_not_hold_a_small_skewed_table_at_zero(streaks: tuple[float, ...]) -> None:
    """Dust on the glass draws page-long lines at exactly 0°; a table skewed under them still counts."""
    page = skew(render_form(seed=14, seal=False), 1.8).image.copy()
    height, width = page.shape[:2]
    page[int(height * 0.2) :] = 255  # only the table's top rows are printed: a small table
    for at in streaks:
        x = int(width * at)
        page[:, x : x + 3] = 90  # a streak from the top edge of the page to the bottom
    assert abs(estimate_skew(page) - 1.8) < 0.2


@pytest.mark.parametrize("size", [(777, 1099), (778, 1100)])
def test_an_odd_sized_noisy_page_is_not_pulled_to_zero(size: tuple[int, int]) -> None:
    """About a half-pixel centre every position is x.5 at 0°, and rounding half to even put two
    columns in one bin, doubling the profile energy there: dust and noise, counted twice, held a
    skewed scan of odd width at 0° (the report's scanned p15)."""
    import cv2

    skewed = skew(render_form(seed=11), 2.0).image
    page = cv2.resize(skewed, size, interpolation=cv2.INTER_AREA)
    page[np.random.default_rng(0).random(page.shape[:2]) < 0.04] = 60  # speckle on 4 % of pixels
    assert abs(estimate_skew(page) - 2.0) < 0.2


@pytest.mark.parametrize("size", [(2480, 3508), (1240, 1754), (777, 1099)])
def test_a_straight_page_is_exactly_level(size: tuple[int, int]) -> None:
    """Below the binned profiles' resolution (half a bin at the farthest ink) every angle scores
    alike; the estimate must not pick an edge of that plateau (-0.055° turned straight pages)."""
    import cv2

    page = cv2.resize(render_form(seed=11).image, size, interpolation=cv2.INTER_AREA)
    assert estimate_skew(page) == 0.0
