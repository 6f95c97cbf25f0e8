"""Upload-time checks from the bytes alone, by the loader's own header inspection: media type,
page count, page sizes and the document's pixel budget (nothing is decoded).

A decompression bomb or a 1000-page PDF is refused at once with a 4xx whose code is the loader's
(the same reason `formtally extract` and `formtally scan` give); damage that shows only when
decoding (a truncated image) fails the job later.
"""

from __future__ import annotations

from pathlib import Path

from extraction.load import LoadLimits, Unreadable, inspect_bytes
from service.api.errors import ApiError

# The loader renders PDFs at this resolution, so page sizes are checked as it will see them.
PDF_DPI = 300
_STATUS = {"unsupported_media_type": 415, "file_too_large": 413, "empty_file": 400}


def probe(path: Path, limits: LoadLimits) -> tuple[str, int]:
    """(media type, page count) of a spooled upload, or ApiError with the reason it is refused."""
    try:
        inspected = inspect_bytes(path.read_bytes(), limits, dpi=PDF_DPI)
    except Unreadable as exc:
        reason = exc.reason.replace(str(path), "the upload")  # never a server path in a response
        if exc.code == "unsupported_media_type":
            reason += "; send PNG, JPEG, BMP, WebP, TIFF or PDF"
        raise ApiError(_STATUS.get(exc.code, 422), exc.code, reason) from exc
    return inspected.media_type, len(inspected.sizes)
