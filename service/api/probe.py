"""Upload-time checks from the bytes alone: media type, page count and page size in pixels.

Only headers are read (no decoding), so a decompression bomb or a 1000-page PDF is refused at once
with a 4xx; damage that shows only when decoding (a truncated image) fails the job later.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image

from extraction.load import LoadLimits
from extraction.load.sniff import PDF, RASTER_FORMATS, describe, sniff
from service.api.errors import ApiError

# The loader renders PDFs at this resolution, so page sizes are checked as it will see them.
PDF_DPI = 300


def media_type_of(head: bytes) -> str:
    media = sniff(head[:1024])
    if media is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"not an image or PDF ({describe(head[:1024])}); send PNG, JPEG, BMP, WebP, TIFF or PDF",
        )
    return media


def _pixels(width: int, height: int, page: int, limits: LoadLimits) -> None:
    if width * height > limits.max_pixels:
        raise ApiError(
            422,
            "too_many_pixels",
            f"page {page + 1} is {width}×{height} = {width * height} px > limit {limits.max_pixels}",
        )


def _pages(count: int, limits: LoadLimits) -> None:
    if count > limits.max_pages:
        raise ApiError(422, "too_many_pages", f"{count} pages > limit {limits.max_pages}")


def _probe_raster(path: Path, media_type: str, limits: LoadLimits) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[RASTER_FORMATS[media_type]]) as image:
                count = getattr(image, "n_frames", 1) if media_type == "image/tiff" else 1
                _pages(count, limits)
                for index in range(count):
                    image.seek(index)
                    _pixels(image.width, image.height, index, limits)
                return count
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ApiError(422, "too_many_pixels", str(exc)) from exc
    except ApiError:
        raise
    except Exception as exc:  # any header Pillow cannot parse: the file is damaged, say so now
        raise ApiError(
            422, "corrupt_file", f"unreadable {media_type} header ({type(exc).__name__}: {exc})"
        ) from exc


def _probe_pdf(path: Path, limits: LoadLimits) -> int:
    import pypdfium2 as pdfium

    from extraction.load.pdf import _PDFIUM_LOCK  # PDFium is not thread-safe; share the loader's lock

    data = path.read_bytes()
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if b"/Encrypt" in data:
                raise ApiError(422, "encrypted_pdf", "encrypted PDF (password required)") from exc
            raise ApiError(422, "corrupt_file", f"corrupt PDF ({exc})") from exc
        try:
            count = len(pdf)
            if count == 0:
                raise ApiError(422, "corrupt_file", "PDF has no pages")
            _pages(count, limits)
            for index in range(count):
                width, height = pdf.get_page_size(index)
                scale = PDF_DPI / 72.0
                _pixels(round(width * scale), round(height * scale), index, limits)
            return count
        except pdfium.PdfiumError as exc:
            raise ApiError(422, "corrupt_file", f"corrupt PDF ({exc})") from exc
        finally:
            pdf.close()


def probe(path: Path, head: bytes, limits: LoadLimits) -> tuple[str, int]:
    """(media type, page count) of an upload, or ApiError with the reason it is refused."""
    media = media_type_of(head)
    pages = _probe_pdf(path, limits) if media == PDF else _probe_raster(path, media, limits)
    return media, pages
