"""Accuracy and speed of page preparation on synthetic pages with known transforms.

    .venv/bin/python tests/extraction/prepare/measure_prepare.py [--n 48] [--size 1240x1754]

Per page: recovered rotation, residual skew of the table's top and bottom edges after preparation
(degrees), table corners' distance from an upright rectangle (fraction of the page's long side).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from prepare_synth import SynthPage, font_path, jpeg, photograph, render_form, rotate90, shade, skew

from extraction.prepare import PrepareOptions, estimate_orientation, prepare_page


def make_case(i: int, size: tuple[int, int]) -> tuple[str, SynthPage, int, float | None]:
    rng = np.random.default_rng(1000 + i)
    font = font_path() if i % 2 else None
    page = render_form(*size, seed=i, font=font, pen=i % 3 == 0)
    k = i % 4
    page = rotate90(page, k)
    angle = float(rng.uniform(-5, 5))
    page = skew(page, angle)
    kind = "photo" if i % 5 == 4 else "scan"
    if kind == "photo":
        w, h = page.image.shape[1], page.image.shape[0]
        offsets = rng.uniform(-0.06, 0.06, (4, 2)) * np.array([w, h])
        page = shade(photograph(page, offsets))
        angle_truth = None
    else:
        angle_truth = angle
        if i % 3 == 1:
            page = shade(page, 0.7)
    page = jpeg(page, 75)
    name = f"{i:03d} {'font' if font else 'blocks'} rot{k * 90} {kind}"
    return name, page, (k * 90) % 360, angle_truth


def corner_metrics(corners: np.ndarray, transform: np.ndarray, size: tuple[int, int]) -> tuple[float, float]:
    """Residual skew (degrees, mean of top and bottom edges) and max corner offset from a rectangle."""
    c = cv2.perspectiveTransform(corners.reshape(-1, 1, 2).astype(np.float64), transform).reshape(-1, 2)
    # Corners were tracked through the 90° turns too: sort them back into tl, tr, br, bl.
    s, d = c.sum(axis=1), c[:, 0] - c[:, 1]
    tl, tr, br, bl = c[np.argmin(s)], c[np.argmax(d)], c[np.argmax(s)], c[np.argmin(d)]
    top = np.degrees(np.arctan2(tr[1] - tl[1], tr[0] - tl[0]))
    bottom = np.degrees(np.arctan2(br[1] - bl[1], br[0] - bl[0]))
    x0, x1 = (tl[0] + bl[0]) / 2, (tr[0] + br[0]) / 2
    y0, y1 = (tl[1] + tr[1]) / 2, (bl[1] + br[1]) / 2
    rect = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    offset = float(np.max(np.abs(np.array([tl, tr, br, bl]) - rect))) / max(size)
    return float((top + bottom) / 2), offset


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=48)
    parser.add_argument("--size", default="1240x1754")
    parser.add_argument("--classifier", default="auto", choices=["auto", "always", "never"])
    parser.add_argument("--work", type=int, default=PrepareOptions().work_long_side)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    width, height = (int(v) for v in args.size.split("x"))
    options = PrepareOptions(direction_classifier=args.classifier, work_long_side=args.work)
    orient_ok, skew_err, offsets, times = 0, [], [], []
    methods: dict[str, int] = {}
    for i in range(args.n):
        name, page, rotation, angle = make_case(i, (width, height))
        start = time.perf_counter()
        prepared = prepare_page(page.image, i, options)
        times.append(time.perf_counter() - start)
        method = estimate_orientation(page.image, options).method
        methods[method] = methods.get(method, 0) + 1
        ok = prepared.info.rotation == rotation
        orient_ok += ok
        residual, offset = corner_metrics(page.corners, prepared.transform, prepared.image.shape[1::-1])
        if ok:
            skew_err.append(abs(residual))
            offsets.append(offset)
        print(
            f"{name:28s} rot {prepared.info.rotation:3d}{'' if ok else ' WRONG'} skew {prepared.info.skew_deg:6.2f}"
            f" (truth {'-' if angle is None else f'{angle:5.2f}'}) residual {residual:6.3f}° corners {offset:.4f}"
            f" persp {prepared.info.perspective_corrected} marks {[a.kind for a in prepared.info.annotations]}"
            f" {times[-1]:.3f}s"
        )
    print(f"orientation {orient_ok}/{args.n} ({methods})")
    print(f"residual skew: mean {np.mean(skew_err):.3f}°, max {np.max(skew_err):.3f}°")
    print(f"corner offset: mean {np.mean(offsets):.4f}, max {np.max(offsets):.4f} of the long side")
    print(f"time per page: median {np.median(times):.3f}s, max {np.max(times):.3f}s")


if __name__ == "__main__":
    main()
