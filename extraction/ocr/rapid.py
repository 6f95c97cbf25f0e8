"""RapidOCR (ONNX Runtime, PP-OCRv6 small models shipped in the rapidocr wheel): the default engine."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from extraction.ocr.images import check_image, ink_extent, quad_to_box, reading_order, shift, to_bgr
from extraction.ocr.lines import LineReader, rec_session
from extraction.ocr.simplified import simplified
from extraction.ocr.types import TextLine

RAPIDOCR_VERSION = "3.10.0"
MODEL_LABEL = "PP-OCRv6 small"
REC_MODEL = "PP-OCRv6_rec_small.onnx"  # in the wheel's models folder
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MIN_WIDTH = 96
# With int8: a crop int8 reads with a lower score than this is read again in float, and the surer of
# the two readings kept. On faxed held-out forms int8 read (2022年度) as 2022年E (score 0.76) and (2020年度) as
# (2020EE) (0.78), float 0.94 and 0.97; on faxed real forms 1.5亩 as 1.5市 (0.88) and 0起 as 0起d
# (0.92), float 0.99 and 1.00. Short crops (a lone glyph, 10, 98%) were read in float alone until the
# strokes of a lone operator were read by shape (cells._by_shape); int8 reads them first now. With
# this threshold 1.0 % of wide crops and 15.5 % of short ones (with INT8_LONE_DOUBTS) are read twice
# (23 sample forms × fax, photo, seal: 11 674 crops).
INT8_RECHECK = 0.93
# A lone glyph has no context, and int8 turns some into others with a high score (= → 二, ≤ → 八,
# / → — or ノ, % → %0, 1 → I): a crop int8 reads as one of these strokes is read again in float, and
# float's reading kept (held-out photos: two unit cells of / read as —; a real scan's / as ノ).
INT8_LONE_DOUBTS = frozenset(
    {"二", "三", "八", "川", "一", "—", "-", "_", "/", "／", "\\", "|", "ノ", "丿", "I", "l"}
    | {"%0", "一—", "—一"}
)


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, float(score)))


class RapidOcrEngine:
    """The recogniser of the rapidocr wheel read directly (line crops, no detection: most pages need
    nothing else), and a RapidOCR instance for detection + recognition, built on the first call that
    needs it: importing rapidocr and building it cost about 0.7 s of every cold one-page extract.

    `RapidOCR.__call__` stores per-call options on the instance, so every call here passes the same
    full set of options; nothing per call changes shared state.
    """

    name = "rapidocr"

    def __init__(
        self, threads: int | None = None, rec_batch: int = 1, det_limit_side: int = 2000, int8: bool = False
    ) -> None:
        import rapidocr
        from rapidocr._version import version

        if version != RAPIDOCR_VERSION:  # the models and the options below are those of this release
            raise RuntimeError(f"formtally needs rapidocr=={RAPIDOCR_VERSION}, found {version}")
        self._models = Path(rapidocr.__file__).parent / "models"
        self._threads, self._rec_batch, self._det_limit_side = threads, rec_batch, det_limit_side
        self._rapidocr: Any = None  # (RapidOCR, its TextDetector, its TextRecognizer) once built
        self._rapidocr_lock = threading.Lock()
        rec_model = self._models / REC_MODEL
        self.version = f"{RAPIDOCR_VERSION} / {MODEL_LABEL}{', recogniser int8' if int8 else ''}"
        # Load the recogniser now so that the first page doesn't pay for it (and errors surface here).
        self._lines = LineReader(rec_session(rec_model, threads), REC_MIN_WIDTH)
        self._int8_lines: LineReader | None = None  # with int8=True
        if int8:  # derived from the wheel's model once, cached (extraction/ocr/int8.py)
            from extraction.ocr.int8 import int8_model

            quantised = int8_model(rec_model, height=48, min_width=REC_MIN_WIDTH)
            self._int8_lines = LineReader(rec_session(quantised, threads), REC_MIN_WIDTH)

    def _params(self) -> dict[str, Any]:
        from rapidocr import EngineType, LangDet, LangRec, ModelType, OCRVersion

        ort_threads = -1 if self._threads is None else self._threads  # -1: ONNX Runtime decides
        return {
            "Global.log_level": "error",
            "Global.use_cls": False,  # pages are made upright in prepare; no 180° line classifier
            "Global.text_score": 0.0,  # keep low-score lines: a low score is a review signal, not noise
            # Explicit model files: no download attempt, and the default model can't change under us.
            "Det.engine_type": EngineType.ONNXRUNTIME,
            "Det.lang_type": LangDet.CH,
            "Det.ocr_version": OCRVersion.PPOCRV6,
            "Det.model_type": ModelType.SMALL,
            "Det.model_path": str(self._models / DET_MODEL),
            # The default (shorter side raised to 736 px) upscales a 150 px cell crop 5×: 10× slower
            # for the same text. Only shrink, never enlarge.
            "Det.limit_type": "max",
            "Det.limit_side_len": self._det_limit_side,
            "Rec.engine_type": EngineType.ONNXRUNTIME,
            "Rec.lang_type": LangRec.CH,
            "Rec.ocr_version": OCRVersion.PPOCRV6,
            "Rec.model_type": ModelType.SMALL,
            "Rec.model_path": str(self._models / REC_MODEL),
            # On CPU, batching saves little and padding every crop to the widest of its batch costs
            # more on real pages: read_cells of 3 sample pages, 1 thread: 6.5 s CPU at 1, 6.7–7.0 s
            # at 6, 8.7 s at 16 (60 uniform test crops: 0.56 / 0.51 / 0.54 s, time_rapidocr.py).
            "Rec.rec_batch_num": self._rec_batch,
            # Every crop is padded to at least this width; the default 320 px makes a short cell
            # (`98%`, `20`) cost as much as a long line. 96 px: 35 % less recognition time on the
            # sample scans' 420 crops, 2 of 420 readings different (（ vs (, 1 vs 一).
            "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
            "EngineConfig.onnxruntime.intra_op_num_threads": ort_threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1 if self._threads is not None else -1,
        }

    def _built(self) -> Any:
        with self._rapidocr_lock:  # pool threads may ask at once: build it once
            if self._rapidocr is None:
                import rapidocr

                ocr = rapidocr.RapidOCR(params=self._params())
                self._rapidocr = (ocr, ocr._load_det_model(), ocr._load_rec_model())
            return self._rapidocr

    @property
    def _ocr(self) -> Any:
        return self._built()[0]

    @property
    def _det(self) -> Any:
        return self._built()[1]

    @property
    def _rec(self) -> Any:
        return self._built()[2]

    def recognize(self, crops: Sequence[np.ndarray]) -> list[TextLine]:
        if not crops:
            return []
        for crop in crops:
            check_image(crop)
            if crop.shape[0] == 0 or crop.shape[1] == 0:
                raise ValueError(f"empty crop {crop.shape}")
        if self._rec_batch > 1:  # RapidOCR's own batching (kept for time_rapidocr.py)
            from rapidocr.ch_ppocr_rec import TextRecInput

            output = self._rec(TextRecInput(img=[to_bgr(c) for c in crops]))
            read = list(zip(output.txts or (), output.scores, strict=True))
        else:
            read = self._read_lines(crops)
        return [
            TextLine(text=simplified(text), score=_clamp(score), bbox=(0, 0, crop.shape[1], crop.shape[0]))
            for crop, (text, score) in zip(crops, read, strict=True)
        ]

    def _read_lines(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        # a gray crop stays gray: the model's three BGR channels of it are equal
        plain = [c if c.ndim == 2 else to_bgr(c) for c in crops]
        if self._int8_lines is None:
            return self._lines(plain)
        read = self._int8_lines(plain)
        lone = [i for i, (text, _) in enumerate(read) if text.strip() in INT8_LONE_DOUBTS]
        unsure = [
            i
            for i, (text, score) in enumerate(read)
            if score < INT8_RECHECK and text.strip() not in INT8_LONE_DOUBTS
        ]
        again = dict(zip(lone + unsure, self._lines([plain[i] for i in lone + unsure]), strict=True))
        for i in lone:  # int8's reading of a lone glyph is not trusted, however sure it is
            read[i] = again[i]
        for i in unsure:  # the surer of the two (a faxed 3亩: int8 0.93, float 3面 0.59)
            read[i] = max(read[i], again[i], key=lambda reading: reading[1])
        return read

    def detect_and_recognize(self, image: np.ndarray) -> list[TextLine]:
        from rapidocr.utils.output import RapidOCROutput

        check_image(image)
        extent = ink_extent(image) if image.size else None
        if extent is None:
            return []
        x0, y0, x1, y1 = extent
        image = image[y0:y1, x0:x1]
        height, width = image.shape[:2]
        result = self._ocr(
            to_bgr(image),
            use_det=True,
            use_cls=False,
            use_rec=True,
            return_word_box=False,
            return_single_char_box=False,
            text_score=0.0,
        )
        if not isinstance(result, RapidOCROutput):
            raise RuntimeError(
                f"RapidOCR returned {type(result).__name__} for det+rec, expected RapidOCROutput"
            )
        if result.boxes is None or result.txts is None or result.scores is None or len(result.txts) == 0:
            return []  # no text region found (RapidOCR returns an empty RapidOCROutput)
        lines = [
            TextLine(
                text=simplified(text),
                score=_clamp(score),
                bbox=shift(quad_to_box(np.asarray(quad), width, height), x0, y0),
            )
            for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True)
        ]
        return [lines[i] for i in reading_order([line.bbox for line in lines])]
