"""An int8 copy of the recogniser, derived once from the model in the rapidocr wheel (never downloaded).

The backbone's convolutions after its stem: static quantisation, per-channel weights, QOperator
format, MinMax ranges from 96 line crops of four sample pages in rec_calibration.npz. They are 85 % of
the arithmetic; the stem and the SVTR neck stay float (int8 there misread a lone — as —一 and % as ％%).
Measured on 932 crops of six other sample pages (one per rendering), one thread: 8.5–8.9 CPU-s against
14.4–15.3 s in float (−41 %), 5 readings different, all of them ASCII against full-width punctuation.
The CTC head (120 features to 18 710 classes a step) dynamically: int8 weights per class, its input
quantised on each run, its logits float (static, they came out in steps of 0.36 and 宜 read 宣).
The backbone's GELUs are fused after quantisation (onnx_fusion.fuse_gelu)."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from extraction.ocr.lines import HEIGHT, model_input
from extraction.ocr.onnx_fusion import fuse_gelu

CALIBRATION = Path(__file__).with_name("rec_calibration.npz")
RECIPE = "int8-backbone-conv-static-qop-perchannel-minmax-head-dynamic-gelu-fused-v5"  # part of the cache key


def cache_dir() -> Path:
    """FORMTALLY_CACHE, else <XDG_CACHE_HOME or ~/.cache>/formtally: one per user, not per data
    directory (the default engine needs the model; a fresh FORMTALLY_DATA must not quantise again)."""
    explicit = os.environ.get("FORMTALLY_CACHE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "formtally"


def rec_input(gray: np.ndarray, height: int, min_width: int) -> np.ndarray:
    """One crop as the recogniser sees it (rapidocr's resize_norm_img for a batch of one)."""
    if height != HEIGHT:
        raise ValueError(f"the recogniser's input is {HEIGHT} px high, not {height}")
    return model_input(gray, min_width)


def calibration_inputs(height: int, min_width: int) -> Iterator[np.ndarray]:
    with np.load(CALIBRATION) as crops:
        for key in sorted(crops.files):
            yield rec_input(crops[key], height, min_width)


def _fingerprint(source: Path) -> str:
    import onnxruntime

    digest = hashlib.sha256(source.read_bytes())
    digest.update(CALIBRATION.read_bytes())
    digest.update(f"{RECIPE} {onnxruntime.__version__}".encode())
    return digest.hexdigest()[:16]


def int8_model(source: Path, height: int = 48, min_width: int = 96, cache: Path | None = None) -> Path:
    """The int8 model derived from `source`, quantised into the cache on first use (about 20 s)."""
    target = (cache or cache_dir()) / "models" / f"{source.stem}.{_fingerprint(source)}.int8.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # write beside the target and rename: a concurrent worker never loads half a file
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        staged = Path(work) / target.name
        _quantize(source, staged, height, min_width)
        os.replace(staged, target)
    return target


def backbone_convs(model: Any) -> list[str]:
    """Names of the Conv nodes between the stem (the first Conv) and the pooling that ends the backbone
    (the first AveragePool), in graph order: what the recipe quantises."""
    names: list[str] = []
    for node in model.graph.node:
        if node.op_type == "AveragePool":
            break
        if node.op_type == "Conv":
            names.append(node.name)
    if not names or len(names) == len([n for n in model.graph.node if n.op_type == "Conv"]):
        raise RuntimeError("recogniser graph without a backbone AveragePool: not the expected PP-OCR model")
    return names[1:]


@contextmanager
def _quiet(message: str) -> Iterator[None]:
    """Drop one expected warning of onnxruntime.quantization (logged to the root logger)."""

    def keep(record: logging.LogRecord) -> bool:
        return message not in record.getMessage()

    root = logging.getLogger()
    root.addFilter(keep)
    try:
        yield
    finally:
        root.removeFilter(keep)


def ctc_head(model: Any) -> str:
    """Name of the CTC head: the graph's last MatMul (120 features to the 18 710 classes of a step)."""
    heads = [node.name for node in model.graph.node if node.op_type == "MatMul"]
    if not heads:
        raise RuntimeError("recogniser graph without a MatMul: not the expected PP-OCR model")
    return heads[-1]


def _quantize(source: Path, target: Path, height: int, min_width: int) -> None:
    import onnx
    import onnxruntime
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_dynamic,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    input_name = (
        onnxruntime.InferenceSession(str(source), providers=["CPUExecutionProvider"]).get_inputs()[0].name
    )

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.inputs = calibration_inputs(height, min_width)

        def get_next(self) -> dict[str, np.ndarray] | None:
            batch = next(self.inputs, None)
            return None if batch is None else {input_name: batch}

    prepared = target.with_suffix(".pre.onnx")
    quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
    graph = onnx.load(str(prepared))
    head = ctc_head(graph)
    static = target.with_suffix(".static.onnx")
    quantize_static(
        str(prepared),
        str(static),
        Reader(),
        quant_format=QuantFormat.QOperator,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["Conv"],
        calibrate_method=CalibrationMethod.MinMax,
        nodes_to_quantize=backbone_convs(graph),
    )
    # The head dynamically: its input quantised per run, its logits float. Static, the logits came
    # out in steps of 0.36 and 宜 read 宣 on a faxed held-out form.
    with _quiet("Please check if the model is already quantized"):
        quantize_dynamic(
            str(static),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_quantize=[head],
        )
    prepared.unlink()
    static.unlink()
    # the character list lives in the model's metadata: keep it
    model, original = onnx.load(str(target)), onnx.load(str(source))
    fuse_gelu(model)
    del model.metadata_props[:]
    model.metadata_props.extend(original.metadata_props)
    onnx.save(model, str(target))
