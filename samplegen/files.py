"""Image, TIFF and PDF writers with fixed parameters, so regenerated files are byte-stable."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image

Fmt = Literal["png", "jpg", "fax"]

JPEG_QUALITY = {"scan": 80, "photo": 80, "seal": 82, "rotated": 82}
TIFF_COMPRESSION = {"png": "tiff_deflate", "jpg": "jpeg", "fax": "group4"}
PDF_INFO: dict[str, Any] = {"creationDate": None, "modDate": None, "producer": "formtally samplegen"}


def pil(arr: np.ndarray, fmt: Fmt) -> Image.Image:
    img = Image.fromarray(arr)
    return img.convert("1", dither=Image.Dither.NONE) if fmt == "fax" else img


def save_single(path: Path, arr: np.ndarray, fmt: Fmt, quality: int, dpi: int) -> None:
    img = pil(arr, fmt)
    if fmt == "jpg":
        img.save(path, format="JPEG", quality=quality, dpi=(dpi, dpi))
    else:
        img.save(path, format="PNG", dpi=(dpi, dpi), compress_level=9)


def save_tiff(path: Path, pages: list[np.ndarray], fmt: Fmt, quality: int, dpi: int) -> None:
    imgs = [pil(p, fmt) for p in pages]
    # RGB JPEG-in-TIFF is stored without chroma subsampling, so it gets a lower quality setting
    rgb = pages[0].ndim == 3
    extra: dict[str, Any] = {"quality": min(quality, 70) if rgb else quality} if fmt == "jpg" else {}
    imgs[0].save(
        path,
        format="TIFF",
        save_all=True,
        append_images=imgs[1:],
        compression=TIFF_COMPRESSION[fmt],
        dpi=(dpi, dpi),
        **extra,
    )


def save_pdf(path: Path, pages: list[np.ndarray], dpi: int) -> None:
    imgs = [Image.fromarray(p) for p in pages]
    imgs[0].save(
        path,
        format="PDF",
        save_all=True,
        append_images=imgs[1:],
        resolution=float(dpi),
        quality=85,
        title="项目支出绩效自评表 sample",
        **PDF_INFO,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
