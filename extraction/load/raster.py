"""Raster images (PNG, JPEG, BMP, WebP, TIFF of any page count and bit depth) → RGB uint8 pages."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PIL import Image, ImageOps

from extraction.load.errors import LoadLimits, Unreadable
from extraction.load.sniff import RASTER_FORMATS

# What Pillow raises on damaged data. Anything else is a bug here and propagates as itself.
# Pillow's decoders signal corrupt input with any of these (TypeError: a TIFF page without dimensions).
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    EOFError,
    struct.error,
    zlib.error,
    KeyError,
    IndexError,
)
_HIGH_DEPTH = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")
_ALPHA = ("RGBA", "LA", "PA", "RGBa", "La")


def check_pages(count: int, limits: LoadLimits) -> None:
    if count > limits.max_pages:
        raise Unreadable(f"too many pages: {count} > limit {limits.max_pages}", "too_many_pages")


def check_sizes(sizes: list[tuple[int, int]], limits: LoadLimits) -> None:
    """Every page within the pixel and shape limits, and the document within its pixel budget."""
    total = 0
    for page, (width, height) in enumerate(sizes):
        pixels = width * height
        if pixels > limits.max_pixels:
            raise Unreadable(
                f"too many pixels: page {page + 1} is {width}×{height} = {pixels} px "
                f"> limit {limits.max_pixels}",
                "too_many_pixels",
            )
        if min(width, height) < 1 or max(width, height) > limits.max_aspect * min(width, height):
            raise Unreadable(
                f"page {page + 1} is {width}×{height} px: its sides differ more than "
                f"{limits.max_aspect:g}× (not a form page)",
                "bad_page_shape",
            )
        total += pixels
        if total > limits.max_total_pixels:
            raise Unreadable(
                f"too many pixels: pages 1-{page + 1} hold {total} px > limit "
                f"{limits.max_total_pixels} per document",
                "too_many_pixels",
            )


def _scale_to_u8(values: np.ndarray) -> np.ndarray:
    """16/32-bit integer or float samples → 0…255 (Pillow's convert("L") clips them instead)."""
    data = values.astype(np.float64)
    top = float(data.max()) if data.size else 0.0
    if values.dtype.kind == "f" and top <= 1.0:
        scale = 255.0
    elif top <= 255:
        scale = 1.0
    elif top <= 65535:
        scale = 255.0 / 65535.0
    else:
        scale = 255.0 / top
    return np.clip(np.rint(data * scale), 0, 255).astype(np.uint8)


def to_rgb(image: Image.Image) -> np.ndarray:
    """The current frame upright (EXIF orientation) as an owned RGB uint8 array."""
    image = ImageOps.exif_transpose(image)
    if image.mode in _HIGH_DEPTH:
        gray = _scale_to_u8(np.asarray(image))
        return np.repeat(gray[:, :, None], 3, axis=2)
    if image.mode in _ALPHA or "transparency" in image.info:
        # transparent background of a scan is paper: composite on white, not black
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        paper.alpha_composite(rgba)
        image = paper
    if image.mode != "RGB":
        image = image.convert("RGB")  # 1-bit, L, P, CMYK, YCbCr, LAB
    return np.array(image, dtype=np.uint8)


def _reason(error: BaseException) -> str:
    message = str(error) or type(error).__name__
    if "cannot identify image file" in message:
        return "corrupt image (not a readable image of its type)"
    if "truncated" in message.lower():
        return f"truncated image ({message})"
    return f"corrupt image ({message})"


@contextmanager
def _opened(data: bytes, media_type: str) -> Iterator[Image.Image]:
    """The image, lazily (headers only); Pillow's errors become Unreadable."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1× and 2× its MAX_IMAGE_PIXELS: make that an error too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[RASTER_FORMATS[media_type]]) as image:
                yield image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise Unreadable(f"too many pixels ({e})", "too_many_pixels") from e
    except DECODE_ERRORS as e:
        raise Unreadable(_reason(e)) from e


def _frames(image: Image.Image, media_type: str) -> int:
    # only TIFF pages are document pages (an animated WebP/PNG's frames are not)
    return getattr(image, "n_frames", 1) if media_type == "image/tiff" else 1


def inspect_raster(data: bytes, media_type: str, limits: LoadLimits) -> list[tuple[int, int]]:
    """Page sizes from the headers alone (nothing decoded), within `limits`."""
    with _opened(data, media_type) as image:
        count = _frames(image, media_type)
        check_pages(count, limits)
        sizes = []
        for index in range(count):
            image.seek(index)
            sizes.append((image.width, image.height))
        check_sizes(sizes, limits)
        return sizes


def decode_raster_page(data: bytes, media_type: str, index: int) -> np.ndarray:
    """Page `index` decoded (call inspect_raster first: it enforces the limits)."""
    with _opened(data, media_type) as image:
        image.seek(index)
        return to_rgb(image)
