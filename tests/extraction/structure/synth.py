"""Synthetic ruled tables drawn with OpenCV, with their exact structure, for the golden tests.

A table is a list of row and column edge positions plus merged cells (slot rectangles); every slot
side not inside a merged cell is drawn as a rule. Text is imitated by CJK-like stroke glyphs and
Hershey digits, so the detector meets the dense strokes it meets on real forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

Rect = tuple[int, int, int, int]  # r0, c0, r1, c1 (slots, end exclusive)
Point = tuple[float, float]


@dataclass
class Style:
    ink: int = 0  # rule grey level
    thickness: int = 2
    outer_thickness: int | None = None  # None: like the inner rules
    dash: tuple[int, int] | None = None  # (on, off) pixels
    gaps: float = 0.0  # share of each rule dropped in random short breaks
    gap_len: int = 4  # pixels per break
    draw_outer: tuple[bool, bool, bool, bool] = (True, True, True, True)  # top, right, bottom, left


@dataclass
class TableSpec:
    rows: list[int]  # y of each row edge
    cols: list[int]  # x of each column edge
    merged: list[Rect] = field(default_factory=list)
    style: Style = field(default_factory=Style)
    text: bool = True

    def cells(self) -> list[Rect]:
        """Every cell as a slot rectangle, merged ones once, in reading order."""
        covered = {(r, c) for r0, c0, r1, c1 in self.merged for r in range(r0, r1) for c in range(c0, c1)}
        single = [
            (r, c, r + 1, c + 1)
            for r in range(len(self.rows) - 1)
            for c in range(len(self.cols) - 1)
            if (r, c) not in covered
        ]
        return sorted([*single, *self.merged])

    def owner(self) -> dict[tuple[int, int], Rect]:
        return {
            (r, c): rect
            for rect in self.cells()
            for r in range(rect[0], rect[2])
            for c in range(rect[1], rect[3])
        }


def rules(spec: TableSpec) -> list[tuple[Point, Point, bool]]:
    """Rule segments (start, end, outer) between slots that belong to different cells."""
    owner = spec.owner()
    n_r, n_c = len(spec.rows) - 1, len(spec.cols) - 1
    top, right, bottom, left = spec.style.draw_outer
    out: list[tuple[Point, Point, bool]] = []
    for i, y in enumerate(spec.rows):
        for j in range(n_c):
            outer = i in (0, n_r)
            if (i == 0 and not top) or (i == n_r and not bottom):
                continue
            if not outer and owner[(i - 1, j)] == owner[(i, j)]:
                continue
            out.append(((spec.cols[j], y), (spec.cols[j + 1], y), outer))
    for j, x in enumerate(spec.cols):
        for i in range(n_r):
            outer = j in (0, n_c)
            if (j == 0 and not left) or (j == n_c and not right):
                continue
            if not outer and owner[(i, j - 1)] == owner[(i, j)]:
                continue
            out.append(((x, spec.rows[i]), (x, spec.rows[i + 1]), outer))
    return out


def draw_rule(
    img: np.ndarray, a: Point, b: Point, style: Style, outer: bool, rng: np.random.Generator
) -> None:
    thickness = style.outer_thickness if outer and style.outer_thickness else style.thickness
    length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
    # pieces along the rule: dashes, or the whole rule with random breaks
    pieces: list[tuple[float, float]] = []
    if style.dash:
        on, off = style.dash
        t = 0.0
        while t < length:
            pieces.append((t, min(length, t + on)))
            t += on + off
    else:
        pieces = [(0.0, length)]
        if style.gaps:
            n = max(1, int(length * style.gaps / style.gap_len))
            for _ in range(n):
                g0 = float(rng.uniform(0.1, 0.9)) * length
                pieces = [p for q in pieces for p in _cut(q, g0, g0 + style.gap_len)]
    for t0, t1 in pieces:
        p0 = (a[0] + (b[0] - a[0]) * t0 / length, a[1] + (b[1] - a[1]) * t0 / length)
        p1 = (a[0] + (b[0] - a[0]) * t1 / length, a[1] + (b[1] - a[1]) * t1 / length)
        cv2.line(img, _pt(p0), _pt(p1), int(style.ink), thickness, cv2.LINE_AA)


def _cut(piece: tuple[float, float], g0: float, g1: float) -> list[tuple[float, float]]:
    lo, hi = piece
    if g1 <= lo or g0 >= hi:
        return [piece]
    return [p for p in ((lo, g0), (g1, hi)) if p[1] - p[0] > 1]


def _pt(p: Point) -> tuple[int, int]:
    return round(p[0]), round(p[1])


def glyph(img: np.ndarray, x: int, y: int, size: int, rng: np.random.Generator) -> None:
    """A CJK-like character in a size×size box: a full-height stroke that most others touch (so
    that, like most characters, it is one blob) and a loose dot or stroke now and then."""
    w = max(1, size // 12)
    spine = x + round(float(rng.uniform(0.3, 0.7)) * size)
    cv2.line(img, (spine, y), (spine, y + size), 30, w, cv2.LINE_AA)
    for _ in range(int(rng.integers(2, 6))):
        yy = y + round(float(rng.uniform(0.05, 0.95)) * size)
        a, b = sorted(rng.uniform(0.0, 1.0, 2) * size)
        x0, x1 = x + round(float(min(a, spine - x))), x + round(float(max(b, spine - x)))
        cv2.line(img, (x0, yy), (x1, yy), 30, w, cv2.LINE_AA)
    if rng.random() < 0.5:
        px, py = x + round(float(rng.uniform(0, 0.8)) * size), y + round(float(rng.uniform(0, 0.8)) * size)
        cv2.line(img, (px, py), (px + size // 5, py + size // 5), 30, w, cv2.LINE_AA)


def fill_text(img: np.ndarray, spec: TableSpec, size: int, rng: np.random.Generator) -> None:
    """A line of glyphs (or a number) in most cells, padded from the rules."""
    for r0, c0, r1, c1 in spec.cells():
        x0, x1 = spec.cols[c0], spec.cols[c1]
        y0, y1 = spec.rows[r0], spec.rows[r1]
        if rng.random() < 0.15 or x1 - x0 < size * 1.6 or y1 - y0 < size * 1.3:
            continue
        y = (y0 + y1) // 2 - size // 2
        if rng.random() < 0.3:
            digits = str(int(rng.integers(1, 99999)))
            cv2.putText(img, digits, (x0 + size // 2, y + size), cv2.FONT_HERSHEY_SIMPLEX, size / 28, 20, 2)
            continue
        n = int(min((x1 - x0 - size) // (size + 2), rng.integers(1, 8)))
        for k in range(n):
            glyph(img, x0 + size // 2 + k * (size + 2), y, size, rng)


def render(size: tuple[int, int], specs: Sequence[TableSpec], seed: int, text_size: int = 20) -> np.ndarray:
    """White page (h, w) with the tables drawn."""
    rng = np.random.default_rng(seed)
    img = np.full(size, 255, np.uint8)
    for spec in specs:
        for a, b, outer in rules(spec):
            draw_rule(img, a, b, spec.style, outer, rng)
        if spec.text:
            fill_text(img, spec, text_size, rng)
    return img


def expected(specs: Sequence[TableSpec], warp: Callable[[Point], Point] | None = None) -> dict[str, object]:
    """The structure drawn: per table, its cells with spans and boxes (mapped through `warp`)."""
    tables = []
    for spec in specs:
        cells = []
        for r0, c0, r1, c1 in spec.cells():
            corners = [(spec.cols[c], spec.rows[r]) for r in (r0, r1) for c in (c0, c1)]
            pts = [warp(p) if warp else p for p in corners]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = [round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]
            cells.append({"row": r0, "col": c0, "row_span": r1 - r0, "col_span": c1 - c0, "bbox": box})
        tables.append({"n_rows": len(spec.rows) - 1, "n_cols": len(spec.cols) - 1, "cells": cells})
    return {"tables": tables}
