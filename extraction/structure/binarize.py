"""Grayscale page → ink mask, and the page's length unit."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.structure.params import StructureParams


def to_gray(image: np.ndarray) -> np.ndarray:
    """Accept gray, BGR or BGRA uint8 pages."""
    if image.ndim == 2:
        gray = image
    elif image.shape[2] == 4:
        gray = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    else:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if gray.dtype != np.uint8:
        raise TypeError(f"expected a uint8 image, got {gray.dtype}")
    return np.ascontiguousarray(gray)


def work_scale(shape: tuple[int, ...], params: StructureParams) -> float:
    """Factor (≤ 1) that brings the longer side to `work_max_side`: big scans carry no extra line evidence."""
    return min(1.0, params.work_max_side / max(shape[0], shape[1]))


def _odd(n: float) -> int:
    k = max(3, round(n))
    return k if k % 2 else k + 1


def binarize(gray: np.ndarray, params: StructureParams) -> np.ndarray:
    """255 where ink: darker than its neighbourhood by `ink_contrast`.

    White rules on a coloured header fill are not looked for: the fill's own borders usually
    carry the structure, and white text on dark title bars would pass for rules.
    """
    block = _odd(params.block_frac * min(gray.shape))
    mean = cv2.blur(gray, (block, block))
    # compare in int16: uint8 arithmetic would wrap around
    g = gray.astype(np.int16)
    m = mean.astype(np.int16)
    return (g < m - params.ink_contrast).astype(np.uint8) * 255


def strokes(gray: np.ndarray, unit: float, params: StructureParams) -> np.ndarray:
    """How much darker each pixel is than its surroundings a ruling's width away (a black-hat with
    a square window; 0 where that is less than `line_contrast`).

    Blind to the edge of a grey cell fill (darker on one side only), which a local threshold alone
    passes for a ruling beside the real one. The square window keeps crossings, where a one-way
    window would see the crossing rule as surroundings.
    """
    k = 2 * max(3, round(params.max_thickness * unit)) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    depth = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    depth[depth <= params.line_contrast] = 0
    return depth


def unit_and_rulings(binary: np.ndarray, params: StructureParams) -> tuple[float, np.ndarray, np.ndarray]:
    """The page's length unit; the ink blobs long enough to hold a ruling; and dash-like pieces.

    The unit is the median height of text-like blobs (≈ a character or a part of one). Characters
    are in neither mask. Dashes are kept apart so that only they get their gaps closed: closing the
    whole page would also glue characters to the rules they nearly touch.
    """
    short = min(binary.shape)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    unit = unit_of(stats, short)
    thin = max(3.0, params.max_thickness * unit)
    size = np.maximum(w, h)
    flat = (w >= 2 * h) & (h <= thin)
    tall = (h >= 2 * w) & (w <= thin)
    long = size >= params.max_char * unit
    # a dash is thin, elongated, longer than a speck of noise and shorter than a character's
    # strokes (which would otherwise be bridged onto a nearby rule)
    dash = (
        ~long & (flat | tall) & (size >= max(4.0, params.min_dash * unit)) & (size <= params.max_dash * unit)
    )
    # a broken rule's corner piece (L, T, +) holds a straight run longer than any character stroke
    run = max(3, round(params.max_stroke * unit))
    for kernel in (np.ones((1, run), np.uint8), np.ones((run, 1), np.uint8)):
        dash[np.unique(labels[cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel) > 0])] = True
    long[0] = dash[0] = False
    dash &= ~long
    pieces = ~long & ~dash & (flat | tall) & (size > params.max_dash * unit)
    long[_in_line(labels, stats, long | dash, pieces & flat, pieces & tall, params.dash_gap * unit)] = True
    long[0] = False
    return unit, (long.astype(np.uint8) * 255)[labels], (dash.astype(np.uint8) * 255)[labels]


def unit_of(stats: np.ndarray, short: int) -> float:
    """The length unit from connected-component stats (row 0 the background): the median height
    of text-like blobs, within 4 px … a twentieth of the page's short side."""
    w = stats[:, cv2.CC_STAT_WIDTH]
    h = stats[:, cv2.CC_STAT_HEIGHT]
    area = stats[:, cv2.CC_STAT_AREA]
    # specks, rulings, large fills and elongated blobs (dashes, 一, underscores, l) do not measure text
    text = (h >= 3) & (area >= 6) & (h < short / 8) & (w < 2 * h) & (h < 2 * w)
    text[0] = False
    return float(np.clip(np.median(h[text]), 4.0, short / 20)) if text.sum() >= 10 else max(4.0, short / 80)


def _in_line(
    labels: np.ndarray, stats: np.ndarray, anchor: np.ndarray, flat: np.ndarray, tall: np.ndarray, gap: float
) -> list[int]:
    """Flat (tall) blobs that continue an anchored blob along a row (column) within `gap`: the middle
    pieces of a broken rule, which alone look like a character's stroke. Chains are followed."""
    reach = max(1, round(gap))
    height, width = labels.shape
    marked = anchor[labels]  # anchored pixels; grows as pieces are found
    found: list[int] = []
    todo = [int(k) for k in np.nonzero(flat | tall)[0]]
    changed = True
    while changed and todo:
        changed = False
        for k in list(todo):
            x, y, w, h = (int(v) for v in stats[k, :4])
            if flat[k]:  # look just past both ends along the row
                window = marked[y : y + h, max(0, x - reach) : min(width, x + w + reach)]
            else:
                window = marked[max(0, y - reach) : min(height, y + h + reach), x : x + w]
            if window.any():
                found.append(k)
                todo.remove(k)
                marked[y : y + h, x : x + w] |= labels[y : y + h, x : x + w] == k
                changed = True
    return found
