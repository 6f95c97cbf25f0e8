"""PDF pages rendered with PDFium (pypdfium2) → RGB uint8 pages, one page at a time."""

from __future__ import annotations

import ctypes
import math
import re
import threading
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extraction.load.errors import LoadLimits, Unreadable
from extraction.load.raster import check_pages, check_sizes

_NO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")

# PDFium is not thread-safe: one document operation at a time per process (workers are processes).
PDFIUM_LOCK = threading.Lock()
T = TypeVar("T")


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        # PDFium's last-error code is stale when a load fails without setting one (seen here: a
        # zero-page file reported the previous file's password error), so require an /Encrypt entry.
        encrypted = b"/Encrypt" in data
        if encrypted and e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise Unreadable("encrypted PDF (password required)", "encrypted_pdf") from e
        if encrypted and e.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise Unreadable("encrypted PDF (unsupported security handler)", "encrypted_pdf") from e
        if _NO_PAGES.search(data):  # PDFium calls a page tree without pages a format error
            raise Unreadable("PDF has no pages") from e
        if e.err_code in (pdfium_c.FPDF_ERR_FORMAT, pdfium_c.FPDF_ERR_FILE):
            raise Unreadable(f"corrupt PDF ({e})") from e
        raise Unreadable("corrupt PDF (PDFium could not load its structure)") from e


def render_page(page: pdfium.PdfPage, scale: float) -> np.ndarray:
    """An open page rendered at `scale` pixels per point, RGB uint8.

    PDFium paints straight into the array returned: a ctypes-allocated bitmap is zeroed on
    creation and has to be copied out before it is freed, together a quarter of the render's CPU time
    on an A4 page at 300 dpi."""
    pixels: list[np.ndarray] = []

    def into_array(width: int, height: int, format: int, rev_byteorder: bool) -> pdfium.PdfBitmap:
        if format != pdfium_c.FPDFBitmap_BGR:  # another layout was asked for: PDFium's own buffer
            return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder=rev_byteorder)
        array = np.empty((height, width, 3), np.uint8)
        pixels.append(array)
        buffer = (ctypes.c_ubyte * array.size).from_address(array.ctypes.data)  # `pixels` keeps it alive
        return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder=rev_byteorder, buffer=buffer)

    # RGB byte order, white paper
    bitmap = page.render(scale=scale, rev_byteorder=True, bitmap_maker=into_array)
    try:
        if pixels:
            return pixels[0]
        array = bitmap.to_numpy()
        if array.ndim == 2:  # a grayscale bitmap format
            array = np.repeat(array[:, :, None], 3, axis=2)
        return np.array(array[:, :, :3], dtype=np.uint8)  # own the memory: the bitmap is freed
    finally:
        bitmap.close()


def read_page(data: bytes, index: int, read: Callable[[pdfium.PdfPage], T]) -> T:
    """`read(page)` on page `index`, the document opened for this page alone and closed after;
    Unreadable for damaged data."""
    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            page = pdf[index]
            try:
                return read(page)
            finally:
                page.close()
        except pdfium.PdfiumError as e:
            raise Unreadable(f"corrupt PDF ({e})") from e
        finally:
            pdf.close()


def inspect_pdf(data: bytes, limits: LoadLimits, dpi: int) -> list[tuple[int, int]]:
    """Page sizes in pixels at `dpi`, from the page dictionaries alone (nothing rendered)."""
    scale = dpi / 72.0  # PDF user space unit = 1/72 inch
    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            count = len(pdf)
            if count == 0:
                raise Unreadable("PDF has no pages")
            check_pages(count, limits)
            sizes = []
            for index in range(count):
                width, height = pdf.get_page_size(index)
                # as pypdfium2 sizes a render (rounded up), so the sizes are the rendered pages'
                sizes.append((math.ceil(width * scale), math.ceil(height * scale)))
        except pdfium.PdfiumError as e:
            raise Unreadable(f"corrupt PDF ({e})") from e
        finally:
            pdf.close()
    check_sizes(sizes, limits)
    return sizes


def render_pdf_page(data: bytes, dpi: int, index: int) -> np.ndarray:
    """Page `index` rendered at `dpi` (call inspect_pdf first: it enforces the limits).

    The document is opened per page so that a page is all a caller holds; parsing the cross
    reference again costs milliseconds, rendering a page a second.
    """
    return read_page(data, index, lambda page: render_page(page, dpi / 72.0))
