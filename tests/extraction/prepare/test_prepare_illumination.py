"""Illumination flattening: an even paper background, ink as dark as before."""

from __future__ import annotations

import cv2
import numpy as np
from prepare_synth import render_form, shade

from extraction.prepare import flatten_illumination


def test_shaded_background_becomes_even() -> None:
    clean = render_form(seed=41, seal=False)
    shaded = cv2.cvtColor(shade(clean, 0.45).image, cv2.COLOR_RGB2GRAY)
    clean_gray = cv2.cvtColor(clean.image, cv2.COLOR_RGB2GRAY)
    # Paper: far from any ink of the clean page.
    paper = cv2.erode((clean_gray > 200).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    ink = clean_gray < 80
    flat = flatten_illumination(shaded)
    assert shaded[paper].std() > 20
    assert flat[paper].std() < 4
    assert flat[paper].mean() > 240
    assert np.mean(flat[ink] < 128) > 0.9


def test_flat_page_stays_flat() -> None:
    gray = cv2.cvtColor(render_form(seed=42, seal=False).image, cv2.COLOR_RGB2GRAY)
    flat = flatten_illumination(gray)
    assert flat.shape == gray.shape and flat.dtype == np.uint8
    assert np.mean(flat > 245) > 0.8
