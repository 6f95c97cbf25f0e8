"""A red round 公章: ring, five-pointed star, the unit's name along the upper arc; stamped
translucent (multiply) with uneven ink over the unit name or the total."""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samplegen.degrade import Rng, Transform, _low_freq
from samplegen.fonts import font

SEAL_D = 470  # px: a 4 cm seal at 300 dpi
RED = np.array([205.0, 28.0, 38.0], dtype=np.float32)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.382
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def seal_mask(text: str, rng: Rng) -> np.ndarray:
    """Ink coverage in [0, 1] of a seal of diameter SEAL_D."""
    d = SEAL_D
    img = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(img)
    draw.ellipse((6, 6, d - 6, d - 6), outline=255, width=14)
    draw.polygon(_star(d / 2, d / 2, d * 0.17), fill=255)
    f = font("hei_bold", 56)
    n = len(text)
    span = min(250.0, 22.0 * n)  # degrees of arc the name takes
    radius = d / 2 - 62
    for k, ch in enumerate(text):
        a = math.radians(-90 - span / 2 + span * (k + 0.5) / n)
        glyph = Image.new("L", (70, 70), 0)
        ImageDraw.Draw(glyph).text((35, 35), ch, font=f, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        x = d / 2 + radius * math.cos(a) - 35
        y = d / 2 + radius * math.sin(a) - 35
        img.paste(255, (round(x), round(y)), glyph)
    flat = np.asarray(img, dtype=np.float32) / 255.0
    mask = cv2.warpAffine(  # the seal is never stamped quite straight
        flat, cv2.getRotationMatrix2D((d / 2, d / 2), float(rng.uniform(-18, 18)), 1.0), (d, d)
    )
    texture = 0.55 + 0.45 * _low_freq(rng, (d, d), cells=9)
    return np.clip(mask * texture, 0, 1)


def stamp(
    page: np.ndarray, rng: Rng, text: str, center: tuple[int, int] | None
) -> tuple[np.ndarray, Transform]:
    """Colour page (RGB uint8) with the seal multiplied in at `center` (None: a page without it)."""
    rgb = np.repeat(page[:, :, None].astype(np.float32), 3, axis=2)
    identity = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    t: Transform = {"kind": "seal", "matrix": identity, "dpi": 300}
    if center is None:
        return np.clip(rgb + 0.5, 0, 255).astype(np.uint8), t
    mask = seal_mask(text, rng) * float(rng.uniform(0.7, 0.85))
    d = SEAL_D
    x0, y0 = center[0] - d // 2, center[1] - d // 2
    h, w = page.shape
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(w, x0 + d), min(h, y0 + d)
    m = mask[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0, None]
    region = rgb[sy0:sy1, sx0:sx1]
    rgb[sy0:sy1, sx0:sx1] = region * (1 - m + m * RED[None, None, :] / 255.0)
    t["seal"] = {"bbox": [sx0, sy0, sx1, sy1], "text": text}
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8), t
