"""Small image conversions shared by the engines (they take gray or RGB uint8, models want BGR)."""

from __future__ import annotations

import cv2
import numpy as np

from extraction.ocr.types import Box


def check_image(image: np.ndarray) -> None:
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] != 3):
        raise ValueError(
            f"expected a uint8 gray (H, W) or RGB (H, W, 3) image, got {image.dtype} {image.shape}"
        )


def to_gray(image: np.ndarray) -> np.ndarray:
    check_image(image)
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def to_bgr(image: np.ndarray) -> np.ndarray:
    """Contiguous BGR copy: the PaddleOCR-family models were trained on cv2.imread (BGR) images."""
    check_image(image)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(image, cv2.COLOR_RGB2BGR)


def quad_to_box(points: np.ndarray, width: int, height: int) -> Box:
    """Axis-aligned box around a detected quadrilateral, clipped to the image."""
    xs, ys = points[:, 0], points[:, 1]
    x0 = int(np.clip(np.floor(xs.min()), 0, width))
    y0 = int(np.clip(np.floor(ys.min()), 0, height))
    x1 = int(np.clip(np.ceil(xs.max()), 0, width))
    y1 = int(np.clip(np.ceil(ys.max()), 0, height))
    return x0, y0, x1, y1


def shift(box: Box, dx: int, dy: int) -> Box:
    return box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy


def reading_order(boxes: list[Box]) -> list[int]:
    """Indices of `boxes` top→bottom, then left→right within a row (boxes overlapping vertically)."""
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1] + boxes[i][3]) / 2)
    rows: list[list[int]] = []
    for i in order:
        y0, y1 = boxes[i][1], boxes[i][3]
        if rows:
            last = rows[-1]
            ry0 = min(boxes[j][1] for j in last)
            ry1 = max(boxes[j][3] for j in last)
            overlap = min(y1, ry1) - max(y0, ry0)
            if overlap > 0.5 * min(y1 - y0, ry1 - ry0):
                last.append(i)
                continue
        rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda j: boxes[j][0])]


def join_lines(texts: list[str]) -> str:
    """Join lines without spaces (Chinese wraps mid-word), except between two Latin words."""
    out = ""
    for text in (t.strip() for t in texts):
        if not text:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and text[0].isascii() and text[0].isalpha():
            out += " "
        out += text
    return out


def ink_extent(image: np.ndarray, margin: int = 16) -> Box | None:
    """Bounding box of the dark pixels (plus `margin`), or None for a blank image: detection over
    a page-wide band costs seconds even where it is blank (measured 1.8 s CPU, nothing found)."""
    gray = to_gray(image)
    dark = gray < min(170.0, float(np.percentile(gray, 90)) - 60.0)
    rows = np.flatnonzero(dark.sum(axis=1) >= 2)  # a lone noisy pixel doesn't count
    cols = np.flatnonzero(dark.sum(axis=0) >= 2)
    if rows.size == 0 or cols.size == 0:
        return None
    height, width = gray.shape
    return (
        max(0, int(cols[0]) - margin),
        max(0, int(rows[0]) - margin),
        min(width, int(cols[-1]) + 1 + margin),
        min(height, int(rows[-1]) + 1 + margin),
    )
