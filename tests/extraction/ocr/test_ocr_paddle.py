"""PaddleOCR engine (optional extra formtally[paddle]) on the committed crops, fully offline."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extraction.ocr import OcrEngine, read_cells
from extraction.ocr.paddle import _require

HAS_PADDLE = all(importlib.util.find_spec(m) is not None for m in ("paddleocr", "paddle", "rapidocr_paddle"))
# paddle warns at import that ccache (for compiling custom ops) is missing: irrelevant here
pytestmark = pytest.mark.filterwarnings("ignore:No ccache found:UserWarning")
needs_paddle = pytest.mark.skipif(
    not HAS_PADDLE,
    reason="optional extra formtally[paddle] (paddleocr, paddlepaddle, rapidocr-paddle) not installed",
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OcrEngine]:
    from extraction.ocr.paddle import PaddleEngine

    with pytest.MonkeyPatch.context() as patch:  # models are copied under FORMTALLY_DATA
        patch.setenv("FORMTALLY_DATA", str(tmp_path_factory.mktemp("formtally-data")))
        yield PaddleEngine(threads=1)


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    with pytest.raises(RuntimeError, match=r"formtally\[paddle\].*paddleocr==3\.7\.0"):
        _require()


@needs_paddle
def test_models_prepared_offline(tmp_path: Path) -> None:
    from extraction.ocr.paddle_models import prepare_models

    det, rec = prepare_models(tmp_path)
    assert det == tmp_path / "models" / "paddle" / "PP-OCRv4_mobile_det"
    config = json.loads((rec / "inference.yml").read_text(encoding="utf-8"))  # JSON is valid YAML
    assert config["Global"]["model_name"] == "PP-OCRv4_mobile_rec"
    assert len(config["PostProcess"]["character_dict"]) == 6623
    assert (det / "inference.pdmodel").is_file()
    assert det.stat().st_mode & 0o055 == 0o055  # readable by the service's other users
    stamp = (rec / "inference.yml").stat().st_mtime_ns
    prepare_models(tmp_path)  # second call: nothing rewritten
    assert (rec / "inference.yml").stat().st_mtime_ns == stamp


@needs_paddle
def test_recognize_single_lines(engine: OcrEngine, line_crops: list[tuple[str, np.ndarray]]) -> None:
    lines = engine.recognize([crop for _, crop in line_crops])
    assert [line.text for line in lines] == ["项目名称", "≥98%", "80万元", "100.00%"]
    assert all(line.score > 0.8 for line in lines)


@needs_paddle
def test_detect_and_recognize(
    engine: OcrEngine, gray: Callable[[str], np.ndarray], truth: dict[str, Any]
) -> None:
    lines = engine.detect_and_recognize(gray("cell_multiline"))
    assert "".join(line.text for line in lines) == truth["multi"]


@needs_paddle
def test_read_cells(engine: OcrEngine, truth: dict[str, Any], rgb: Callable[[str], np.ndarray]) -> None:
    cells = read_cells(engine, rgb("table"), [tuple(b) for b in truth["table"]["boxes"]])
    assert [c.text for c in cells] == truth["table"]["texts"]
