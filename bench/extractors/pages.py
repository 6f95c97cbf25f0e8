"""Page images for the peers: PNG/JPEG/BMP/WebP (EXIF orientation honoured), multi-page TIFF, PDF.

formtally loads files itself (extraction/load.py); the peers get the same pixels from this small
loader, with none of formtally's page preparation (rotation, deskew, seal suppression).
"""

from __future__ import annotations

import hashlib
import mimetypes
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, ImageSequence

from models.record import Source

PDF_DPI = 300  # as formtally's default render resolution

RGBImage = npt.NDArray[np.uint8]


def load_pages(path: Path) -> list[RGBImage]:
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium  # only PDFs need it

        pdf = pdfium.PdfDocument(str(path))
        try:
            return [np.asarray(page.render(scale=PDF_DPI / 72).to_pil().convert("RGB")) for page in pdf]
        finally:
            pdf.close()
    with Image.open(path) as image:
        frames = [ImageOps.exif_transpose(frame.copy()) for frame in ImageSequence.Iterator(image)]
    return [np.asarray(frame.convert("RGB")) for frame in frames]


def source_of(path: Path, page_count: int) -> Source:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Source(path=str(path), sha256=digest, page_count=page_count, media_type=media_type)


class Timer:
    """Accumulates seconds per stage into the dict that becomes Document.engine.elapsed_s."""

    def __init__(self) -> None:
        self.elapsed: dict[str, float] = {}
        self._started = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.elapsed[name] = self.elapsed.get(name, 0.0) + time.perf_counter() - started

    def finish(self) -> dict[str, float]:
        self.elapsed["total"] = time.perf_counter() - self._started
        return {k: round(v, 4) for k, v in self.elapsed.items()}
