"""What every OCR engine returns, and the protocol the pipeline codes against."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive ends), pixels of the image given to the engine


class TextLine(BaseModel):
    """One recognised line; `bbox` is in the pixels of the image (or crop) that was passed in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    score: float = Field(ge=0.0, le=1.0)
    bbox: Box


class CellText(BaseModel):
    """The text of one table cell: lines in reading order joined, with an aggregate confidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    lines: list[TextLine] = Field(default_factory=list)  # bboxes in page pixels
    alternatives: list[str] = Field(default_factory=list)


@runtime_checkable
class OcrEngine(Protocol):
    """An OCR engine, loaded once per process. Images are uint8 gray (H, W) or RGB (H, W, 3)."""

    name: str  # "rapidocr"
    version: str  # "3.10.0 / PP-OCRv6 small": f"{name} {version}" is what EngineInfo.ocr records

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        """Read single-line crops (no detection), one TextLine per crop, in order; bbox = whole crop."""
        ...

    def detect_and_recognize(self, image: np.ndarray) -> list[TextLine]:
        """Find and read every text line of an image region, in reading order."""
        ...
