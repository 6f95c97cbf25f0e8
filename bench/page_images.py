"""Stored page images, PNG (before) against JPEG (now): `python -m bench.page_images [--forms N]`.

Prepares the first page of each rendering (scan, photo, fax, clean) of the first N sample forms as
the pipeline does (extraction.prepare.prepare_page: the pixels a page image stores), then encodes it
as the store used to (PNG, compress_level=1) and as it does now (service.batch.render.encode_page,
JPEG quality 90) and prints each encoding's CPU seconds (the thread's, median of --repeats) and
bytes, and the JPEG's mean absolute difference from the pixels (0-255).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

import numpy as np
from PIL import Image

from bench.paths import sample_scans_dir
from extraction.load import open_document
from extraction.prepare import prepare_page
from service.batch.render import encode_page

RENDERINGS = ("scan.jpg", "photo.jpg", "fax.png", "clean.png")


def encode_png(image: Image.Image) -> bytes:
    """What the store wrote before JPEG (service/batch/render.py until 2026-12)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def cpu_and_bytes(
    encode: Callable[[Image.Image], bytes], image: Image.Image, repeats: int
) -> tuple[float, bytes]:
    times, data = [], b""
    for _ in range(repeats):
        start = time.thread_time()
        data = encode(image)
        times.append(time.thread_time() - start)
    return statistics.median(times), data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--forms", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    forms = sorted(p for p in sample_scans_dir().iterdir() if p.is_dir())[: args.forms]
    print(
        f"{'page':<42} {'size':>10} {'png s':>6} {'png MB':>7} {'jpeg s':>6} {'jpeg MB':>7} {'jpeg MAD':>8}"
    )
    for folder in forms:
        for name in RENDERINGS:
            pixels = prepare_page(open_document(folder / name).page(0), 0).image
            image = Image.fromarray(pixels)
            png_s, png = cpu_and_bytes(encode_png, image, args.repeats)
            jpeg_s, jpeg = cpu_and_bytes(encode_page, image, args.repeats)
            decoded = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"), dtype=np.int16)
            mad = float(np.abs(decoded - pixels).mean())
            size = f"{image.width}×{image.height}"
            print(
                f"{folder.name + '/' + name:<42} {size:>10} {png_s:>6.3f} {len(png) / 1e6:>7.2f} "
                f"{jpeg_s:>6.3f} {len(jpeg) / 1e6:>7.2f} {mad:>8.2f}"
            )


if __name__ == "__main__":
    main()
