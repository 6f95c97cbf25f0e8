"""Page images as JPEGs (quality 90), in the coordinates of the Document (prepared pages).

JPEG rather than PNG: a scanned or photographed 300 dpi A4 page encodes in about 0.02 CPU-s and
1 MB, against 0.4 s and 6 MB as PNG, and a page image is only looked at (review, reports); cell
bboxes refer to its pixel grid, which is kept exactly. A page of only black and white (a fax) is
the exception: it is a PNG, lossless and smaller (a sample fax page: 80 kB against 640 kB as JPEG,
0.04 CPU-s to encode), where JPEG would ring around every edge.

The pipeline hands over its prepared pages (exact overlays). Test extractors keep no pixels, so
their pages are decoded again by the loader and brought to each `PageInfo`: rotation applied,
then scaled to its width × height.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image

from extraction.load import open_document
from models.record import Document, PageInfo
from service.batch.work import PageImage

FALLBACK_DPI = 150  # enough to read a cell; the page is scaled to PageInfo's size afterwards anyway


def _fit(image: Image.Image, info: PageInfo) -> Image.Image:
    if info.rotation % 360:
        image = image.rotate(-info.rotation, expand=True)  # PageInfo.rotation is clockwise
    if image.size != (info.width, info.height) and info.width > 0 and info.height > 0:
        image = image.resize((info.width, info.height), Image.Resampling.BILINEAR)
    return image


def fitted_pages(path: Path, document: Document) -> Iterator[tuple[int, np.ndarray]]:
    opened = open_document(path, dpi=FALLBACK_DPI)
    infos = {info.index: info for info in document.pages}
    for index, page in enumerate(opened.pages()):
        picture = Image.fromarray(page)
        info = infos.get(index) or PageInfo(index=index, width=picture.width, height=picture.height)
        yield index, np.asarray(_fit(picture, info))


JPEG_QUALITY = 90  # rules and characters stay crisp at the review's zoom; 4:2:0 chroma (PIL's default)


def two_level(image: Image.Image) -> Image.Image | None:
    """The page as gray when every pixel is pure black or white (a fax, a bilevel scan), else None.
    getcolors gives up at the third colour it meets, so a photo's page costs next to nothing."""
    if image.mode not in ("1", "L", "RGB"):
        return None
    colours = image.getcolors(2)
    pure = ((0, 0, 0), (255, 255, 255)) if image.mode == "RGB" else (0, 255)
    if colours is None or any(colour not in pure for _, colour in colours):
        return None
    return image.convert("L")


def encode_page(image: Image.Image) -> bytes:
    """A page image as stored: PNG for a black-and-white page, else JPEG; deterministic (the same
    pixels give the same bytes)."""
    buffer = io.BytesIO()
    bilevel = two_level(image)
    if bilevel is not None:
        bilevel.save(buffer, format="PNG")
        return buffer.getvalue()
    if image.mode not in ("L", "RGB"):  # JPEG holds neither alpha nor a palette
        image = image.convert("RGB")
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def encode_array(index: int, image: np.ndarray) -> PageImage:
    """A page (RGB uint8) encoded for storage; the same pixels give the same bytes, in scan and REST alike."""
    picture = Image.fromarray(image)
    return PageImage(index=index, width=picture.width, height=picture.height, encoded=encode_page(picture))
