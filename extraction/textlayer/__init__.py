"""Born-digital PDF pages: their text layer read instead of OCR, page by page."""

from extraction.textlayer.fill import fill_page
from extraction.textlayer.judge import is_plausible

__all__ = ["fill_page", "is_plausible"]
