"""The ruling a PDF page draws as vector paths: straight axis-aligned pieces, in page pixels.

Word, Excel and most report tools draw a table's borders as stroked lines or as thin filled
rectangles. Each becomes a `piece`: where it runs along, where its centre line lies across, and how
thick it is, in pixels of the page rendered at the document's dpi (top-left origin, as the image).
Curves and slanted lines are only counted: they are no ruling. Fills (cell shading) are no ruling
either, but the rendered page shows their edges: their boxes are kept, so that those edges are
not taken for ruling that no vector draws.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from collections.abc import Callable

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pydantic import BaseModel, ConfigDict, Field

from extraction.load.pdf import read_page, render_page
from extraction.load.pdf_text import PageChars, page_chars

MAX_RULE_PT = 3.0  # a filled rectangle thinner than this (≈ 1 mm) is a rule, a thicker one a fill
_STRAIGHT_PT = 0.2  # a stroke whose ends differ less than this across is axis-aligned
_MAX_DEPTH = 4  # nested form XObjects followed

Matrix = tuple[float, float, float, float, float, float]  # PDF's a b c d e f
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PageRules(BaseModel):
    """Ruling pieces of one page. `horizontal[i]` is (x0, x1, y, thickness), `vertical[i]` is
    (y0, y1, x, thickness): extent along, centre across, thickness, in page pixels."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    horizontal: np.ndarray  # float64, (n, 4)
    vertical: np.ndarray  # float64, (m, 4)
    fills: np.ndarray = Field(
        default_factory=lambda: np.zeros((0, 4))
    )  # (k, 4): x0 y0 x1 y1 of non-white fills
    other: int = 0  # path pieces that are no ruling: curves, slanted strokes, fills
    pictures: int = 0  # image and shading objects: pixels the page shows that no path describes

    @property
    def count(self) -> int:
        return len(self.horizontal) + len(self.vertical)

    @property
    def draws_nothing(self) -> bool:
        """No path, fill, image or shading: the page shows its characters and nothing else."""
        return self.count == 0 and len(self.fills) == 0 and self.other == 0 and self.pictures == 0


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer` (row vectors, as PDF: p' = p · inner · outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # the matrix's own letters
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj: ctypes.c_void_p) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj: ctypes.c_void_p, m: Matrix) -> list[tuple[list[tuple[float, float]], bool, bool]]:
    """Each subpath's points in page space (points), whether it closes, whether it curves."""
    out: list[tuple[list[tuple[float, float]], bool, bool]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px = x.value * m[0] + y.value * m[2] + m[4]
        py = x.value * m[1] + y.value * m[3] + m[5]
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append(([(px, py)], False, False))
        else:
            points, closed, curved = out[-1]
            points.append((px, py))
            out[-1] = (points, closed, curved or kind == pdfium_c.FPDF_SEGMENT_BEZIERTO)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            out[-1] = (out[-1][0], True, out[-1][2])
    return out


class _Collector:
    def __init__(self, left: float, top: float, scale: float) -> None:
        self.left, self.top, self.scale = left, top, scale
        self.horizontal: list[tuple[float, float, float, float]] = []
        self.vertical: list[tuple[float, float, float, float]] = []
        self.fills: list[tuple[float, float, float, float]] = []
        self.other = 0
        self.pictures = 0

    def add(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
        """A straight piece from (x0, y0) to (x1, y1) in points, `width` thick."""
        s = self.scale
        if abs(y1 - y0) <= _STRAIGHT_PT and abs(x1 - x0) > abs(y1 - y0):
            lo, hi = sorted(((x0 - self.left) * s, (x1 - self.left) * s))
            self.horizontal.append((lo, hi, (self.top - (y0 + y1) / 2) * s, width * s))
        elif abs(x1 - x0) <= _STRAIGHT_PT and abs(y1 - y0) > abs(x1 - x0):
            lo, hi = sorted(((self.top - y0) * s, (self.top - y1) * s))
            self.vertical.append((lo, hi, ((x0 + x1) / 2 - self.left) * s, width * s))
        else:
            self.other += 1

    def path(self, obj: ctypes.c_void_p, m: Matrix, fill: int, stroke: bool) -> None:
        width = ctypes.c_float(1.0)
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        # a stroke is as wide as the matrix scales it (uniform scaling in practice)
        line_width = max(width.value, 0.1) * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        for points, closed, curved in _subpaths(obj, m):
            if curved or len(points) < 2:
                self.other += curved
                continue
            if fill != pdfium_c.FPDF_FILLMODE_NONE:
                if self._thin_rect(points):
                    continue
                self._fill(obj, points)
            if stroke:
                ring = [*points, points[0]] if closed else points
                for (ax, ay), (bx, by) in itertools.pairwise(ring):
                    if (ax, ay) != (bx, by):
                        self.add(ax, ay, bx, by, line_width)
            elif fill != pdfium_c.FPDF_FILLMODE_NONE:
                self.other += 1  # a fill (shading, a logo): its edges are no ruling

    def _fill(self, obj: ctypes.c_void_p, points: list[tuple[float, float]]) -> None:
        """A filled area's box in page pixels, unless it is white (paper: no edge to see)."""
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a) and min(r.value, g.value, b.value) >= 250:
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        s = self.scale
        left, top = (min(xs) - self.left) * s, (self.top - max(ys)) * s
        self.fills.append((left, top, (max(xs) - self.left) * s, (self.top - min(ys)) * s))

    def _thin_rect(self, points: list[tuple[float, float]]) -> bool:
        """A filled axis-aligned rectangle thinner than MAX_RULE_PT: a rule along its long side."""
        xs = sorted({round(p[0], 2) for p in points})
        ys = sorted({round(p[1], 2) for p in points})
        if len(xs) != 2 or len(ys) != 2 or len(points) not in (4, 5):
            return False
        (x0, x1), (y0, y1) = xs, ys
        if y1 - y0 <= MAX_RULE_PT and x1 - x0 > y1 - y0:
            self.add(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, y1 - y0)
            return True
        if x1 - x0 <= MAX_RULE_PT and y1 - y0 > x1 - x0:
            self.add((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - x0)
            return True
        return False

    def _thin_bounds(self, obj: ctypes.c_void_p) -> bool:
        """A top-level filled path whose bounds are thinner than MAX_RULE_PT is one rule (a thin
        filled rectangle): taken from its bounds, without walking its segments."""
        box = [ctypes.c_float() for _ in range(4)]
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *box):
            return False
        x0, y0, x1, y1 = (v.value for v in box)
        if y1 - y0 <= MAX_RULE_PT and x1 - x0 > 2 * (y1 - y0):
            self.add(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, y1 - y0)
            return True
        if x1 - x0 <= MAX_RULE_PT and y1 - y0 > 2 * (x1 - x0):
            self.add((x0 + x1) / 2, y0, (x0 + x1) / 2, y1, x1 - x0)
            return True
        return False

    def objects(self, parent: ctypes.c_void_p | None, page: ctypes.c_void_p, m: Matrix, depth: int) -> None:
        if parent is None:
            count, get, container = pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, page
        else:
            count, get = pdfium_c.FPDFFormObj_CountObjects(parent), pdfium_c.FPDFFormObj_GetObject
            container = parent
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        for i in range(max(count, 0)):
            obj = get(container, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
                    continue
                if not stroke.value and fill.value == pdfium_c.FPDF_FILLMODE_NONE:
                    continue  # drawn neither way: nothing on the page
                # bounds are in the container's space: only a top-level object's are the page's;
                # a stroke's bounds are padded by an amount of PDFium's choosing: walk its segments
                if parent is None and not stroke.value and self._thin_bounds(obj):
                    continue
                self.path(obj, _compose(_matrix(obj), m), fill.value, bool(stroke.value))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
                self.objects(obj, page, _compose(_matrix(obj), m), depth + 1)
            elif kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING):
                self.pictures += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                self.pictures += 1  # nested too deep to look into: anything may be drawn there

    def rules(self) -> PageRules:
        return PageRules(
            horizontal=np.array(self.horizontal, dtype=np.float64).reshape(-1, 4),
            vertical=np.array(self.vertical, dtype=np.float64).reshape(-1, 4),
            fills=np.array(self.fills, dtype=np.float64).reshape(-1, 4),
            other=self.other,
            pictures=self.pictures,
        )


def page_rules(page: pdfium.PdfPage, scale: float) -> PageRules | None:
    if page.get_rotation() % 360 != 0:
        return None  # as the text layer: a turned page is left to the pixels
    left, _bottom, _right, top = page.get_cropbox()
    collector = _Collector(left, top, scale)
    collector.objects(None, page.raw, _IDENTITY, 0)
    return collector.rules()


PdfPageRead = tuple[np.ndarray | None, PageChars | None, PageRules | None]
# Given a page's characters and vector drawing: does the page need its pixels?
RenderWanted = Callable[[PageChars | None, PageRules | None], bool]


def read_pdf_page(data: bytes, dpi: int, index: int, wanted: RenderWanted | None = None) -> PdfPageRead:
    """Page `index` rendered at `dpi` (RGB uint8), its characters and its vector ruling, from one
    load of the page (each layer None for a page turned by /Rotate); Unreadable for damaged data.
    The image is None, and nothing rendered, when `wanted` says the layers are enough.
    Call inspect_pdf first: it enforces the limits."""
    scale = dpi / 72.0

    def read(page: pdfium.PdfPage) -> PdfPageRead:
        chars, rules = page_chars(page, scale), page_rules(page, scale)
        if wanted is not None and not wanted(chars, rules):
            return None, chars, rules
        return render_page(page, scale), chars, rules

    return read_page(data, index, read)
