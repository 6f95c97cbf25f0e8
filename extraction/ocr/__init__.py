"""OCR: engines behind one protocol, and cell-by-cell reading of table grids."""

from extraction.ocr.cells import read_cells
from extraction.ocr.registry import DEFAULT_ENGINE, get_engine
from extraction.ocr.types import CellText, OcrEngine, TextLine

__all__ = ["DEFAULT_ENGINE", "CellText", "OcrEngine", "TextLine", "get_engine", "read_cells"]
