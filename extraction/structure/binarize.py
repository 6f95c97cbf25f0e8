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
    long[0] = False  # the background
    # a dash is thin, elongated, longer than a speck of noise and shorter than a character's
    # strokes (which would otherwise be bridged onto a nearby rule)
    dash = (
        ~long & (flat | tall) & (size >= max(4.0, params.min_dash * unit)) & (size <= params.max_dash * unit)
    )
    # a broken rule's corner piece (L, T, +) holds a straight run longer than any character stroke,
    # and (min_corner_share) is made of such runs: a character with one long stroke (书) is not
    run = max(3, round(params.max_stroke * unit))
    runs = np.zeros_like(binary)
    for kernel in (np.ones((1, run), np.uint8), np.ones((run, 1), np.uint8)):
        runs |= cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    on_runs = np.bincount(labels[runs > 0], minlength=len(stats))
    dash |= (on_runs > 0) & (on_runs >= params.min_corner_share * stats[:, cv2.CC_STAT_AREA])
    dash &= ~long
    # a lone straight stroke (the digit 1 between two row rules) is a character, not a dash: a
    # dash is one of a chain of dashes, or continues a solid rule (across a crossing one, where a
    # short row leaves only a stub of its rule)
    flat_dash, tall_dash = dash & flat, dash & tall
    gap = params.dash_gap * unit
    dash &= ~(flat | tall) | _chained(labels, stats, flat_dash, tall_dash, gap)
    dash[_in_line(labels, stats, long, flat_dash, tall_dash, gap + thin, thin, follow=False)] = True
    long[0] = dash[0] = False
    dash &= ~long
    pieces = ~long & ~dash & (flat | tall) & (size > params.max_dash * unit)
    long[_in_line(labels, stats, long | dash, pieces & flat, pieces & tall, params.dash_gap * unit, thin)] = (
        True
    )
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
    if text.sum() < 10:
        return max(4.0, short / 80)
    plain = float(np.median(h[text]))
    # On a fax with little text the noise dots outnumber the characters and the plain median is a
    # dot's height; weighed by ink the characters count. Used only where the two disagree that much.
    by_ink = _weighted_median(h[text], area[text])
    unit = by_ink if by_ink > _SPECK_RATIO * plain else plain
    return float(np.clip(unit, 4.0, short / 20))


_SPECK_RATIO = 3.0


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _chained(
    labels: np.ndarray, stats: np.ndarray, flat: np.ndarray, tall: np.ndarray, gap: float
) -> np.ndarray:
    """Per blob: a flat (tall) blob in a chain of at least three flat (tall) ones, each within `gap`
    of the next along its row (column). Two digits 1 in one column of a table are no dashed rule."""
    out = np.zeros(len(stats), bool)
    k = round(gap) + 1
    for kind, kernel in ((flat, np.ones((1, k), np.uint8)), (tall, np.ones((k, 1), np.uint8))):
        if not kind.any():
            continue
        mask = (kind[labels]).astype(np.uint8)
        _, groups = cv2.connectedComponents(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel), connectivity=8)
        pairs = np.unique(np.stack([groups[mask > 0], labels[mask > 0]], 1), axis=0)
        members = np.bincount(pairs[:, 0])  # dashes per group
        chained = pairs[members[pairs[:, 0]] >= 3, 1]
        out[chained] = True
    return out


def _in_line(
    labels: np.ndarray,
    stats: np.ndarray,
    anchor: np.ndarray,
    flat: np.ndarray,
    tall: np.ndarray,
    gap: float,
    thin: float,
    follow: bool = True,
) -> list[int]:
    """Flat (tall) blobs that continue an anchored blob along a row (column) within `gap`: the middle
    pieces of a broken rule, which alone look like a character's stroke. Chains are followed.

    The anchor must run on along the piece's direction for more than a rule's thickness: a rule
    crossing just past the end of a stroke (the digit 1 under a row rule) continues nothing."""
    reach = max(1, round(gap))
    far = reach + 2 * round(thin)  # window in which the continuation must run on past `thin`
    marked = anchor[labels]  # anchored pixels; grows as pieces are found
    found: list[int] = []
    todo = [int(k) for k in np.nonzero(flat | tall)[0]]
    changed = True
    while changed and todo:
        changed = False
        for k in list(todo):
            x, y, w, h = (int(v) for v in stats[k, :4])
            if flat[k]:  # look just past both ends along the row
                sides = (marked[y : y + h, max(0, x - far) : x], marked[y : y + h, x + w : x + w + far])
                sides = (sides[0][:, ::-1].T, sides[1].T)  # as (distance from the end, across)
            else:
                sides = (marked[max(0, y - far) : y, x : x + w][::-1], marked[y + h : y + h + far, x : x + w])
            if any(_continues(side, reach, thin) for side in sides):
                found.append(k)
                todo.remove(k)
                if follow:  # else one pass: only the first anchors count
                    marked[y : y + h, x : x + w] |= labels[y : y + h, x : x + w] == k
                    changed = True
    return found


def _continues(side: np.ndarray, reach: int, thin: float) -> bool:
    """Anchored ink (rows: distance past a piece's end) that starts within `reach` and runs on along
    the piece's direction for more than `thin` somewhere across it."""
    if not side.size or not side[:reach].any():
        return False
    return bool(side.sum(axis=0).max() > thin)
