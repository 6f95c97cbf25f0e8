"""Illumination flattening: divide the page by its paper background (shadows, vignetting, gradients)."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare._util import downscale

_BACKGROUND_LONG_SIDE = 512  # the background is smooth: estimate it on a small copy


def background(gray: np.ndarray, kernel: float = 0.02) -> np.ndarray:
    """The paper brightness under every pixel, at the input's size.

    A grey closing (max then min filter) wider than any stroke removes the ink but keeps the
    position of shadow edges; a blur of the same width smooths the result.
    """
    height, width = gray.shape[:2]
    small, scale = downscale(gray, _BACKGROUND_LONG_SIDE)
    k = max(3, int(kernel * max(height, width) * scale) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.blur(closed, (k, k))
    # downscale dropped up to factor − 1 edge pixels: the stretch back covers them.
    return cv2.resize(smooth, (width, height), interpolation=cv2.INTER_LINEAR)


def flatten_illumination(gray: np.ndarray, kernel: float = 0.02) -> np.ndarray:
    """`gray` divided by its background estimate: paper becomes 255 everywhere, ink keeps its contrast."""
    bg = background(gray, kernel)
    return cv2.divide(gray, bg, scale=255)  # where bg is 0 (black desk) the result is 0
