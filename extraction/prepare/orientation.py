"""Page orientation (0/90/180/270), from text-line direction and the form's layout.

90-vs-0: Chinese text runs in rows of square glyphs spaced closer than the rows. 0-vs-180: the form's
big title sits above the table and cell text is left-aligned. Those two are not reliable alone (no
title on a continuation page, right-aligned amounts, big type below the table), so the PP-OCR
text-direction classifier reads a dozen line crops (~20 ms) and its vote, weighted by its
confidence, joins theirs.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from pydantic import BaseModel

from extraction.prepare import direction
from extraction.prepare._util import downscale, quarter_turn, to_gray
from extraction.prepare.layout import analyse, text_lines
from extraction.prepare.options import PrepareOptions
from extraction.prepare.orientation_cues import alignment_score, horizontal_score, title_score

_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
_MAX_CROPS = 12
_CROP_H, _CROP_MAX_W = 48, 192  # the classifier's input


class OrientationEstimate(BaseModel):
    rotation: int  # degrees clockwise to apply to the input to make it upright
    horizontal: float  # in [-1, 1]; > 0: text rows already run left-right
    title: float  # +1 title above the table, -1 below, 0 unknown
    alignment: float  # in [-1, 1]; > 0 cell text hugs the left ruling
    classifier: float | None = None  # mean P(upside down) of the line crops, when the model ran
    method: str  # "layout", "layout+classifier" or "classifier"


def rotate(image: np.ndarray, rotation: int) -> np.ndarray:
    """Rotate clockwise by a multiple of 90°."""
    return image if rotation % 360 == 0 else cv2.rotate(image, _ROTATE[rotation % 360])


def _line_crops(
    image: np.ndarray, to_turned: np.ndarray, lines: np.ndarray, glyph: float
) -> list[np.ndarray]:
    """The widest text lines, warped straight from the full-resolution `image` to the classifier's size.

    `to_turned` maps `image` pixels to the work copy (deskewed, turned) on which `lines` were found.
    """
    crops = []
    pad = glyph * 0.15
    for x, y, w, h in lines[np.argsort(-lines[:, 2])[:_MAX_CROPS]]:
        k = _CROP_H / (h + 2 * pad)
        out_w = min(_CROP_MAX_W, math.ceil((w + 2 * pad) * k))
        # Crop pixel (u, v) ↔ work-copy point (x − pad + u/k, y − pad + v/k).
        to_crop = (
            np.array([[k, 0, -k * (x - pad)], [0, k, -k * (y - pad)], [0, 0, 1]], np.float64) @ to_turned
        )
        crops.append(
            cv2.warpAffine(
                image, to_crop[:2], (out_w, _CROP_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )
        )
    return crops


def estimate_orientation(
    image: np.ndarray,
    options: PrepareOptions | None = None,
    small: np.ndarray | None = None,
    to_small: np.ndarray | None = None,
) -> OrientationEstimate:
    """Orientation of a page, with the cues that decided it.

    `small` is the caller's gray work copy (deskewed, seals removed) and `to_small` the 3×3 map from
    `image` pixels to it; by default a plain reduced copy of `image`.
    """
    options = options or PrepareOptions()
    if small is None or to_small is None:
        small, scale = downscale(to_gray(image), options.work_long_side)
        offset = 0.5 * scale - 0.5
        to_small = np.array([[scale, 0, offset], [0, scale, offset], [0, 0, 1]], np.float64)
    layout = analyse(small)
    horizontal = horizontal_score(layout)
    base = 90 if horizontal < 0 else 0
    if base:
        layout = analyse(rotate(small, base))
    lines = text_lines(layout)
    title = title_score(layout, lines)
    alignment = alignment_score(layout, lines)
    mode = options.direction_classifier
    prob = None
    if mode != "never" and len(lines) and direction.available():
        to_turned = quarter_turn(small.shape[1], small.shape[0], base)[0] @ to_small
        probs = direction.upside_down_probability(_line_crops(image, to_turned, lines, layout.glyph))
        prob = float(np.mean(probs)) if probs else None
    if prob is not None and mode == "always":
        upright = 0.5 - prob
    else:
        # A confident classifier (P near 0 or 1) outweighs the layout votes (at most 1.5), an unsure one
        # (marks that are not text) does not. Alignment weighs less: amounts are often right-aligned.
        upright = title + 0.5 * alignment + (0.0 if prob is None else 4.0 * (0.5 - prob))
    return OrientationEstimate(
        rotation=(base + (180 if upright < 0 else 0)) % 360,
        horizontal=round(horizontal, 3),
        title=title,
        alignment=round(alignment, 3),
        classifier=None if prob is None else round(prob, 3),
        method="layout" if prob is None else "layout+classifier" if mode == "auto" else "classifier",
    )


def detect_orientation(image: np.ndarray, options: PrepareOptions | None = None) -> int:
    """Degrees clockwise (0, 90, 180 or 270) that make the page upright."""
    return estimate_orientation(image, options).rotation
