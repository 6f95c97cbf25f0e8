"""Peers that run one of formtally's own OCR engines (extraction.ocr) on the whole page, with no table
structure: rapidocr-page reads with exactly the engine and options formtally reads cells with, and the
PaddleOCR 3.x peer reuses the paddle engine's offline model setup instead of duplicating it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.extractors.base import ExtractorUnavailable
from bench.extractors.mapped import build_document
from bench.extractors.pages import RGBImage, Timer, load_pages
from bench.extractors.pseudo import TextBox, page_content
from models.record import Document


def load_engine(engine_name: str, threads: int | None) -> Any:
    """formtally's process-wide OCR engine; ExtractorUnavailable says why it cannot load here."""
    try:
        from extraction.ocr import get_engine
    except ImportError as exc:
        raise ExtractorUnavailable(f"extraction.ocr.get_engine not importable: {exc}") from exc
    try:
        return get_engine(engine_name, threads=threads)
    except (ImportError, OSError, RuntimeError) as exc:
        # paddle extra not installed (RuntimeError from its check), or its model files missing
        raise ExtractorUnavailable(f"{engine_name} engine cannot load: {exc}") from exc


def page_boxes(engine: Any, image: RGBImage) -> list[TextBox]:
    return [
        TextBox(text=line.text, bbox=line.bbox, score=line.score)
        for line in engine.detect_and_recognize(image)
    ]


def engine_description(engine: Any) -> str:
    return f"{engine.name} {engine.version} (whole page)"


class EnginePageExtractor:
    def __init__(self, name: str, engine_name: str, threads: int | None = None) -> None:
        self.name = name
        self.engine = load_engine(engine_name, threads)

    def extract(self, path: Path) -> Document:
        timer = Timer()
        with timer.stage("load"):
            pages = load_pages(path)
        contents = []
        with timer.stage("ocr"):
            for index, image in enumerate(pages):
                contents.append(
                    page_content(page_boxes(self.engine, image), index, image.shape[1], image.shape[0])
                )
        return build_document(path, contents, f"peer:{self.name}", engine_description(self.engine), timer)
