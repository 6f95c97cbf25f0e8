"""models.geometry: boxes between the record's page frame and the original image."""

from __future__ import annotations

import pytest

from models.geometry import apply, box_to_original, box_to_page, corners_to_original, invert
from models.record import PageInfo


def test_identity_without_a_transform() -> None:
    info = PageInfo(index=0, width=100, height=80)
    assert box_to_original(info, (1, 2, 30, 40)) == (1, 2, 30, 40)
    assert corners_to_original(info, (1, 2, 30, 40))[2] == (30.0, 40.0)


def test_quarter_turn_and_back() -> None:
    # a 90° clockwise turn of a 200×100 (w×h) original: (x, y) -> (h - 1 - y, x)
    info = PageInfo(
        index=0, width=100, height=200, rotation=90, transform=[[0, -1, 99], [1, 0, 0], [0, 0, 1]]
    )
    page_box = box_to_page(info, (10, 20, 50, 30))
    assert page_box == (69, 10, 79, 50)
    assert box_to_original(info, page_box) == (10, 20, 50, 30)


def test_homography_round_trip() -> None:
    m = [[1.1, 0.05, 12.0], [-0.03, 0.95, 7.0], [1e-4, -5e-5, 1.0]]
    inv = invert(m)
    x, y = apply(inv, *apply(m, 321.0, 123.0))
    assert x == pytest.approx(321.0) and y == pytest.approx(123.0)


def test_singular_transform_is_refused() -> None:
    with pytest.raises(ValueError):
        invert([[1, 2, 3], [2, 4, 6], [0, 0, 1]])


def test_transform_survives_json() -> None:
    info = PageInfo(index=0, width=10, height=10, transform=[[1, 0, 5], [0, 1, 0], [0, 0, 1]])
    again = PageInfo.model_validate_json(info.model_dump_json())
    assert box_to_original(again, (5, 0, 9, 4)) == (0, 0, 4, 4)
    assert PageInfo.model_validate({"index": 0, "width": 1, "height": 1}).transform is None
