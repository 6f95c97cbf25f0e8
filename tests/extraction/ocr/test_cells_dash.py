"""A hyphen on a fax is no bigger than the noise dots around it; its flat shape tells it apart."""

from __future__ import annotations

import numpy as np

from extraction.ocr.cells import _has_flat_stroke


def test_a_flat_stroke_is_a_dash_and_round_dots_are_not() -> None:
    specks = np.zeros((40, 60), bool)
    specks[20:22, 25:32] = True  # a hyphen, 7 × 2 px, on a 30 px line
    assert _has_flat_stroke(specks, line_height=30)
    dots = np.zeros((40, 60), bool)
    dots[5:8, 5:8] = dots[30:32, 40:42] = True
    assert not _has_flat_stroke(dots, line_height=30)
    assert not _has_flat_stroke(np.pad(specks[20:22, 25:27], 5), line_height=30)  # too short
