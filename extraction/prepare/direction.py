"""0-vs-180 of text-line crops with the PP-OCR text-direction classifier shipped in the rapidocr wheel.

Run directly on ONNX Runtime (no RapidOCR engine): a handful of line crops cost a few milliseconds.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
_SHAPE = (48, 192)  # input height, width of the PP-OCRv4 mobile classifier


def model_path() -> Path | None:
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "models" / _MODEL
    return path if path.exists() else None


@lru_cache(maxsize=1)
def _session() -> Any:
    import onnxruntime as ort

    path = model_path()
    if path is None:
        raise FileNotFoundError(f"{_MODEL} not found in the installed rapidocr package")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1  # a few crops: threads would cost more than they save
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def available() -> bool:
    return model_path() is not None and importlib.util.find_spec("onnxruntime") is not None


def _normalise(crop: np.ndarray) -> np.ndarray:
    height, width = _SHAPE
    rgb = cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB) if crop.ndim == 2 else crop
    resized_w = min(width, math.ceil(height * rgb.shape[1] / rgb.shape[0]))
    resized = cv2.resize(rgb, (resized_w, height), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = np.zeros((3, height, width), np.float32)
    out[:, :, :resized_w] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return out


def upside_down_probability(crops: Sequence[np.ndarray]) -> list[float]:
    """P(180°) for each text-line crop (gray or RGB, text horizontal)."""
    if not crops:
        return []
    batch = np.stack([_normalise(c) for c in crops])
    session = _session()
    (probs,) = session.run(None, {session.get_inputs()[0].name: batch})
    return [float(p[1]) for p in probs]
