"""get_engine: one engine object per (name, threads) per process."""

from __future__ import annotations

import threading
from collections.abc import Callable

from extraction.ocr.types import OcrEngine

_lock = threading.Lock()
_engines: dict[tuple[str, int | None], OcrEngine] = {}


def _rapidocr(threads: int | None) -> OcrEngine:
    from extraction.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine(threads=threads)


def _paddle(threads: int | None) -> OcrEngine:
    from extraction.ocr.paddle import PaddleEngine

    return PaddleEngine(threads=threads)


def _tesseract(threads: int | None) -> OcrEngine:
    from extraction.ocr.tesseract import TesseractEngine

    return TesseractEngine(threads=threads)


FACTORIES: dict[str, Callable[[int | None], OcrEngine]] = {
    "rapidocr": _rapidocr,
    "paddle": _paddle,
    "tesseract": _tesseract,
}


def get_engine(name: str = "rapidocr", *, threads: int | None = None) -> OcrEngine:
    """The process-wide engine `name` ("rapidocr", "paddle", "tesseract"), built on first use.

    `threads` caps the engine's intra-op threads, so N worker processes × threads ≤ cores.
    """
    if name not in FACTORIES:
        raise ValueError(f"unknown OCR engine {name!r}; choose one of {', '.join(FACTORIES)}")
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be ≥ 1, got {threads}")
    key = (name, threads)
    with _lock:  # model loading takes seconds: build each engine once even if threads race here
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = FACTORIES[name](threads)
        return engine
