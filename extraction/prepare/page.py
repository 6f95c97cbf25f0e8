"""prepare_page: estimate orientation, skew and perspective on a small copy, then warp once at full size."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare._util import border_value, downscale, paper_colour, quarter_turn, to_rgb
from extraction.prepare.illumination import flatten_illumination
from extraction.prepare.options import PreparedPage, PrepareOptions
from extraction.prepare.orientation import estimate_orientation, rotate
from extraction.prepare.perspective import find_table_quad, needs_correction, perspective_transform
from extraction.prepare.red import suppress_red
from extraction.prepare.skew import estimate_skew, rotation_matrix
from models.record import PageAnnotation, PageInfo


def _scale_matrix(scale: float) -> np.ndarray:
    # Pixel centres: full-resolution x maps to (x + 0.5)·scale − 0.5 on the small copy.
    offset = 0.5 * scale - 0.5
    return np.array([[scale, 0, offset], [0, scale, offset], [0, 0, 1]], np.float64)


def _scaled(size: tuple[int, int], scale: float) -> tuple[int, int]:
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _warp(
    rgb: np.ndarray, matrix: np.ndarray, size: tuple[int, int], rotation: int, fill: tuple[int, ...]
) -> np.ndarray:
    turn, turn_size = quarter_turn(rgb.shape[1], rgb.shape[0], rotation)
    if np.allclose(matrix, turn) and size == turn_size:
        return rotate(rgb, rotation)  # a quarter turn alone needs no interpolation
    border = border_value(fill)
    if np.allclose(matrix[2], [0, 0, 1]):
        return cv2.warpAffine(rgb, matrix[:2], size, flags=cv2.INTER_LINEAR, borderValue=border)
    return cv2.warpPerspective(rgb, matrix, size, flags=cv2.INTER_LINEAR, borderValue=border)


def prepare_page(image: np.ndarray, index: int, options: PrepareOptions | None = None) -> PreparedPage:
    """The page upright, deskewed and (for photos) perspective-corrected, with its cleaned gray copy."""
    options = options or PrepareOptions()
    rgb = to_rgb(image)
    height, width = rgb.shape[:2]
    fill = paper_colour(rgb)
    small_rgb, scale = downscale(rgb, options.work_long_side)
    # Estimation sees the page without seals: a seal's ring would pass for ruling or text.
    small, _ = suppress_red(small_rgb, options, marks=False)
    to_small = _scale_matrix(scale)
    from_small = np.linalg.inv(to_small)
    border = border_value(float(np.mean(fill)))

    # Skew first: it does not depend on the quarter turn (ruling runs both ways) and the orientation
    # cues read straight text lines better.
    skew = estimate_skew(small, options.max_skew_deg, options.work_long_side) if options.deskew else 0.0
    matrix, size = np.eye(3), (width, height)
    shift = max(width, height) * abs(np.tan(np.radians(skew)))
    if abs(skew) >= options.min_skew_deg and shift >= options.min_skew_shift_px:
        matrix, size = rotation_matrix(width, height, -skew)
        small = cv2.warpAffine(
            small,
            (to_small @ matrix @ from_small)[:2],
            _scaled(size, scale),
            flags=cv2.INTER_LINEAR,
            borderValue=border,
        )
    else:
        skew = 0.0

    rotation = 0
    if options.orientation:
        rotation = estimate_orientation(rgb, options, small, to_small @ matrix).rotation
    turn, size = quarter_turn(size[0], size[1], rotation)
    matrix = turn @ matrix
    small = rotate(small, rotation)

    corrected = False
    if options.perspective:
        quad = find_table_quad(small, options.work_long_side)
        if quad is not None and needs_correction(quad, options):
            full_quad = cv2.perspectiveTransform(quad.reshape(-1, 1, 2), from_small).reshape(-1, 2)
            homography, size = perspective_transform(full_quad, size, options)
            matrix = homography @ matrix
            corrected = True

    upright = _warp(rgb, matrix, size, rotation, fill)
    gray = cv2.cvtColor(upright, cv2.COLOR_RGB2GRAY)
    annotations: list[PageAnnotation] = []
    if options.suppress_red:
        gray, annotations = suppress_red(upright, options, gray)
    if options.flatten:
        gray = flatten_illumination(gray, options.flatten_kernel)
    info = PageInfo(
        index=index,
        width=upright.shape[1],
        height=upright.shape[0],
        rotation=rotation,
        skew_deg=round(skew, 3),
        perspective_corrected=corrected,
        annotations=annotations,
        transform=None if np.allclose(matrix, np.eye(3)) else matrix.tolist(),
    )
    return PreparedPage(image=upright, gray=gray, info=info, transform=matrix)
