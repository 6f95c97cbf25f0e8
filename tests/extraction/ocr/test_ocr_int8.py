"""The int8 recogniser: derived once into the cache from the wheel's model (backbone convolutions and
CTC head), reads like the float one; the engine reads every crop with it, and again in float when in
doubt."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest
import rapidocr

from extraction.ocr.int8 import backbone_convs, calibration_inputs, ctc_head, int8_model, rec_input
from extraction.ocr.rapid import INT8_LONE_DOUBTS, INT8_RECHECK, RapidOcrEngine

SOURCE = Path(rapidocr.__file__).parent / "models" / "PP-OCRv6_rec_small.onnx"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def model(cache: Path) -> Path:
    return int8_model(SOURCE, cache=cache)


def test_built_once_into_the_cache_with_the_character_list(model: Path, cache: Path) -> None:
    assert model.parent == cache / "models" and model.exists()
    ops = Counter(node.op_type for node in onnx.load(str(model)).graph.node)
    # the backbone after its stem is int8 (static), the CTC head's weights int8 with its input quantised
    # per run (dynamic: float logits); the stem and the neck stay float
    source = onnx.load(str(SOURCE))
    assert ops["QLinearConv"] == len(backbone_convs(source)) > 40
    assert ops["Conv"] == 4 and ops["QLinearMatMul"] == 0
    assert ops["MatMulInteger"] == ops["DynamicQuantizeLinear"] == 1
    assert ops["MatMul"] == sum(n.op_type == "MatMul" for n in source.graph.node) - 1 > 0
    assert ops["Gelu"] == 13 and ops["Erf"] == 0  # spelled-out GELUs fused (onnx_fusion.fuse_gelu)
    assert model.stat().st_size < 0.7 * SOURCE.stat().st_size
    stamp = model.stat().st_mtime_ns
    assert int8_model(SOURCE, cache=cache) == model and model.stat().st_mtime_ns == stamp  # not rebuilt
    assert [p.name for p in model.parent.iterdir()] == [model.name]  # no staging files left
    keys = {p.key for p in onnx.load(str(model)).metadata_props}
    assert "character" in keys


def test_rec_input_pads_to_the_minimum_width_and_keeps_the_aspect() -> None:
    short = rec_input(np.full((48, 20), 255, np.uint8), 48, 96)
    assert short.shape == (1, 3, 48, 96) and short.dtype == np.float32
    assert short[0, :, :, :20].max() == 1.0 and short[0, :, :, 20:].max() == 0.0  # padding
    long = rec_input(np.zeros((24, 300), np.uint8), 48, 96)
    assert long.shape == (1, 3, 48, 600) and long.min() == -1.0
    assert sum(1 for _ in calibration_inputs(48, 96)) == 96


def test_reads_the_committed_crops_like_the_float_model(
    model: Path, cache: Path, line_crops: list[tuple[str, np.ndarray]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORMTALLY_CACHE", str(cache))
    engine = RapidOcrEngine(threads=1, int8=True)
    assert engine.version.endswith("recogniser int8")
    lines = engine.recognize([crop for _, crop in line_crops])
    assert [line.text for line in lines] == [text for text, _ in line_crops]
    assert all(line.score > 0.8 for line in lines)


def test_backbone_convs_refuses_a_graph_without_the_pooling() -> None:
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Conv", ["x", "w"], ["y"], name="c0")],
        "g",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 3, 48, 96])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)],
    )
    with pytest.raises(RuntimeError, match="AveragePool"):
        backbone_convs(onnx.helper.make_model(graph))


def test_ctc_head_is_the_last_matmul_and_refused_without_one() -> None:
    source = onnx.load(str(SOURCE))
    head = ctc_head(source)
    weights = {t.name: list(t.dims) for t in source.graph.initializer}
    node = next(n for n in source.graph.node if n.name == head)
    assert weights[node.input[1]][1] == 18710  # features to the CTC classes
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Relu", ["x"], ["y"], name="r")],
        "g",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)],
    )
    with pytest.raises(RuntimeError, match="MatMul"):
        ctc_head(onnx.helper.make_model(graph))


def test_every_crop_goes_to_int8_and_only_doubtful_ones_to_float(
    cache: Path, model: Path, line_crops: list[tuple[str, np.ndarray]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORMTALLY_CACHE", str(cache))
    engine = RapidOcrEngine(threads=1, int8=True)
    seen: dict[str, list[int]] = {"float": [], "int8": []}
    text = line_crops[0][1]
    lone = text[:, : text.shape[0]]  # a short crop (the first glyph): int8 reads it too
    blank = np.full((48, 200), 255, np.uint8)  # int8 reads nothing: score 0 < INT8_RECHECK
    assert engine._int8_lines is not None
    first = engine._int8_lines([text, lone, blank])
    doubtful = [
        c.shape[1]
        for c, (read, score) in zip((text, lone, blank), first, strict=True)
        if score < INT8_RECHECK or read in INT8_LONE_DOUBTS
    ]

    def spy(name: str, reader: Any) -> Any:
        def call(crops: list[np.ndarray]) -> Any:
            seen[name].extend(crop.shape[1] for crop in crops)
            return reader(crops)

        return call

    monkeypatch.setattr(engine, "_lines", spy("float", engine._lines))
    monkeypatch.setattr(engine, "_int8_lines", spy("int8", engine._int8_lines))
    crops = [text, lone, blank]
    lines = engine.recognize(crops)
    assert seen["int8"] == [text.shape[1], lone.shape[1], 200]
    assert seen["float"] == doubtful and doubtful[-1] == 200 and text.shape[1] not in doubtful
    assert lines[0].text == line_crops[0][0] and lines[2].text == ""
    assert [line.bbox for line in lines] == [(0, 0, c.shape[1], c.shape[0]) for c in (text, lone, blank)]


def test_a_doubtful_int8_reading_is_read_again_in_float(
    cache: Path, model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORMTALLY_CACHE", str(cache))
    engine = RapidOcrEngine(threads=1, int8=True)
    float_reads: list[int] = []
    # by width: sure; unsure, float surer; unsure, int8 surer; a lone glyph int8 turns into others
    int8 = {
        224: ("sure", INT8_RECHECK),
        216: ("doubt", 0.5),
        208: ("3亩", INT8_RECHECK - 0.01),
        200: ("—", 0.99),
    }
    float_ = {216: ("float", 0.9), 208: ("3面", 0.59), 200: ("/", 0.8)}

    def float_fake(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        float_reads.extend(crop.shape[1] for crop in crops)
        return [float_[crop.shape[1]] for crop in crops]

    monkeypatch.setattr(engine, "_lines", float_fake)
    monkeypatch.setattr(engine, "_int8_lines", lambda crops: [int8[crop.shape[1]] for crop in crops])
    blank = np.full((24, 224), 255, np.uint8)
    lines = engine.recognize([blank[:, :w] for w in (224, 216, 208, 200)])
    assert sorted(float_reads) == [200, 208, 216]  # the doubtful ones, once each
    assert [(line.text, line.score) for line in lines] == [
        ("sure", INT8_RECHECK),
        ("float", 0.9),
        ("3亩", INT8_RECHECK - 0.01),
        ("/", 0.8),
    ]
    assert {"二", "八", "—", "/"} <= INT8_LONE_DOUBTS
