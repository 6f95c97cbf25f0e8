"""Plausibility of a PDF text layer: real Chinese form text passes, garbage and sparse layers do not."""

from __future__ import annotations

import numpy as np

from extraction.load import PageChars
from extraction.textlayer import is_plausible
from extraction.textlayer.lines import cell_text

FORM_TEXT = "项目支出绩效自评表（2022年度）项目名称：农村公路养护 预算执行率≥95% 得分 10.00"


def _chars(text: str, unmapped: int = 0) -> PageChars:
    boxes = np.array([(10.0 * i, 0.0, 10.0 * i + 9, 12.0) for i in range(len(text))]).reshape(-1, 4)
    return PageChars(text=text, boxes=boxes, unmapped=unmapped)


def test_real_form_text_is_plausible() -> None:
    assert is_plausible(_chars(FORM_TEXT))


def test_no_layer_or_few_characters_is_not() -> None:
    assert not is_plausible(None)
    assert not is_plausible(_chars("第 3 页"))


def test_broken_encodings_are_not_plausible() -> None:
    assert not is_plausible(_chars(FORM_TEXT + "\ue001"))  # a private-use glyph
    assert not is_plausible(_chars(FORM_TEXT + "\ufffd"))
    assert not is_plausible(_chars("ÏîÄ¿Ö§³ö¼¨Ð§×ÔÆÀ±í£¨2022Äê¶È£©ÏîÄ¿Ãû³Æ"))  # GBK read as Latin-1
    assert not is_plausible(_chars(FORM_TEXT, unmapped=5))


def test_cell_text_orders_rows_and_joins_them_like_ocr() -> None:
    # content order scrambled: the second line's characters come first in the file
    text = "评表项目支出绩效自"
    boxes = np.array(
        [(0, 30, 10, 42), (10, 30, 20, 42)] + [(10.0 * i, 0, 10.0 * i + 9, 12) for i in range(7)], dtype=float
    )
    assert cell_text(text, boxes, list(range(len(text)))) == "项目支出绩效自评表"
