"""Traditional twins in a reading of a simplified-Chinese form are mapped back; nothing else changes."""

import numpy as np
import pytest

from extraction.ocr.rapid import RapidOcrEngine
from extraction.ocr.simplified import simplified


def test_traditional_only_characters_become_simplified() -> None:
    assert simplified("有所減少") == "有所减少"
    assert simplified("有所增強，項目績效") == "有所增强，项目绩效"


@pytest.mark.parametrize("text", ["项目支出绩效自评表", "≥90%", "后期维护", "干部", "于是", "显著"])
def test_simplified_text_and_shared_characters_are_left_as_read(text: str) -> None:
    assert simplified(text) == text


def test_the_engine_reports_simplified_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = RapidOcrEngine()
    monkeypatch.setattr(engine, "_read_lines", lambda crops: [("有所減少", 0.97)] * len(crops))
    (line,) = engine.recognize([np.full((48, 200), 255, np.uint8)])
    assert line.text == "有所减少" and line.score == pytest.approx(0.97)
