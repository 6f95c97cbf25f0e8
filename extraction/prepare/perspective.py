"""Perspective of photographed pages: the table's outer quadrilateral, warped back to a rectangle."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare._util import border_value, downscale, to_gray
from extraction.prepare.layout import analyse
from extraction.prepare.options import PrepareOptions

_FIT_POINTS = 3000


def _fit_side(points: np.ndarray, a: np.ndarray, b: np.ndarray, band: float) -> np.ndarray | None:
    """A line (point, direction) fitted to the ruling points within `band` px of segment a–b."""
    length = float(np.linalg.norm(b - a))
    if length < 1.0:
        return None  # a degenerate quad side (corners that coincide): nothing to fit
    direction = (b - a) / length
    normal = np.array([-direction[1], direction[0]])
    rel = points - a
    along = rel @ direction
    near = (np.abs(rel @ normal) < band) & (along > 0.1 * length) & (along < 0.9 * length)
    if np.count_nonzero(near) < 20:
        return None
    chosen = points[near]
    chosen = chosen[:: len(chosen) // _FIT_POINTS + 1]
    vx, vy, x0, y0 = cv2.fitLine(chosen.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0, vx, vy], np.float64)


def _intersect(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    # Solve p0 + t·pd = q0 + s·qd.
    matrix = np.array([[p[2], -q[2]], [p[3], -q[3]]])
    t = np.linalg.solve(matrix, q[:2] - p[:2])[0]
    return p[:2] + t * p[2:]


def find_table_quad(image: np.ndarray, work_long_side: int = 1600) -> np.ndarray | None:
    """Corners (tl, tr, br, bl; float, input pixels) of the largest ruled region, or None.

    The ruling lines of the table form one connected component; its extreme points along the two
    diagonals are the corners, refined by fitting a line to the ruling pixels along each side.
    """
    gray, scale = downscale(to_gray(image), work_long_side)
    layout = analyse(gray, text=False)
    if layout.table_mask is None:
        return None
    component = layout.table_mask
    lines = cv2.bitwise_or(layout.horizontal, layout.vertical)
    ys, xs = np.nonzero(component & (lines > 0))
    points = np.stack([xs, ys], axis=1).astype(np.float64)
    s, d = points.sum(axis=1), points[:, 0] - points[:, 1]
    rough = np.array(
        [points[np.argmin(s)], points[np.argmax(d)], points[np.argmax(s)], points[np.argmin(d)]], np.float64
    )
    hy, hx = np.nonzero(component & (layout.horizontal > 0))
    vy, vx = np.nonzero(component & (layout.vertical > 0))
    horizontal = np.stack([hx, hy], axis=1).astype(np.float64)
    vertical = np.stack([vx, vy], axis=1).astype(np.float64)
    band = max(4.0, 0.006 * max(gray.shape))
    sides = [
        _fit_side(horizontal, rough[0], rough[1], band),  # top
        _fit_side(vertical, rough[1], rough[2], band),  # right
        _fit_side(horizontal, rough[3], rough[2], band),  # bottom
        _fit_side(vertical, rough[0], rough[3], band),  # left
    ]
    if not _plausible(rough, gray.shape[:2]):
        return None
    if _parallel(component, layout.horizontal, layout.vertical):
        # a flat page: the extreme points may sit on a title bar or an open side, not on corners
        rect = cv2.boxPoints(cv2.minAreaRect(points.astype(np.float32))).astype(np.float64)
        start = int(np.argmin(rect.sum(axis=1)))  # tl first, then the order of boxPoints
        rect = np.roll(rect, -start, axis=0)
        if _cross(rect[1] - rect[0], rect[2] - rect[1]) < 0:
            rect = rect[[0, 3, 2, 1]]  # clockwise on the page (y down): tl, tr, br, bl
        return (rect + 0.5) / scale - 0.5
    quad = rough
    top, right, bottom, left = sides
    if top is not None and right is not None and bottom is not None and left is not None:
        refined = np.array(
            [
                _intersect(left, top),
                _intersect(top, right),
                _intersect(right, bottom),
                _intersect(bottom, left),
            ]
        )
        # Keep the fit unless a side was caught on something else (then the corners jump).
        if np.max(np.linalg.norm(refined - rough, axis=1)) < 4 * band and _plausible(refined, gray.shape[:2]):
            quad = refined
    # Pixel centres: +0.5 maps back to the full-resolution grid exactly.
    return (quad + 0.5) / scale - 0.5


_PARALLEL_DEG = 0.2  # long rulings this close in angle (middle half) do not converge: no perspective
_LONG_LINE = 0.5  # of the table's extent: a ruling long enough to measure its angle


def _angles(mask: np.ndarray, extent: float, along_x: bool) -> np.ndarray:
    """Angles (degrees) of the connected rulings of `mask` longer than `extent`."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    out = []
    for k in range(1, n):
        if stats[k, cv2.CC_STAT_WIDTH if along_x else cv2.CC_STAT_HEIGHT] < extent:
            continue
        x, y, w, h = (int(v) for v in stats[k, :4])
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == k)  # its box only: one pass per ruling
        a, b = (xs + x, ys + y) if along_x else (ys + y, xs + x)
        out.append(_angle(a, b))
    return np.array(out)


def _angle(along: np.ndarray, across: np.ndarray) -> float:
    """Angle of a ruling from its centre line in two stretches (a fifth to two fifths of its length
    from either end): medians, so that the stubs of crossing rulings do not tip it."""
    pos = np.unique(along)
    centre = np.bincount(along - pos[0], across)[pos - pos[0]] / np.bincount(along - pos[0])[pos - pos[0]]
    t = (pos - pos[0]) / max(1, pos[-1] - pos[0])
    first, last = (t >= 0.2) & (t <= 0.4), (t >= 0.6) & (t <= 0.8)
    if not first.any() or not last.any():
        return 0.0
    rise = float(np.median(centre[last]) - np.median(centre[first]))
    run = float(np.median(pos[last]) - np.median(pos[first]))
    return float(np.degrees(np.arctan2(rise, max(run, 1.0))))


def _parallel(component: np.ndarray, horizontal: np.ndarray, vertical: np.ndarray) -> bool:
    """Do the table's long rulings run parallel in both directions (a flat page, however skewed)?
    In a photo taken at an angle, the rulings of one direction converge."""
    ys, xs = np.nonzero(component)
    if not len(xs):
        return False
    width, height = float(xs.max() - xs.min()), float(ys.max() - ys.min())
    spreads = []
    for mask, extent, along_x in ((horizontal, width, True), (vertical, height, False)):
        angles = _angles(component & (mask > 0), _LONG_LINE * extent, along_x)
        if len(angles) >= 2:  # the middle half: a ruling bent by a stamp or a fill does not count
            spreads.append(float(np.percentile(angles, 75) - np.percentile(angles, 25)))
    return bool(spreads) and max(spreads) < _PARALLEL_DEG


def _cross(u: np.ndarray, v: np.ndarray) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def _plausible(quad: np.ndarray, shape: tuple[int, ...]) -> bool:
    """A convex quadrilateral covering a real part of the page, corners within 30° of square, no sliver."""
    area = 0.5 * abs(_cross(quad[2] - quad[0], quad[3] - quad[1]))
    if area < 0.05 * shape[0] * shape[1]:
        return False
    edges = np.roll(quad, -1, axis=0) - quad
    turns = np.array([_cross(edges[i], edges[(i + 1) % 4]) for i in range(4)])
    if not (np.all(turns > 0) or np.all(turns < 0)):
        return False
    sides = np.linalg.norm(edges, axis=1)
    return quad_distortion(quad)[0] < 30.0 and float(sides.min()) > 0.2 * float(sides.max())


def quad_distortion(quad: np.ndarray) -> tuple[float, float]:
    """Largest corner-angle deviation from 90° (degrees) and relative difference of opposite sides."""
    angles = []
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        angles.append(abs(np.degrees(np.arccos(np.clip(cos, -1, 1))) - 90.0))
    side = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    diff = max(abs(side[0] - side[2]) / max(side[0], side[2]), abs(side[1] - side[3]) / max(side[1], side[3]))
    return max(angles), diff


def needs_correction(quad: np.ndarray, options: PrepareOptions) -> bool:
    angle, side = quad_distortion(quad)
    return angle >= options.perspective_min_angle_deg or side >= options.perspective_min_side_diff


def perspective_transform(
    quad: np.ndarray, size: tuple[int, int], options: PrepareOptions
) -> tuple[np.ndarray, tuple[int, int]]:
    """Homography taking `quad` to an upright rectangle, and the output canvas (w, h).

    The canvas keeps margins around the table (more above it, for the title) but no more than
    the source image actually covers.
    """
    width, height = size
    rect_w = float(max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])))
    rect_h = float(max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])))
    rect = np.array([[0, 0], [rect_w, 0], [rect_w, rect_h], [0, rect_h]], np.float64)
    homography = cv2.getPerspectiveTransform(quad.astype(np.float32), rect.astype(np.float32))
    border = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    page = cv2.perspectiveTransform(border.reshape(-1, 1, 2), homography).reshape(-1, 2)
    left = min(options.margin_side * rect_w, max(0.0, -float(page[:, 0].min())))
    right = min(options.margin_side * rect_w, max(0.0, float(page[:, 0].max()) - rect_w))
    # The title over a short table is as far above it as over a long one: margins scale with the
    # table's larger side, not its height.
    reach = max(rect_w, rect_h)
    top = min(options.margin_top * reach, max(0.0, -float(page[:, 1].min())))
    bottom = min(options.margin_bottom * reach, max(0.0, float(page[:, 1].max()) - rect_h))
    shift = np.array([[1, 0, left], [0, 1, top], [0, 0, 1]], np.float64)
    out = (round(left + rect_w + right), round(top + rect_h + bottom))
    return shift @ homography, out


def correct_perspective(
    image: np.ndarray,
    quad: np.ndarray,
    options: PrepareOptions | None = None,
    fill: int | tuple[int, ...] = 255,
) -> np.ndarray:
    """Warp `image` so that the table quadrilateral `quad` becomes an upright rectangle."""
    options = options or PrepareOptions()
    height, width = image.shape[:2]
    homography, out = perspective_transform(quad, (width, height), options)
    return cv2.warpPerspective(image, homography, out, flags=cv2.INTER_LINEAR, borderValue=border_value(fill))
