"""Skew: the small rotation of a scanned page, from the sharpness of its projection profiles."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare._util import binarize, border_value, downscale, to_gray

_MAX_POINTS = 80_000
_STREAK_SPAN = 0.9  # of the page's height (width): a line this long is the scanner's, not the form's


def _without_streaks(ink: np.ndarray) -> np.ndarray:
    """Ink minus the columns (rows) inked over nearly the whole page: dust on a scanner's glass draws
    a streak along the feed at exactly 0°, which would outweigh the rules of a small table that is
    skewed. A form's rule never runs from the top edge of the page to the bottom."""
    ink = ink.copy()
    streak_cols = np.count_nonzero(ink, axis=0) >= _STREAK_SPAN * ink.shape[0]
    streak_rows = np.count_nonzero(ink, axis=1) >= _STREAK_SPAN * ink.shape[1]
    ink[:, streak_cols] = 0
    ink[streak_rows, :] = 0
    return ink


def _ink_points(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ink = _without_streaks(binarize(gray))
    ys, xs = np.nonzero(ink)
    if len(xs) > _MAX_POINTS:
        # A random subset, not a stride: every k-th pixel of a raster scan makes the column histogram
        # comb-like at exactly 0°, a false peak.
        keep = np.random.default_rng(0).choice(len(xs), _MAX_POINTS, replace=False)
        xs, ys = xs[keep], ys[keep]
    # Centred on a whole pixel: about a half-pixel centre (an odd side) every position at 0° is
    # x.5, which rounds half to even, two columns to one bin: the energy doubles at exactly 0°.
    cx, cy = gray.shape[1] // 2, gray.shape[0] // 2
    return xs.astype(np.float64) - cx, ys.astype(np.float64) - cy


def _energy(positions: np.ndarray) -> float:
    bins = np.rint(positions).astype(np.int64)
    counts = np.bincount(bins - bins.min()).astype(np.float64)
    return float(np.dot(counts, counts))


def _profile_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    # Content rotated counter-clockwise by `a` (image y points down) has its rows on y + x·tan(a) = const
    # and its columns on x − y·tan(a) = const. Both count: ruling runs both ways, and a page still lying
    # on its side has its text lines in the columns.
    t = np.tan(np.radians(angle_deg))
    return _energy(ys + xs * t) + _energy(xs - ys * t)


def _search(xs: np.ndarray, ys: np.ndarray, lo: float, hi: float, step: float) -> tuple[float, np.ndarray]:
    angles = np.arange(lo, hi + step / 2, step)
    scores = np.array([_profile_score(xs, ys, float(a)) for a in angles])
    return float(angles[int(np.argmax(scores))]), scores


def estimate_skew(image: np.ndarray, max_deg: float = 8.0, work_long_side: int = 1100) -> float:
    """The page's skew in degrees, counter-clockwise positive as seen on screen; 0.0 for a blank page.

    Ruling lines and text rows give a projection profile whose energy peaks when the angle is undone;
    a coarse scan is refined twice and the peak is interpolated with a parabola.
    """
    gray, _ = downscale(to_gray(image), work_long_side)
    xs, ys = _ink_points(gray)
    if len(xs) < 100:
        return 0.0
    coarse = np.random.default_rng(1).choice(len(xs), min(len(xs), 20_000), replace=False)
    best, _ = _search(xs[coarse], ys[coarse], -max_deg, max_deg, 0.25)  # the coarse scan needs fewer points
    best, _ = _search(xs, ys, best - 0.3, best + 0.3, 0.05)
    step = 0.01
    best, scores = _search(xs, ys, best - 0.06, best + 0.06, step)
    i = int(np.argmax(scores))
    if 0 < i < len(scores) - 1:
        left, mid, right = scores[i - 1], scores[i], scores[i + 1]
        denom = left - 2 * mid + right
        if denom < 0:
            best += step * 0.5 * (left - right) / denom
    if abs(best) < _resolution(xs, ys) + step:
        return 0.0  # below what the binned profiles can tell from a straight page
    return round(best, 3) + 0.0  # no -0.0


def _resolution(xs: np.ndarray, ys: np.ndarray) -> float:
    """The smallest angle that moves the farthest ink point by half a bin: below it every profile
    is the same (a straight page scored flat from -0.05° to 0.05° and its argmax fell on -0.055°)."""
    reach = max(float(np.abs(xs).max()), float(np.abs(ys).max()), 1.0)
    return float(np.degrees(np.arctan(0.5 / reach)))


def rotation_matrix(width: int, height: int, angle_deg: float) -> tuple[np.ndarray, tuple[int, int]]:
    """3×3 matrix rotating the page by `angle_deg` counter-clockwise about its centre, canvas expanded."""
    matrix = cv2.getRotationMatrix2D((width / 2.0, height / 2.0), angle_deg, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w = int(np.ceil(width * cos + height * sin))
    new_h = int(np.ceil(width * sin + height * cos))
    matrix[0, 2] += (new_w - width) / 2.0
    matrix[1, 2] += (new_h - height) / 2.0
    return np.vstack([matrix, [0.0, 0.0, 1.0]]), (new_w, new_h)


def deskew(image: np.ndarray, skew_deg: float, fill: tuple[int, ...] | int = 255) -> np.ndarray:
    """Undo a skew measured by `estimate_skew` (rotates clockwise by `skew_deg`), canvas expanded."""
    if skew_deg == 0.0:
        return image
    height, width = image.shape[:2]
    matrix, size = rotation_matrix(width, height, -skew_deg)
    return cv2.warpAffine(
        image,
        matrix[:2],
        size,
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border_value(fill),
    )
