"""Red seals (公章) and red pen: removed from the gray page, reported as annotations.

Red ink passes red light, black toner does not: in the red channel a seal nearly vanishes while
the text under it stays dark. So red pixels take their (gain-corrected) red value in `gray`.
"""

from __future__ import annotations

import cv2
import numpy as np

from extraction.prepare._util import downscale
from extraction.prepare.options import PrepareOptions
from models.record import PageAnnotation

_MARK_LONG_SIDE = 600
# Red pixels in the middle of the disc (the inner 60% of its width): a seal's star or lettering
# gives 0.08–0.15, a red pen circle drawn around a value next to nothing.
_SEAL_MIN_CENTRE = 0.06
_SEAL_MIN_FILL = 0.6  # disc area / inscribed-ellipse area of its bbox: round, not a stroke
_SEAL_MAX_ASPECT = 1.6


def find_red_marks(red: np.ndarray, options: PrepareOptions) -> list[PageAnnotation]:
    """Seal and red-pen bboxes (full-resolution pixels) from a redness map.

    On a small copy, area averaging keeps even a pale seal's ring; a closing joins its breaks and the
    convex hull covers the whole seal. A seal is a large roundish disc with red in its middle (star,
    lettering); anything else big enough is red pen.
    """
    small, scale = downscale(red, _MARK_LONG_SIDE)
    _, mask = cv2.threshold(small, options.red_min_diff * 0.6, 255, cv2.THRESH_BINARY)
    k = max(3, round(0.012 * max(small.shape)))
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    # Convex hulls close a ring broken by pale ink; lettering inside a seal falls into its hull.
    hulls = np.zeros_like(mask)
    cv2.drawContours(hulls, [cv2.convexHull(c) for c in contours], -1, (255,), cv2.FILLED)
    n, _, stats, _ = cv2.connectedComponentsWithStats(hulls, connectivity=8)
    short = min(red.shape[:2])
    marks: list[PageAnnotation] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if max(w, h) / scale < options.red_ink_min_size * short:
            continue
        is_seal = (
            min(w, h) / scale >= options.seal_min_size * short
            and max(w, h) / min(w, h) <= _SEAL_MAX_ASPECT
            and area / (np.pi / 4 * w * h) >= _SEAL_MIN_FILL
            and _centre_density(mask[y : y + h, x : x + w]) >= _SEAL_MIN_CENTRE
        )
        box = (
            max(0, int(x / scale)),
            max(0, int(y / scale)),
            min(red.shape[1], int(np.ceil((x + w) / scale))),
            min(red.shape[0], int(np.ceil((y + h) / scale))),
        )
        marks.append(PageAnnotation(kind="seal" if is_seal else "red_ink", bbox=box))
    seals = [m.bbox for m in marks if m.kind == "seal"]
    # A broken ring's stray arc next to its seal is part of the seal, not pen.
    marks = [m for m in marks if m.kind == "seal" or not any(_inside(m.bbox, s) > 0.5 for s in seals)]
    return sorted(marks, key=lambda m: (m.bbox[1], m.bbox[0]))


def _centre_density(mask: np.ndarray) -> float:
    h, w = mask.shape[:2]
    centre = np.zeros((h, w), np.uint8)
    cv2.ellipse(centre, (w // 2, h // 2), (max(1, int(w * 0.3)), max(1, int(h * 0.3))), 0, 0, 360, (255,), -1)
    return float(np.count_nonzero(mask[centre > 0])) / max(1, int(np.count_nonzero(centre)))


def _inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Fraction of box a that lies in box b."""
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    return w * h / max(1, (a[2] - a[0]) * (a[3] - a[1]))


def suppress_red(
    rgb: np.ndarray, options: PrepareOptions | None = None, gray: np.ndarray | None = None, marks: bool = True
) -> tuple[np.ndarray, list[PageAnnotation]]:
    """`gray` (luminance of `rgb` if not given) with red ink replaced by paper, and the red marks found
    (seals, red pen; skipped when `marks` is false)."""
    options = options or PrepareOptions()
    if gray is None:
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    r, g, b = (cv2.extractChannel(rgb, i) for i in range(3))  # cv2.split is 4× slower
    red = cv2.subtract(r, cv2.max(g, b))
    # Seal and pen red have G ≈ B; orange and brown (wooden desk, lamp light, yellowed paper) have G > B.
    red = cv2.subtract(red, cv2.convertScaleAbs(cv2.subtract(g, b), alpha=1.5))
    # Redness above the paper's own: a pink colour cast is not ink either.
    step = max(1, max(r.shape) // 512)
    cast = float(np.median(red[::step, ::step]))
    if cast >= 1:
        red = cv2.subtract(red, np.full_like(red, round(cast)))
    _, mask = cv2.threshold(red, options.red_min_diff, 255, cv2.THRESH_BINARY)
    if cv2.countNonZero(mask) == 0:
        return gray, []
    # Red ink still absorbs a little red: scale the red channel so that seal ink lands on paper white.
    small_r, small_mask = r[::step, ::step], mask[::step, ::step]
    inked = small_r[small_mask > 0]
    paper = float(np.percentile(small_r, 90))
    ink_r = float(np.percentile(inked, 25)) if inked.size >= 20 else paper
    gain = min(1.6, max(1.0, paper / max(1.0, ink_r)))
    lifted = cv2.convertScaleAbs(r, alpha=gain)
    # Blend by redness (all uint8, saturating): no hard mask edge, no halo around anti-aliased strokes.
    weight = cv2.convertScaleAbs(red, alpha=255.0 / options.red_min_diff)
    out = cv2.add(gray, cv2.multiply(cv2.subtract(lifted, gray), weight, scale=1 / 255.0))
    return out, find_red_marks(red, options) if marks else []
