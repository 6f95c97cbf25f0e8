"""Benchmarked extractors behind one interface (base.Extractor): formtally and its peers.

Whole-page peers (tesseract-page, rapidocr-page, paddleocr-page) have no table structure: their text
boxes become a pseudo-table (pseudo.py) and go through formtally's own mapping stage, so the
comparison isolates what table structure and OCR contribute.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.extractors.base import NO_MAPPING_WARNING, Extractor, ExtractorUnavailable

ACCURACY_EXTRACTORS = ("formtally", "tesseract-page", "rapidocr-page", "img2table")
ALL_EXTRACTORS = (*ACCURACY_EXTRACTORS, "paddleocr-page")


def _factories() -> dict[str, Callable[[int | None], Extractor]]:
    # Imports inside: each peer pulls heavy packages that the others do not need.
    def formtally(threads: int | None) -> Extractor:
        from bench.extractors.formtally import FormtallyExtractor

        return FormtallyExtractor(threads)

    def formtally_float(threads: int | None) -> Extractor:
        from bench.extractors.formtally import FormtallyExtractor

        return FormtallyExtractor(threads, engine="rapidocr", name="formtally-float")

    def tesseract(threads: int | None) -> Extractor:
        from bench.extractors.tesseract import TesseractPageExtractor

        return TesseractPageExtractor(threads)

    def rapidocr(threads: int | None) -> Extractor:
        from bench.extractors.engine_page import EnginePageExtractor

        return EnginePageExtractor("rapidocr-page", "rapidocr", threads)

    def img2table(threads: int | None) -> Extractor:
        from bench.extractors.img2table_peer import Img2TableExtractor

        return Img2TableExtractor(threads)

    def paddle(threads: int | None) -> Extractor:
        from bench.extractors.engine_page import EnginePageExtractor

        return EnginePageExtractor("paddleocr-page", "paddle", threads)

    return {
        "formtally": formtally,
        "formtally-float": formtally_float,
        "tesseract-page": tesseract,
        "rapidocr-page": rapidocr,
        "img2table": img2table,
        "paddleocr-page": paddle,
    }


def make_extractor(name: str, threads: int | None = None) -> Extractor:
    """Build one extractor (loading its engines once). Raises ExtractorUnavailable with the reason."""
    factories = _factories()
    if name not in factories:
        raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(factories)}")
    return factories[name](threads)


__all__ = [
    "ACCURACY_EXTRACTORS",
    "ALL_EXTRACTORS",
    "NO_MAPPING_WARNING",
    "Extractor",
    "ExtractorUnavailable",
    "make_extractor",
]
