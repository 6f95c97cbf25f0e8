"""A phone photo of the printed page: perspective, a desk around it, uneven light with a shadow,
a colour cast, slight blur. Readable, as a reviewer would accept it."""

from __future__ import annotations

import cv2
import numpy as np

from samplegen.degrade import Rng, Transform, _finish, _low_freq

CASTS = {
    "warm": (1.0, 0.95, 0.84),  # incandescent office light
    "cool": (0.9, 0.96, 1.0),  # daylight through a window
    "green": (0.95, 1.0, 0.92),  # fluorescent tube
}


def _desk(rng: Rng, h: int, w: int) -> np.ndarray:
    base = np.array(rng.choice([[105, 82, 60], [150, 140, 128], [70, 72, 80]]), dtype=np.float32)
    grain = (_low_freq(rng, (h, w), cells=24) - 0.5) * 30
    return base[None, None, :] + grain[:, :, None]


def photo(page: np.ndarray, rng: Rng) -> tuple[np.ndarray, Transform]:
    h, w = page.shape
    margin = np.array([w, h], dtype=np.float32) * 0.06
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    inner = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float32) * margin
    jitter = rng.uniform(-0.045, 0.045, size=(4, 2)).astype(np.float32) * np.array([w, h], dtype=np.float32)
    dst = src + inner + jitter
    m = cv2.getPerspectiveTransform(src, dst)
    paper = np.float32(rng.uniform(225, 240))
    flat = paper - (255.0 - page.astype(np.float32)) / 255.0 * (paper - 35)
    warped = cv2.warpPerspective(flat, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(0.0,))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    img = _desk(rng, h, w) * (1 - mask[:, :, None]) + warped[:, :, None] * mask[:, :, None]
    # light: a gradient from the window side plus a soft shadow of the phone/hand
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = float(rng.uniform(0, 2 * np.pi))
    grad = (np.cos(ang) * (xx / w - 0.5) + np.sin(ang) * (yy / h - 0.5)) * float(rng.uniform(0.2, 0.32))
    cx, cy = float(rng.uniform(0.1, 0.9)) * w, float(rng.choice([0.1, 0.9])) * h
    r = float(rng.uniform(0.35, 0.5)) * w
    shadow = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))) * float(rng.uniform(0.15, 0.25))
    light = np.clip(1.0 + grad - shadow, 0.55, 1.15)
    cast_name = str(rng.choice(list(CASTS)))
    cast = np.array(CASTS[cast_name], dtype=np.float32)
    img = img * light[:, :, None] * cast[None, None, :]
    img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.8, 1.2)))
    img += rng.normal(0, 3.0, size=img.shape).astype(np.float32)
    t = {
        "kind": "photo",
        "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in dst],
        "corners_order": "clean page corners TL, TR, BR, BL mapped to these points",
        "matrix": [[round(float(v), 9) for v in row] for row in m],
        "colour_cast": cast_name,
        "dpi": 300,
    }
    return _finish(img), t
