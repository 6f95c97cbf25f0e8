"""Text normalisation and value equality shared by every metric.

Normalisation is deliberately small, so that it forgives only what a reader would not call an error:
NFKC folds full-width letters, digits and punctuation to half-width (％→%, （→(, ：→:), and all
whitespace is dropped (Tesseract spaces Chinese characters apart; cells wrap lines anywhere), and the
dash family (‐ ‑ ‒ – — ― − －) reads as "-" (the forms print "—" for "not applicable" in any of them).
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from pydantic import BaseModel

from models.record import Field
from models.values import TextValue

_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d", "-"))


def normalize(text: str | None) -> str:
    if not text:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_DASHES)


def _numbers_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _plain_equal(a: Any, b: Any) -> bool:
    """Equality of JSON-like values; numbers compare with a tolerance, strings normalised."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return _numbers_equal(float(a), float(b))
    if isinstance(a, str) and isinstance(b, str):
        return normalize(a) == normalize(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_plain_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_plain_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def values_equal(pred: Any, truth: Any) -> bool:
    """Typed values equal (IndicatorValue models by their fields). A missing truth value never matches."""
    if truth is None or pred is None:
        return False
    if isinstance(truth, BaseModel) or isinstance(pred, BaseModel):
        if type(truth) is not type(pred):
            return False
        return _plain_equal(pred.model_dump(mode="json"), truth.model_dump(mode="json"))
    return _plain_equal(pred, truth)


def is_typed(value: Any) -> bool:
    """A value the parser produced beyond the text itself: numbers, booleans, structured indicator values."""
    return value is not None and not isinstance(value, str | TextValue)


def present(field: Field | None) -> bool:
    """An empty cell mapped to a field (text "" and no typed value) counts as no field at all."""
    return field is not None and (normalize(field.text) != "" or is_typed(field.value))


def field_right(pred: Field | None, truth: Field | None) -> bool | None:
    """None when neither side has the field (not counted); else whether pred is right.

    Typed truth values must be equal as values (so `80万元` vs `80.0` is right); text fields are right
    when the normalised printed texts match (or the normalised string values do).
    """
    has_pred, has_truth = present(pred), present(truth)
    if not has_pred and not has_truth:
        return None
    if pred is None or truth is None or not has_pred or not has_truth:
        return False
    if is_typed(truth.value):
        return values_equal(pred.value, truth.value)
    if normalize(pred.text) == normalize(truth.text):
        return True
    return isinstance(truth.value, str) and values_equal(pred.value, truth.value)
