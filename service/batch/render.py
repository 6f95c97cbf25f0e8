"""Page images for review and reports, in the coordinates of the Document (prepared pages).

The pipeline's Document keeps no pixels, so the pages are read again here and brought to each
`PageInfo`: rotation applied, then scaled to its width × height. Deskew and perspective correction
are not replayed, so overlays are exact only for pages the pipeline did not warp.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from models.record import Document, PageInfo
from service.batch.work import PageImage

PDF_DPI = 150  # enough to read a cell; the page is scaled to PageInfo's size afterwards anyway


def _pdf_pages(path: Path) -> Iterator[Image.Image]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            yield pdf[index].render(scale=PDF_DPI / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def _image_pages(path: Path) -> Iterator[Image.Image]:
    with Image.open(path) as image:
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            yield ImageOps.exif_transpose(image.convert("RGB"))


def _fit(image: Image.Image, info: PageInfo) -> Image.Image:
    if info.rotation % 360:
        image = image.rotate(-info.rotation, expand=True)  # PageInfo.rotation is clockwise
    if image.size != (info.width, info.height) and info.width > 0 and info.height > 0:
        image = image.resize((info.width, info.height), Image.Resampling.BILINEAR)
    return image


def encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # speed over size: pages are written once
    return buffer.getvalue()


def render_pages(path: Path, document: Document) -> list[PageImage]:
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    pages = _pdf_pages(path) if is_pdf else _image_pages(path)
    infos = {info.index: info for info in document.pages}
    images: list[PageImage] = []
    for index, page in enumerate(pages):
        info = infos.get(index) or PageInfo(index=index, width=page.width, height=page.height)
        fitted = _fit(page, info)
        images.append(
            PageImage(index=index, width=fitted.width, height=fitted.height, png=encode_png(fitted))
        )
    return images


def encode_array(index: int, image: np.ndarray) -> PageImage:
    """A prepared page (the pipeline's own pixels, so overlays line up exactly) as a PNG."""
    picture = Image.fromarray(image)
    return PageImage(index=index, width=picture.width, height=picture.height, png=encode_png(picture))
