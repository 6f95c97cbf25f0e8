"""Raster images (PNG, JPEG, BMP, WebP, TIFF of any page count and bit depth) → RGB uint8 pages."""

from __future__ import annotations

import io
import struct
import warnings
import zlib

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


def check_pixels(width: int, height: int, page: int, limits: LoadLimits) -> None:
    if width * height > limits.max_pixels:
        raise Unreadable(
            f"too many pixels: page {page + 1} is {width}×{height} = {width * height} px "
            f"> limit {limits.max_pixels}"
        )


def check_pages(count: int, limits: LoadLimits) -> None:
    if count > limits.max_pages:
        raise Unreadable(f"too many pages: {count} > limit {limits.max_pages}")


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
    if "truncated" in message.lower():
        return f"truncated image ({message})"
    return f"corrupt image ({message})"


def decode_raster(data: bytes, media_type: str, limits: LoadLimits) -> list[np.ndarray]:
    pil_format = RASTER_FORMATS[media_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1× and 2× its MAX_IMAGE_PIXELS: make that an error too
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                # only TIFF pages are document pages (an animated WebP/PNG's frames are not)
                count = getattr(image, "n_frames", 1) if pil_format == "TIFF" else 1
                check_pages(count, limits)
                pages = []
                for index in range(count):
                    image.seek(index)
                    check_pixels(image.width, image.height, index, limits)  # header only: not decoded yet
                    pages.append(to_rgb(image))
                return pages
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise Unreadable(f"too many pixels ({e})") from e
    except DECODE_ERRORS as e:
        raise Unreadable(_reason(e)) from e
