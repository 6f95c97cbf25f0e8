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


def _rapidocr_int8(threads: int | None) -> OcrEngine:
    from extraction.ocr.rapid import RapidOcrEngine

    return RapidOcrEngine(threads=threads, int8=True)


def _paddle(threads: int | None) -> OcrEngine:
    from extraction.ocr.paddle import PaddleEngine

    return PaddleEngine(threads=threads)


def _tesseract(threads: int | None) -> OcrEngine:
    from extraction.ocr.tesseract import TesseractEngine

    return TesseractEngine(threads=threads)


# "rapidocr-int8" (extraction/ocr/int8.py: backbone in int8, float when in doubt) reads as many fields
# right as float on the sample scans (bench.accuracy --only samples --limit 2: 99.9 % against 99.8 %;
# scan, photo, fax --limit 4: 99.6 % both) for less recognition CPU (docs/benchmarks.md, issue 12).
DEFAULT_ENGINE = "rapidocr-int8"

FACTORIES: dict[str, Callable[[int | None], OcrEngine]] = {
    "rapidocr": _rapidocr,
    "rapidocr-int8": _rapidocr_int8,
    "paddle": _paddle,
    "tesseract": _tesseract,
}


def get_engine(name: str = DEFAULT_ENGINE, *, threads: int | None = None) -> OcrEngine:
    """The process-wide engine `name` ("rapidocr-int8", "rapidocr", "paddle", "tesseract"), built on first use.

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
