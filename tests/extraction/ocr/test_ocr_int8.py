"""The int8 recogniser: derived once into the cache from the wheel's model, reads like the float one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import rapidocr

from extraction.ocr.int8 import calibration_inputs, int8_model, rec_input
from extraction.ocr.rapid import RapidOcrEngine

SOURCE = Path(rapidocr.__file__).parent / "models" / "PP-OCRv6_rec_small.onnx"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def model(cache: Path) -> Path:
    return int8_model(SOURCE, cache=cache)


def test_built_once_into_the_cache_with_the_character_list(model: Path, cache: Path) -> None:
    assert model.parent == cache / "models" and model.exists()
    assert model.stat().st_size < SOURCE.stat().st_size / 2  # int8 weights
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
