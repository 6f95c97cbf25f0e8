"""The text layer of a PDF page: each character and its box, in the rendered page's pixels."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pydantic import BaseModel, ConfigDict

from extraction.load.pdf import read_page


class PageChars(BaseModel):
    """The characters of one page in content order; `boxes[i]` (x0, y0, x1, y1) is `text[i]`'s box
    in pixels of the page rendered at the document's dpi (top-left origin, as the image)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str
    boxes: np.ndarray  # float64, (len(text), 4)
    # characters whose font has no usable Unicode mapping (PDFium's own judgement), a garbage sign
    unmapped: int = 0


def page_chars(page: pdfium.PdfPage, scale: float) -> PageChars | None:
    """The characters of an open page, boxes scaled by `scale` pixels per point."""
    if page.get_rotation() % 360 != 0:
        return None  # boxes would need the page's turn; such pages are rare and OCR still reads them
    left, _bottom, _right, top = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        chars: list[str] = []
        boxes: list[tuple[float, float, float, float]] = []
        unmapped = 0
        has_error = getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None)
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                continue  # spaces and line breaks PDFium inferred, not in the file
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if has_error is not None and has_error(textpage, i) == 1:
                unmapped += 1
            x0, y0, x1, y1 = textpage.get_charbox(i)
            chars.append(chr(code) if 0 < code < 0x110000 else "\ufffd")
            # PDF space: points, origin at the bottom left of the crop box
            boxes.append(((x0 - left) * scale, (top - y1) * scale, (x1 - left) * scale, (top - y0) * scale))
        array = np.array(boxes, dtype=np.float64).reshape(-1, 4)
        return PageChars(text="".join(chars), boxes=array, unmapped=unmapped)
    finally:
        textpage.close()


def read_pdf_chars(data: bytes, dpi: int, index: int) -> PageChars | None:
    """Page `index`'s characters (None for a page turned by /Rotate); Unreadable for damaged data."""
    return read_page(data, index, lambda page: page_chars(page, dpi / 72.0))
