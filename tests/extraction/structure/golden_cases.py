"""The golden cases: each draws a page and says what structure it holds.

`FORMTALLY_REGEN_GOLDEN=1 pytest tests/extraction/structure` rewrites golden/<case>/input.png and
expected.json from these functions; never edit those files by hand.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from tests.extraction.structure.synth import Point, Style, TableSpec, expected, glyph, render

Case = tuple[np.ndarray, dict[str, object]]


def _even(start: int, step: int, n: int) -> list[int]:
    return [start + k * step for k in range(n + 1)]


def _form(x0: int = 60, y0: int = 60) -> TableSpec:
    """A small 自评表-like grid: 8 rows × 6 columns with row and column spans."""
    rows = [y0 + v for v in (0, 50, 100, 150, 200, 280, 330, 380, 430)]
    cols = [x0 + v for v in (0, 120, 230, 340, 450, 560, 680)]
    merged = [(0, 1, 1, 6), (1, 0, 3, 1), (3, 0, 6, 1), (3, 1, 5, 2), (7, 0, 8, 3), (4, 4, 5, 6)]
    return TableSpec(rows, cols, merged)


def merged_spans() -> Case:
    spec = _form()
    return render((560, 800), [spec], seed=1), expected([spec])


def faint_broken() -> Case:
    spec = _form()
    spec.style = Style(ink=185, thickness=1, gaps=0.12)
    return render((560, 800), [spec], seed=2), expected([spec])


def dashed() -> Case:
    spec = _form()
    spec.style = Style(ink=60, thickness=2, dash=(7, 4))
    return render((560, 800), [spec], seed=3), expected([spec])


def missing_sides() -> Case:
    """No left or right border: the sides follow from where the row rules end."""
    spec = _form()
    spec.style = Style(draw_outer=(True, False, True, False))
    return render((560, 800), [spec], seed=4), expected([spec])


def missing_top() -> Case:
    """No top border: it follows from where the column rules end."""
    spec = _form()
    spec.merged = [m for m in spec.merged if m[0] > 0]
    spec.style = Style(draw_outer=(False, True, True, True))
    return render((560, 800), [spec], seed=11), expected([spec])


def stray_lines() -> Case:
    """Strokes that join no grid: a stub hanging from a rule, a floating underline, a stub off a side."""
    spec = _form()
    img = render((560, 800), [spec], seed=5)
    cv2.line(img, (350, 340), (350, 368), 0, 2)  # hangs from the row edge at y=340, ends in the cell
    cv2.line(img, (420, 430), (490, 430), 0, 2)  # underline floating inside a cell
    cv2.line(img, (620, 235), (670, 235), 0, 2)  # leaves the column edge at x=620, ends in the cell
    return img, expected([spec])


def two_tables() -> Case:
    top = _form(60, 40)
    bottom = TableSpec(_even(560, 50, 4), _even(100, 150, 4), [(0, 0, 1, 4), (2, 1, 4, 2)])
    return render((820, 800), [top, bottom], seed=6), expected([top, bottom])


def _warp_page(
    img: np.ndarray,
    forward: Callable[[Point], Point],
    inverse: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> np.ndarray:
    h, w = img.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    map_x, map_y = inverse(xs, ys)
    return cv2.remap(
        img, map_x.astype(np.float32), map_y.astype(np.float32), cv2.INTER_LINEAR, borderValue=255
    )


def curved_skewed() -> Case:
    """Rules bowed by 5 px across the page and turned by 0.4°, saved as a JPEG."""
    spec = _form()
    h, w = 560, 800
    sag, angle = 5.0, np.deg2rad(0.4)
    cx, cy = w / 2, h / 2
    cos, sin = np.cos(angle), np.sin(angle)

    def bow(x: float | np.ndarray) -> float | np.ndarray:
        return sag * 4 * (x / w) * (1 - x / w)

    def forward(p: Point) -> Point:
        x, y = p[0], p[1] + float(bow(p[0]))
        return (cx + cos * (x - cx) - sin * (y - cy), cy + sin * (x - cx) + cos * (y - cy))

    def inverse(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = cx + cos * (xs - cx) + sin * (ys - cy)
        y = cy - sin * (xs - cx) + cos * (ys - cy)
        return x, y - bow(x)

    img = _warp_page(render((h, w), [spec], seed=7), forward, inverse)
    ok, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), expected([spec], forward)


def thick_and_touching() -> Case:
    """A 5 px outer border, 1 px inner rules, and glyphs that touch the rules."""
    spec = _form()
    spec.style = Style(thickness=1, outer_thickness=5)
    img = render((560, 800), [spec], seed=8)
    rng = np.random.default_rng(8)
    for x, y in ((176, 115), (292, 150), (396, 345), (506, 95)):  # glyph strokes across a rule
        for k in range(3):
            cv2.line(img, (x + 6 * k, y), (x + 6 * k, y + 18), 20, 2)
        cv2.line(img, (x - 2, y + int(rng.integers(0, 18))), (x + 16, y + 9), 20, 2)
    return img, expected([spec])


def fax() -> Case:
    """Low resolution, one bit per pixel, speckled: a 200 dpi fax of the small form."""
    spec = TableSpec(_even(30, 26, 8), _even(30, 60, 6), [(0, 1, 1, 6), (1, 0, 4, 1), (6, 2, 8, 4)])
    spec.style = Style(thickness=1)
    img = render((280, 420), [spec], seed=9, text_size=12)
    rng = np.random.default_rng(9)
    noise = rng.random(img.shape)
    binary = np.where(img < 150, 0, 255).astype(np.uint8)
    binary[noise < 0.004] = 0  # speckle
    binary[(noise > 0.995) & (binary == 0)] = 255  # dropouts in the ink
    return binary, expected([spec])


def no_table() -> Case:
    """Text lines, a lone box around a note, an underline and a frame of one cell: no table."""
    rng = np.random.default_rng(10)
    img = np.full((560, 800), 255, np.uint8)
    for line in range(8):
        for k in range(int(rng.integers(10, 30))):
            glyph(img, 60 + k * 22, 60 + line * 34, 20, rng)
    cv2.rectangle(img, (100, 380), (500, 460), 0, 2)
    for k in range(10):
        glyph(img, 120 + k * 22, 408, 20, rng)
    cv2.line(img, (560, 500), (760, 500), 0, 2)
    return img, {"tables": []}


CASES: dict[str, Callable[[], Case]] = {
    f.__name__: f
    for f in (
        merged_spans,
        faint_broken,
        dashed,
        missing_sides,
        missing_top,
        stray_lines,
        two_tables,
        curved_skewed,
        thick_and_touching,
        fax,
        no_table,
    )
}
