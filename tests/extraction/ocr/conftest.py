"""Committed test images (see make_test_images.py) and their truth."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

DATA = Path(__file__).parent / "data"


def load_gray(name: str) -> np.ndarray:
    return np.asarray(Image.open(DATA / f"{name}.png").convert("L"))


def load_rgb(name: str) -> np.ndarray:
    return np.asarray(Image.open(DATA / f"{name}.png").convert("RGB"))


Loader = Callable[[str], np.ndarray]


@pytest.fixture(scope="session")
def gray() -> Loader:
    """gray("table") → the committed data/table.png as a gray uint8 array."""
    return load_gray


@pytest.fixture(scope="session")
def rgb() -> Loader:
    return load_rgb


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    return json.loads((DATA / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def line_crops(truth: dict[str, Any]) -> list[tuple[str, np.ndarray]]:
    """(expected text, RGB crop) of each single-line image: 项目名称, ≥98%, 80万元, 100.00%."""
    return [(text, load_rgb(name)) for name, text in truth["lines"].items()]
