"""Boxes between a prepared page and the original image it was made from (PageInfo.transform).

Pure Python: a 3×3 homography is small enough that numpy would only add an import to the models layer.
"""

from __future__ import annotations

from collections.abc import Sequence

from models.record import BBox, PageInfo

Matrix = Sequence[Sequence[float]]


def invert(m: Matrix) -> list[list[float]]:
    """Inverse of a 3×3 matrix (adjugate over determinant); ValueError when it is singular."""
    (a, b, c), (d, e, f), (g, h, i) = m
    co = [
        [e * i - f * h, c * h - b * i, b * f - c * e],
        [f * g - d * i, a * i - c * g, c * d - a * f],
        [d * h - e * g, b * g - a * h, a * e - b * d],
    ]
    det = a * co[0][0] + b * co[1][0] + c * co[2][0]
    if abs(det) < 1e-12:
        raise ValueError("singular page transform")
    return [[v / det for v in row] for row in co]


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    """A point through a homography."""
    w = m[2][0] * x + m[2][1] * y + m[2][2]
    return (m[0][0] * x + m[0][1] * y + m[0][2]) / w, (m[1][0] * x + m[1][1] * y + m[1][2]) / w


def map_box(m: Matrix, box: BBox) -> BBox:
    """The axis-aligned box around a box's four corners after a homography."""
    x0, y0, x1, y1 = box
    pts = [apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))


def corners_to_original(info: PageInfo, box: BBox) -> list[tuple[float, float]]:
    """A page box's four corners (clockwise from top-left) in original-image pixels: after a rotation or a
    perspective correction the box is a quadrilateral there."""
    m = invert(info.transform) if info.transform is not None else None
    x0, y0, x1, y1 = box
    corners = [(float(x0), float(y0)), (float(x1), float(y0)), (float(x1), float(y1)), (float(x0), float(y1))]
    return corners if m is None else [apply(m, x, y) for x, y in corners]


def box_to_original(info: PageInfo, box: BBox) -> BBox:
    """A bbox of the record's page frame as the axis-aligned box around it in the original image."""
    return box if info.transform is None else map_box(invert(info.transform), box)


def box_to_page(info: PageInfo, box: BBox) -> BBox:
    """An original-image box in the record's page frame (for drawing original-frame marks on the page)."""
    return box if info.transform is None else map_box(info.transform, box)
