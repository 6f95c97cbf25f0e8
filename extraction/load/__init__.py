"""Load stage: a file path → its pages as RGB uint8 arrays, with the file's Source record.

The media type comes from the bytes, never from the file name. Every unreadable input (missing,
empty, too large, truncated, corrupt, not an image or PDF, encrypted, too many pages or pixels,
a page no form can have) raises LoadError, whose str() is one line "<path>: <reason>" and whose
`code` says which (the REST API's error codes).

`open_document` checks everything the headers tell (cheap: a 5 KB PDF claiming 50 pages of 80 MP
is refused in milliseconds) and decodes nothing; its `page(i)` decodes one page when asked, so a
document never holds more than one decoded original. `inspect_bytes` is the same check on bytes
already in memory, used where an upload is accepted.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from extraction.load.errors import LoadCode, LoadError, LoadLimits, Unreadable, clean_reason
from extraction.load.pdf import inspect_pdf, render_pdf_page
from extraction.load.pdf_paths import PageRules, PdfPageRead, RenderWanted, read_pdf_page
from extraction.load.pdf_text import PageChars, read_pdf_chars
from extraction.load.raster import decode_raster_page, inspect_raster
from extraction.load.sniff import PDF, describe, sniff
from extraction.office import OFFICE_TYPES, office_media_type, read_office
from extraction.office.render import render_office_page
from extraction.types import PageContent
from models.record import Source

__all__ = [
    "LoadCode",
    "LoadError",
    "LoadLimits",
    "LoadedDocument",
    "OpenedDocument",
    "PageChars",
    "PageRules",
    "Unreadable",
    "clean_reason",
    "inspect_bytes",
    "load_document",
    "open_document",
    "read_regular_file",
]

DEFAULT_LIMITS = LoadLimits()  # frozen: safe to share as a default


class Inspected(BaseModel):
    media_type: str
    sizes: list[tuple[int, int]]  # (width, height) in pixels of each page, as it will be decoded
    office: list[PageContent] | None = None


class OpenedDocument(BaseModel):
    """A file whose headers passed every limit; its pages are decoded on demand, one at a time."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: Source
    data: bytes
    dpi: int
    sizes: list[tuple[int, int]]
    # an office document's pages, read from its cells (no pixels to decode); None for images and PDFs
    office: list[PageContent] | None = None

    def page(self, index: int) -> np.ndarray:
        """Page `index` as RGB uint8, (H, W, 3), upright per EXIF; LoadError for damaged data."""
        media_type = self.source.media_type
        if self.office is not None:  # no printed page: one drawn from the cells, at their bboxes
            return render_office_page(self.office[index])
        try:
            if media_type == PDF:
                return render_pdf_page(self.data, self.dpi, index)
            return decode_raster_page(self.data, media_type, index)
        except Unreadable as e:
            raise LoadError(self.source.path, e.reason, e.code) from e

    def text_layer(self, index: int) -> PageChars | None:
        """Page `index`'s PDF characters with their boxes in page pixels; None for images."""
        if self.source.media_type != PDF:
            return None
        try:
            return read_pdf_chars(self.data, self.dpi, index)
        except Unreadable as e:
            raise LoadError(self.source.path, e.reason, e.code) from e

    def page_and_layers(self, index: int, wanted: RenderWanted | None = None) -> PdfPageRead:
        """`page(index)` with the PDF's characters and vector ruling (page pixels) read alongside,
        from one load of the page; (image, None, None) for images and office documents. A PDF
        page is not rendered (image None) when `wanted(chars, rules)` says its layers suffice."""
        if self.source.media_type != PDF or self.office is not None:
            return self.page(index), None, None
        try:
            return read_pdf_page(self.data, self.dpi, index, wanted)
        except Unreadable as e:
            raise LoadError(self.source.path, e.reason, e.code) from e

    def pages(self) -> Iterator[np.ndarray]:
        """The pages decoded one at a time."""
        for index in range(len(self.sizes)):
            yield self.page(index)


class LoadedDocument(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: Source
    pages: list[np.ndarray]  # RGB uint8, (H, W, 3), upright per EXIF


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes`; FIFOs, devices and sockets are refused
    before anything reads them (opening a FIFO for reading blocks until a writer comes)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as e:
        raise Unreadable("file not found", "not_found") from e
    except PermissionError as e:
        raise Unreadable("permission denied", "unreadable") from e
    except IsADirectoryError as e:
        raise Unreadable("not a regular file", "not_a_file") from e
    except OSError as e:
        raise Unreadable(f"cannot read file ({e.strerror or e})", "unreadable") from e
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Unreadable("not a regular file", "not_a_file")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if info.st_size > max_bytes:
            raise Unreadable(f"file too large: {info.st_size} bytes > limit {max_bytes}", "file_too_large")
        try:
            data = handle.read(max_bytes + 1)  # +1: notice a file that grew since fstat()
        except OSError as e:
            raise Unreadable(f"cannot read file ({e.strerror or e})", "unreadable") from e
    if len(data) > max_bytes:
        raise Unreadable(f"file too large: more than {max_bytes} bytes", "file_too_large")
    return data


def inspect_bytes(data: bytes, limits: LoadLimits = DEFAULT_LIMITS, dpi: int = 300) -> Inspected:
    """Media type and page sizes from the headers, every limit checked; raises Unreadable."""
    if not data:
        raise Unreadable("empty file (0 bytes)", "empty_file")
    if len(data) > limits.max_file_bytes:
        raise Unreadable(f"file too large: more than {limits.max_file_bytes} bytes", "file_too_large")
    media_type = sniff(data[:1024]) or office_media_type(data)
    if media_type is None:
        raise Unreadable(f"not an image or PDF ({describe(data[:1024])})", "unsupported_media_type")
    if media_type in OFFICE_TYPES:
        office = read_office(data, media_type)
        return Inspected(media_type=media_type, sizes=[(p.width, p.height) for p in office], office=office)
    sizes = inspect_pdf(data, limits, dpi) if media_type == PDF else inspect_raster(data, media_type, limits)
    return Inspected(media_type=media_type, sizes=sizes)


def _check_dpi(dpi: int) -> None:
    if not 36 <= dpi <= 1200:
        raise ValueError(f"dpi must be within 36…1200, got {dpi}")


def open_document(path: Path, limits: LoadLimits = DEFAULT_LIMITS, dpi: int = 300) -> OpenedDocument:
    """Read `path` (PNG, JPEG, BMP, WebP, TIFF, PDF rendered at `dpi`) and check it within `limits`."""
    _check_dpi(dpi)
    path = Path(path)
    try:
        data = read_regular_file(path, limits.max_file_bytes)
        inspected = inspect_bytes(data, limits, dpi)
    except Unreadable as e:
        raise LoadError(path, e.reason, e.code) from e
    source = Source(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=len(inspected.sizes),
        media_type=inspected.media_type,
    )
    return OpenedDocument(source=source, data=data, dpi=dpi, sizes=inspected.sizes, office=inspected.office)


def load_document(path: Path, limits: LoadLimits = DEFAULT_LIMITS, dpi: int = 300) -> LoadedDocument:
    """Every page decoded at once (small files, tests); the pipeline uses open_document instead."""
    opened = open_document(path, limits, dpi)
    return LoadedDocument(source=opened.source, pages=list(opened.pages()))
