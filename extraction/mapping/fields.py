"""Building record Fields from cells: printed text, parsed value, confidence and cell ids."""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.mapping.grid import cell_text
from models.field_values import parse_for_path
from models.record import Cell, Field, FieldValue


def joined_text(cells: Sequence[Cell]) -> str:
    """The printed text of one value spread over several grid cells (a shifted or split grid)."""
    return "".join(t for t in (cell_text(c) for c in cells) if t)


def source_cells(cells: Sequence[Cell]) -> list[Cell]:
    """The cells that carry the value: the non-empty ones, or the first when all are blank."""
    filled = [c for c in cells if cell_text(c)]
    return filled or list(cells[:1])


def confidence(cells: Sequence[Cell], score: float) -> float:
    """The weakest cell's OCR confidence times the label-match score (refined later by assess)."""
    ocr = min((c.confidence for c in cells), default=1.0)
    return round(min(1.0, max(0.0, ocr * score)), 4)


# A value cell holding a lone dash: OCR reads the printed 「—」 as 一, _, - or a box-drawing bar.
_DASH_READINGS = frozenset({"一", "_", "-", "－", "─", "━", "–", "—", "——", "--", "一一", "__"})


# Specks OCR reads around a short glyph (scan dust, a fax dot): dropped only when deciding a dash.
_SPECKS = "·・.,'`°"
# In a 指标性质 (operator) column a lone 「=」 reads as the character 二.
_OP_READINGS = {"二": "="}


def restore_dash(text: str) -> str:
    return "—" if text.strip().strip(_SPECKS) in _DASH_READINGS else text


# Printed ≧ / ⩾ (the slanted and double-barred ≥ of many fonts) come out of OCR as 三, M, N or V; at
# the start of a target, before a number, no reading but an operator makes sense.
_GE_MISREADS = "三MNVＭＮＶ"
_MISREAD_GE = re.compile(rf"^[{_GE_MISREADS}](?=\s*[0-9０-９])")


def repair_reading(path: str, text: str) -> str:
    """Undo OCR misreadings that the column makes unambiguous; anything else stays as read."""
    if path.endswith(".op"):
        stripped = text.strip()
        text = _OP_READINGS.get(stripped, "≥" if stripped and stripped in _GE_MISREADS else text)
    elif path.endswith(".target"):
        text = _MISREAD_GE.sub("≥", text.strip())
    return restore_dash(text)


def make_field(
    cells: Sequence[Cell], path: str, *, score: float = 1.0, funds_unit: str = "万元", text: str | None = None
) -> Field:
    """A Field for the value printed in `cells`, parsed the way `path` is parsed everywhere."""
    used = source_cells(cells)
    printed = repair_reading(path, joined_text(used) if text is None else text)
    value = parse_for_path(path, printed, funds_unit=funds_unit)
    return Field(text=printed, value=value, confidence=confidence(used, score), cells=[c.id for c in used])


def with_value(field: Field, value: FieldValue) -> Field:
    return field.model_copy(update={"value": value})
