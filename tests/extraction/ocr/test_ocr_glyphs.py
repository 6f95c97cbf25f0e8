"""A lone operator told by its strokes: drawn with the sample fonts, and as a fax draws it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extraction.ocr import read_cells
from extraction.ocr.glyphs import operator_glyph
from samplegen.fonts import FACES, font
from tests.extraction.ocr.test_ocr_cells import CELLS, FakeEngine, ink, ruled_page

OPERATORS = {"=": "=", "＝": "=", "﹦": "=", "≥": "≥", "≧": "≥", "≤": "≤", "≦": "≤"}
# Glyphs a cell may hold alone that are no operator: bars (二 三 一), chevron-like strokes (八 人 V),
# digits, letters and symbols with bars (± ÷ 〒).
OTHERS = "二三一八人川工上下土士干王丰0123456789%VWMNZ<>《》〈〉×÷±〒/"


def drawn(char: str, face: str, size: int) -> np.ndarray:
    """The text mask of `char` printed at `size` px (about the line height)."""
    image = Image.new("L", (size * 3, size * 3), 255)
    ImageDraw.Draw(image).text((size, size), char, font=font(face, size), fill=0)
    return np.asarray(image) < 128


@pytest.mark.parametrize("face", sorted(FACES))
@pytest.mark.parametrize("size", [28, 40])
def test_operators_are_named_and_other_glyphs_are_not(face: str, size: int) -> None:
    for char, name in OPERATORS.items():
        assert operator_glyph(drawn(char, face, size), size) == name, char
    named = {c: operator_glyph(drawn(c, face, size), size) for c in OTHERS}
    assert {c: g for c, g in named.items() if g is not None} == {}


def test_a_faxed_equals_sign_with_a_speck_and_a_rough_bar() -> None:
    """The strokes of a faxed = (sample sichuan_county_2023_yygs, 23 px lines): 13 × 1 over 13 × 2
    with a bump, and a 1 px speck above; ⩾ as a chevron over a slanted bar, which fax read as W."""
    mask = np.zeros((46, 84), bool)
    mask[19, 36:49] = True
    mask[24:26, 36:49] = True
    mask[26, 40] = True  # a bump under the bar
    mask[10, 30] = True  # a speck
    assert operator_glyph(mask, 23.0) == "="
    ge = np.zeros((46, 84), bool)
    for i in range(8):  # > : arms from the left edge meeting at the right
        ge[11 + i, 32 + 2 * i : 34 + 2 * i] = True
        ge[25 - i, 32 + 2 * i : 34 + 2 * i] = True
    for i in range(9):  # a bar below, rising to the right
        ge[39 - i // 2, 32 + 2 * i : 34 + 2 * i] = True
    assert operator_glyph(ge, 23.0) == "≥"
    assert operator_glyph(ge[:, ::-1], 23.0) == "≤"
    assert operator_glyph(ge[:30], 23.0) is None  # a > alone is left to the recogniser


def test_a_misread_operator_cell_takes_its_strokes() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    ink(page, 340, 30, 560, 70)
    page[190:192, 140:160] = page[196:198, 140:160] = 0  # '=' alone in a cell, read as 三
    page[150:152, 400:420] = page[160:162, 400:420] = page[170:172, 400:420] = 0  # a real 三
    cells = read_cells(FakeEngine(texts=["a", "b", "三", "三"]), page, CELLS)
    assert (cells[3].text, cells[4].text) == ("=", "三")
    assert cells[3].confidence < 0.8  # named from its shape: a reviewer may look
    page[190:198, 140:160] = 255
    page[190:192, 143:157] = page[198:200, 140:160] = 0  # 二: its upper bar is the shorter, no =
    assert read_cells(FakeEngine(texts=["a", "b", "三", "三"]), page, CELLS)[3].text == "三"


BROKEN_TWO = """
.###....
..###...
...###..
...####.
....###.
....###.
....####
....####
....###.
....###.
...####.
...###..
..###...
..##....
.##.....
.#......
#.......
"""


def test_a_two_whose_diagonal_broke_off_in_a_photo_is_no_operator() -> None:
    """The strokes of a photographed 2 (sample hubei_university_2021_xszz, 31 px lines): its hook, the
    diagonal lost to blur, over its foot. A mirror-symmetric hook, but no chevron: too narrow."""
    hook = np.array([[ch == "#" for ch in row] for row in BROKEN_TWO.split()])
    mask = np.zeros((80, 100), bool)
    mask[41:58, 53:61] = hook
    mask[63:67, 47:61] = True  # its foot
    assert operator_glyph(mask, 31.0) is None


def test_a_digit_is_never_read_as_an_operator() -> None:
    page = ruled_page(CELLS)
    ink(page, 40, 30, 200, 70)
    ink(page, 340, 30, 560, 70)
    page[190:192, 140:160] = page[196:198, 140:160] = 0  # two bars, but the recogniser says 2
    assert read_cells(FakeEngine(texts=["a", "b", "2"]), page, CELLS)[3].text == "2"
