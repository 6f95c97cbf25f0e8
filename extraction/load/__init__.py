"""Load stage: a file path → its pages as RGB uint8 arrays, with the file's Source record.

The media type comes from the bytes, never from the file name. Every unreadable input (missing,
empty, too large, truncated, corrupt, not an image or PDF, encrypted, too many pages or pixels)
raises LoadError, whose str() is one line "<path>: <reason>".
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from extraction.load.errors import LoadError, LoadLimits, Unreadable
from extraction.load.pdf import decode_pdf
from extraction.load.raster import decode_raster
from extraction.load.sniff import PDF, describe, sniff
from models.record import Source

__all__ = ["LoadError", "LoadLimits", "LoadedDocument", "load_document"]

DEFAULT_LIMITS = LoadLimits()  # frozen: safe to share as a default


class LoadedDocument(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: Source
    pages: list[np.ndarray]  # RGB uint8, (H, W, 3), upright per EXIF


def _read(path: Path, limits: LoadLimits) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file")
        if info.st_size > limits.max_file_bytes:
            raise Unreadable(f"file too large: {info.st_size} bytes > limit {limits.max_file_bytes}")
        with path.open("rb") as f:
            data = f.read(limits.max_file_bytes + 1)  # +1: notice a file that grew since stat()
    except FileNotFoundError as e:
        raise Unreadable("file not found") from e
    except PermissionError as e:
        raise Unreadable("permission denied") from e
    except OSError as e:
        raise Unreadable(f"cannot read file ({e.strerror or e})") from e
    if len(data) > limits.max_file_bytes:
        raise Unreadable(f"file too large: more than {limits.max_file_bytes} bytes")
    if not data:
        raise Unreadable("empty file (0 bytes)")
    return data


def load_document(path: Path, limits: LoadLimits = DEFAULT_LIMITS, dpi: int = 300) -> LoadedDocument:
    """Read `path` (PNG, JPEG, BMP, WebP, TIFF, PDF rendered at `dpi`) within `limits`."""
    if not 36 <= dpi <= 1200:
        raise ValueError(f"dpi must be within 36…1200, got {dpi}")
    path = Path(path)
    try:
        data = _read(path, limits)
        media_type = sniff(data[:1024])
        if media_type is None:
            raise Unreadable(f"not an image or PDF ({describe(data[:1024])})")
        if media_type == PDF:
            pages = decode_pdf(data, limits, dpi)
        else:
            pages = decode_raster(data, media_type, limits)
    except Unreadable as e:
        raise LoadError(path, e.reason) from e
    source = Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=len(pages),
        media_type=media_type,
    )
    return LoadedDocument(source=source, pages=pages)
