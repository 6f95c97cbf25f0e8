"""Small image helpers shared by the preparation steps."""

from __future__ import annotations

import cv2
import numpy as np

_LINE_TILT_PX = 3  # cross-direction thickening before the line opening


def to_rgb(image: np.ndarray) -> np.ndarray:
    """Any page array (gray, RGB, RGBA; uint8 or uint16) as contiguous RGB uint8."""
    if image.dtype != np.uint8:
        if image.dtype == np.uint16:
            image = (image >> 8).astype(np.uint8)
        elif np.issubdtype(image.dtype, np.floating):
            image = np.clip(image * (255.0 if float(image.max(initial=0)) <= 1.0 else 1.0), 0, 255)
            image = image.astype(np.uint8)
        else:
            image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.ndim == 3 and image.shape[2] == 1:
        return cv2.cvtColor(image[:, :, 0], cv2.COLOR_GRAY2RGB)
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2RGB)
    if image.ndim == 3 and image.shape[2] == 3:
        return np.ascontiguousarray(image)
    raise ValueError(f"not a page image: shape {image.shape}")


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(to_rgb(image), cv2.COLOR_RGB2GRAY)


def downscale(image: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """A copy reduced by the largest integer factor that keeps the long side at `long_side` or more.

    Integer factors keep INTER_AREA on its fast path (about 10× faster) and make the mapping exact:
    small = (full + 0.5) × scale − 0.5 with scale = 1 / factor. The last (factor − 1) rows and columns
    at most are dropped.
    """
    height, width = image.shape[:2]
    factor = max(1, max(height, width) // long_side)
    if factor == 1:
        return image, 1.0
    h, w = height // factor, width // factor
    cropped = image[: h * factor, : w * factor]
    return cv2.resize(cropped, (w, h), interpolation=cv2.INTER_AREA), 1.0 / factor


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink = 255: strokes darker than their surroundings, on a page of any size.

    A local mean threshold ignores shadows and gradients of phone photos. Solid dark areas (the desk
    around a photographed page, a shadow's or an image border's edge band) are not strokes: what
    survives an opening wider than any stroke is removed.
    """
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)
    solid_k = max(7, (max(gray.shape[:2]) // 200) | 1)
    solid = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((solid_k, solid_k), np.uint8))
    if cv2.countNonZero(solid):
        ink = cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(solid, np.ones((5, 5), np.uint8))))
    return ink


def line_masks(ink: np.ndarray, frac: float = 1 / 30) -> tuple[np.ndarray, np.ndarray]:
    """Long horizontal and vertical strokes of a binary page (its ruling lines), still as thin as drawn.

    Before the opening, ink is thickened across the line direction only: a line tilted by up to ~8°
    (perspective of a photo) then still holds long straight runs, while the gaps between glyphs along
    a text line stay open. The opened band is cut back to the ink it covers.
    """
    height, width = ink.shape[:2]
    across = 2 * _LINE_TILT_PX + 1
    long_h, long_v = max(25, int(width * frac)), max(25, int(height * frac))
    rect = cv2.MORPH_RECT
    horizontal = cv2.morphologyEx(
        cv2.dilate(ink, cv2.getStructuringElement(rect, (1, across))),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(rect, (long_h, 1)),
    )
    vertical = cv2.morphologyEx(
        cv2.dilate(ink, cv2.getStructuringElement(rect, (across, 1))),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(rect, (1, long_v)),
    )
    return cv2.bitwise_and(horizontal, ink), cv2.bitwise_and(vertical, ink)


def paper_colour(rgb: np.ndarray) -> tuple[int, int, int]:
    """The paper colour: a high percentile per channel of a sparse sample (robust to ink and seals)."""
    step = max(1, max(rgb.shape[:2]) // 256)
    sample = rgb[::step, ::step].reshape(-1, 3)
    r, g, b = (int(v) for v in np.percentile(sample, 90, axis=0))
    return r, g, b


def quarter_turn(width: int, height: int, rotation: int) -> tuple[np.ndarray, tuple[int, int]]:
    """3×3 matrix of a clockwise rotation by 0/90/180/270° (pixel-exact, as cv2.rotate) and the new size."""
    w1, h1 = width - 1, height - 1
    matrices = {
        0: ([[1, 0, 0], [0, 1, 0]], (width, height)),
        90: ([[0, -1, h1], [1, 0, 0]], (height, width)),
        180: ([[-1, 0, w1], [0, -1, h1]], (width, height)),
        270: ([[0, 1, 0], [-1, 0, w1]], (height, width)),
    }
    rows, size = matrices[rotation % 360]
    return np.array([*rows, [0, 0, 1]], np.float64), size


def border_value(fill: int | float | tuple[int, ...]) -> tuple[float, float, float, float]:
    """OpenCV's borderValue for a gray level or an RGB colour."""
    if isinstance(fill, int | float):
        return (float(fill),) * 4
    values = [float(v) for v in fill] + [0.0] * (4 - len(fill))
    return values[0], values[1], values[2], values[3]
