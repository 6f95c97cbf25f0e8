"""Shared fixtures of the page-preparation tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

# --import-mode=importlib: make the synthetic-page helpers importable by the test modules here.
sys.path.insert(0, str(Path(__file__).resolve().parent))

REAL_SCAN = "realdata/wired_tables/wired__squeeze_error.jpeg"


def shared_dir() -> Path:
    default = Path(__file__).resolve().parents[3].parent / "shared"
    return Path(os.environ.get("FORMTALLY_SHARED", str(default)))


def shared_image(relative: str) -> np.ndarray:
    """An RGB image of /work/shared (or $FORMTALLY_SHARED), or skip the test."""
    path = shared_dir() / relative
    if not path.exists():
        pytest.skip(f"{path} absent (set FORMTALLY_SHARED)")
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert bgr is not None, f"unreadable: {path}"
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


@pytest.fixture(scope="session")
def real_scan() -> np.ndarray:
    """The real skewed scan with two red seals."""
    return shared_image(REAL_SCAN)


@pytest.fixture(scope="session")
def real_pen_marks() -> np.ndarray:
    """A real timetable with red pen circles around four entries."""
    return shared_image("realdata/wired_tables/wired__table1.png")
