"""Line crops straight through a PP-OCR recogniser's ONNX session, one crop per run.

RapidOCR's TextRecognizer costs about 1 ms a crop besides the model (profile of a sample page, 157
crops: 0.19 of 2.47 CPU-s): its options are an omegaconf ListConfig read per crop, it resizes three
identical channels and takes two passes over the 18 710 class scores of every step. Here a gray crop
is resized once and broadcast, and the winning class's score is picked from the argmax. The readings
and scores are RapidOCR's (same resize, normalisation and CTC decoding; tests compare them).
Batches would save nothing: the model is compute-bound, its CPU grows with the crop's width, and a
batch pads every crop to the widest (measured: docs/benchmarks.md, speed work of issue 12).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

HEIGHT = 48  # the recogniser's input height (PP-OCR rec_img_shape)


def model_input(crop: np.ndarray, min_width: int) -> np.ndarray:
    """(1, 3, 48, W) float32, as RapidOCR's resize_norm_img makes it for a batch of one; `crop` is gray
    or BGR uint8. W = max(min_width, 48 × the crop's aspect), the resized crop left-aligned, zeros after."""
    h, w = crop.shape[:2]
    width = int(HEIGHT * max(min_width / HEIGHT, w / h))
    resized_w = min(width, math.ceil(HEIGHT * w / h))
    resized = cv2.resize(crop, (resized_w, HEIGHT)).astype(np.float32)
    planes = resized[None] if resized.ndim == 2 else resized.transpose((2, 0, 1))
    planes = planes / np.float32(255)
    planes -= 0.5
    planes /= 0.5
    out = np.zeros((1, 3, HEIGHT, width), dtype=np.float32)
    out[0, :, :, :resized_w] = planes  # a gray plane broadcasts to the three channels
    return out


def rec_session(model: Path, threads: int | None) -> Any:
    """An ONNX Runtime session of a recogniser with RapidOCR's session options (its onnxruntime engine:
    all graph optimisations, no CPU memory arena); `threads` None lets ONNX Runtime decide."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads is not None:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])


def characters(session: Any) -> list[str]:
    """The CTC classes of a PP-OCR recogniser as RapidOCR's CTCLabelDecode lists them: blank, the model's
    own character list (its metadata), then a space."""
    return ["blank", *session.get_modelmeta().custom_metadata_map["character"].splitlines(), " "]


class LineReader:
    """Reads line crops with a recogniser's ONNX Runtime session (and the character list in its model)."""

    def __init__(self, session: Any, min_width: int) -> None:
        self._session = session
        self._input = self._session.get_inputs()[0].name
        self._characters = characters(session)
        self._min_width = min_width

    def __call__(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """(text, score) of each gray or BGR crop, in order."""
        return [
            self._decode(self._session.run(None, {self._input: model_input(c, self._min_width)})[0][0])
            for c in crops
        ]

    def _decode(self, steps: np.ndarray) -> tuple[str, float]:
        """Greedy CTC as RapidOCR's CTCLabelDecode: repeats merged, blanks (class 0) dropped, the score the
        mean of the kept steps' probabilities (each rounded to 5 places, then the mean; 0 when none)."""
        best = steps.argmax(axis=1)
        keep = np.ones(len(best), dtype=bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        probabilities = steps[np.flatnonzero(keep), best[keep]].tolist()
        text = "".join(self._characters[i] for i in best[keep])
        score = float(np.mean([round(p, 5) for p in probabilities] or [0]).round(5))
        return text, score
