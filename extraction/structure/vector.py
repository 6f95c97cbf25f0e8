"""Table structure of a born-digital page from the ruling its PDF draws as vector paths.

The raster path finds ruling segments in the pixels (binarise, measure, morphology: most of the
structure stage's time). A page whose rules are vectors already says where they are, exactly; only
the text mask (for rows and columns no rule separates) still comes from the rendered page, so the
same grid builder gives the same grid. `vector_tables` answers None, and the raster path decides,
whenever the vectors do not explain the page's ruling: a vector rule that shows only part of its
ink, or long straight ink that no vector draws (a table pasted as a picture, underscores; a
shading's edge does not count when its fill is known). A rule that shows no ink at all (drawn
white, clipped, covered) is no ruling and is left out.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from extraction.structure.binarize import binarize, to_gray, unit_of, work_scale
from extraction.structure.detect import PageLines, tables_of
from extraction.structure.lines import Segment, bridge
from extraction.structure.params import StructureParams
from extraction.structure.result import TableGrid
from extraction.structure.topology import connected

LEFTOVER_RULE = 4.0  # units: straight ink this long that no vector draws is ruling in the picture
MIN_INKED = 0.9  # share of a vector rule's length that must show ink
MAX_HIDDEN = 0.5  # below this share the rule is not drawn at all (white, clipped, covered): ignored
_FRINGE = 2  # working pixels erased beyond a rule's edges (anti-aliasing, binarisation's halo)
_MERGE_PX = 1.0  # page pixels: pieces this close across (and touching along) are one rule

Pieces = np.ndarray  # (n, 4): lo, hi along; centre across; thickness


def merge_pieces(pieces: Pieces, tol: float = _MERGE_PX) -> Pieces:
    """Collinear pieces that overlap or touch as one piece (a cell's sides and the frame over them):
    runs of centres within `tol` across, then their extents joined along."""
    if len(pieces) == 0:
        return pieces.reshape(-1, 4)
    by_centre = pieces[np.argsort(pieces[:, 2], kind="stable")]
    breaks = np.flatnonzero(np.diff(by_centre[:, 2]) > tol) + 1
    out: list[list[float]] = []
    for run in np.split(by_centre, breaks):
        run = run[np.argsort(run[:, 0], kind="stable")]
        centre = float(np.average(run[:, 2], weights=run[:, 1] - run[:, 0] + 1e-6))
        current = [float(run[0, 0]), float(run[0, 1]), centre, float(run[0, 3])]
        for lo, hi, _, thick in run[1:]:
            if lo <= current[1] + tol:
                current[1], current[3] = max(current[1], float(hi)), max(current[3], float(thick))
            else:
                out.append(current)
                current = [float(lo), float(hi), centre, float(thick)]
        out.append(current)
    return np.array(out, dtype=np.float64).reshape(-1, 4)


def _inked_share(binary: np.ndarray, piece: np.ndarray, horizontal: bool) -> float:
    """Share of a piece's length (working pixels) with ink within a pixel of its centre line; a
    stretch off the page counts as without ink."""
    lo, hi, centre = math.floor(piece[0]), math.ceil(piece[1]), round(piece[2])
    if hi <= lo:
        return 0.0
    if horizontal:
        band = binary[max(0, centre - 1) : max(0, centre + 2), max(0, lo) : max(0, hi)]
        return float(band.any(axis=0).sum()) / (hi - lo)
    band = binary[max(0, lo) : max(0, hi), max(0, centre - 1) : max(0, centre + 2)]
    return float(band.any(axis=1).sum()) / (hi - lo)


def _seen(binary: np.ndarray, pieces: Pieces, horizontal: bool) -> Pieces | None:
    """The pieces that show ink; None when one shows only part of it (the picture disagrees)."""
    shares = np.array([_inked_share(binary, p, horizontal) for p in pieces])
    if ((shares >= MAX_HIDDEN) & (shares < MIN_INKED)).any():
        return None
    return pieces[shares >= MIN_INKED] if len(pieces) else pieces


def _rule_mask(shape: tuple[int, ...], hpieces: Pieces, vpieces: Pieces) -> np.ndarray:
    """The pieces (working pixels) with their fringe, painted."""
    mask = np.zeros(shape[:2], np.uint8)
    for pieces, horizontal in ((hpieces, True), (vpieces, False)):
        for lo, hi, centre, thick in pieces:
            half = thick / 2 + _FRINGE
            a, b = (
                (math.floor(lo) - 1, math.floor(centre - half)),
                (math.ceil(hi) + 1, math.ceil(centre + half)),
            )
            if not horizontal:
                a, b = (a[1], a[0]), (b[1], b[0])
            cv2.rectangle(mask, a, b, 255, -1)
    return mask


def _segments(pieces: Pieces) -> list[Segment]:
    return [
        Segment(float(lo), float(hi), np.array([lo, hi]), np.array([c, c]), float(t))
        for lo, hi, c, t in pieces
    ]


def _text(binary: np.ndarray, rules: np.ndarray) -> tuple[np.ndarray, float]:
    """The ink that no rule explains, without specks (bool), and the page's unit measured on it."""
    rest = ((binary > 0) & (rules == 0)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    unit = unit_of(stats, min(binary.shape))
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = size >= max(3.0, 0.3 * unit)
    keep[0] = False
    return keep[labels], unit


def _stray_ruling(text: np.ndarray, unit: float, fills: np.ndarray, halo: int) -> bool:
    """Long straight ink among the text: ruling that the vectors do not draw (an erosion with a
    long line leaves something exactly where an opening would). The edges of fills (working
    pixels) do not count: binarisation gives a shading's border a band of ink `halo` wide."""
    length = max(5, round(LEFTOVER_RULE * unit))
    ink = text.astype(np.uint8)
    for x0, y0, x1, y1 in fills:
        a, b = (math.floor(x0), math.floor(y0)), (math.ceil(x1), math.ceil(y1))
        cv2.rectangle(ink, a, b, 0, 2 * halo + 1)
    for kernel in (np.ones((1, length), np.uint8), np.ones((length, 1), np.uint8)):
        if cv2.erode(ink, kernel).any():
            return True
    return False


def _working(page: np.ndarray, params: StructureParams) -> tuple[np.ndarray, float]:
    """The page at a whole fraction 1/k of its size, k the least that reaches the working size:
    OpenCV averages k×k blocks fifty times faster than it resamples by an odd factor (0.3 ms
    against 16 ms for an A4 page at 300 dpi), and the ruling needs no finding at this scale."""
    k = math.ceil(1.0 / work_scale(page.shape, params))
    if k == 1:
        return page, 1.0
    height, width = page.shape[0] // k, page.shape[1] // k
    cropped = page[: height * k, : width * k]
    return cv2.resize(cropped, (width, height), interpolation=cv2.INTER_AREA), 1.0 / k


def vector_tables(
    gray: np.ndarray,
    horizontal: Pieces,
    vertical: Pieces,
    params: StructureParams,
    fills: np.ndarray | None = None,
) -> list[TableGrid] | None:
    """The tables of an upright page whose ruling is `horizontal` (x0, x1, y, thickness) and
    `vertical` (y0, y1, x, thickness) pieces in page pixels, with shading `fills` (x0, y0, x1, y1);
    None when they do not explain the page's ruling (the raster path must decide)."""
    page, scale = _working(to_gray(gray), params)
    binary = binarize(page, params)
    hpieces = _seen(binary, merge_pieces(horizontal) * scale, horizontal=True)
    vpieces = _seen(binary, merge_pieces(vertical) * scale, horizontal=False)
    if hpieces is None or vpieces is None:
        return None
    text, unit = _text(binary, _rule_mask(binary.shape, hpieces, vpieces))
    # half the binarisation window, where a fill's edge still darkens the neighbourhood mean
    halo = round(params.block_frac * min(binary.shape) / 2) + _FRINGE
    shading = np.zeros((0, 4)) if fills is None else fills * scale
    if _stray_ruling(text, unit, shading, halo):
        return None
    hsegs = bridge(_segments(hpieces), 0.0, unit, params)
    vsegs = bridge(_segments(vpieces), 0.0, unit, params)
    _, _, live = connected(
        hsegs, vsegs, params.join_tol * unit, params.snap_tol * unit, params.max_char * unit
    )
    return tables_of(PageLines(scale, unit, binary, hsegs, vsegs, live, text), params)
