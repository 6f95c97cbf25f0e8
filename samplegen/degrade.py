"""Degradations that turn a clean page into what a scanner, a phone, a fax or a careless feeder
makes of it. Each returns the new image and the transform from clean to rendered pixels (a 3×3
matrix plus the parameters drawn), so the truth boxes can be mapped onto any rendering."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

Transform = dict[str, Any]
Rng = np.random.Generator


def _ink(page: np.ndarray, paper: float, ink: float) -> np.ndarray:
    """Map clean white/black to a paper tone and a toner tone (float)."""
    return paper - (255.0 - page.astype(np.float32)) / 255.0 * (paper - ink)


def _finish(img: np.ndarray) -> np.ndarray:
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def _affine3(m: np.ndarray) -> list[list[float]]:
    full = np.vstack([m, [0.0, 0.0, 1.0]])
    return [[round(float(v), 6) for v in row] for row in full]


def _low_freq(rng: Rng, shape: tuple[int, int], cells: int = 6) -> np.ndarray:
    """Smooth random field in [0, 1]: a tiny noise grid scaled up."""
    small = rng.random((cells, cells)).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


def scan(page: np.ndarray, rng: Rng) -> tuple[np.ndarray, Transform]:
    h, w = page.shape
    angle = float(rng.uniform(0.4, 3.0) * rng.choice([-1.0, 1.0]))
    scale = float(rng.uniform(0.965, 0.99))
    paper = float(rng.uniform(232, 246))
    m = np.asarray(cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale), dtype=np.float64)
    m[:, 2] += rng.uniform(-15, 15, size=2)
    ink = _ink(page, paper, float(rng.uniform(20, 45)))
    warped = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(paper,))
    img = np.asarray(cv2.GaussianBlur(warped, (0, 0), float(rng.uniform(0.5, 0.9))), dtype=np.float32)
    img -= (_low_freq(rng, (h, w)) - 0.5) * 8  # uneven paper tone
    for _ in range(int(rng.integers(1, 4))):  # toner streaks along the feed direction
        x = int(rng.integers(0, w - 12))
        width = int(rng.integers(2, 9))
        strength = float(rng.uniform(10, 30))
        profile = 0.6 + 0.4 * _low_freq(rng, (h, 1), cells=8)[:, :1]
        img[:, x : x + width] -= strength * profile
    img += np.asarray(rng.normal(0, 3.0, size=img.shape), dtype=np.float32)
    t = {"kind": "scan", "skew_deg": round(angle, 3), "skew_direction": "counterclockwise",
         "scale": round(scale, 4), "matrix": _affine3(m), "dpi": 300}  # fmt: skip
    return _finish(img), t


def rotated(page: np.ndarray, rng: Rng, quarter_turns: int) -> tuple[np.ndarray, Transform]:
    """A page fed sideways or upside down: scanner tones, then a clockwise rotation."""
    h, w = page.shape
    img = _ink(page, float(rng.uniform(236, 248)), float(rng.uniform(20, 40)))
    img = cv2.GaussianBlur(img, (0, 0), 0.6)  # no grain: this rendering is about orientation
    out = np.ascontiguousarray(np.rot90(_finish(img), k=-quarter_turns))
    mats = {
        1: [[0, -1, h - 1], [1, 0, 0], [0, 0, 1]],
        2: [[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]],
        3: [[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]],
    }
    matrix = [[float(v) for v in row] for row in mats[quarter_turns]]
    return out, {"kind": "rotated", "rotation": 90 * quarter_turns, "rotation_direction": "clockwise",
                 "matrix": matrix, "dpi": 300}  # fmt: skip


def fax(page: np.ndarray, rng: Rng) -> tuple[np.ndarray, Transform]:
    """≈200 dpi, thresholded to 1 bit with ragged edges and speckle."""
    h, w = page.shape
    s = 200 / 300
    size = (round(w * s), round(h * s))
    img = cv2.resize(page, size, interpolation=cv2.INTER_AREA).astype(np.float32)
    img += np.asarray(rng.normal(0, 22, size=img.shape), dtype=np.float32)
    bw = (img > 150).astype(np.uint8)
    n = int(rng.integers(250, 600))
    ys, xs = rng.integers(0, size[1] - 2, n), rng.integers(0, size[0] - 2, n)
    for y, x in zip(ys, xs, strict=True):
        bw[y : y + int(rng.integers(1, 3)), x : x + int(rng.integers(1, 3))] = 0
    for _ in range(int(rng.integers(1, 3))):  # a thin dropout line from the transmission
        y = int(rng.integers(0, size[1]))
        bw[y, :] = np.maximum(bw[y, :], (rng.random(size[0]) < 0.7).astype(np.uint8))
    matrix = [[s, 0.0, 0.0], [0.0, s, 0.0], [0.0, 0.0, 1.0]]
    return bw * 255, {"kind": "fax", "scale": round(s, 6), "matrix": matrix, "dpi": 200, "bits": 1}
