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
# In a 指标性质 (operator) column a lone 「=」 reads as the character 二 (or 目 on a fax).
_OP_READINGS = {"二": "=", "目": "="}


# A lone character that no cell ever means, with the one it is read for on faxes and scans: 无 (none)
# loses its top-left stroke as 尤; a slash read as 乙.
_LONE_READINGS = {"尤": "无", "乙": "/", "八": "/"}
# A full stop between two Chinese characters is dust: Chinese text stops with 。 and a list number
# (12.群众满意度) has a digit before its dot. The middle dot is printed (元/人·月) and stays. Nor
# does a dot stand between an operator and its number (≥.100%).
_SPECK_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])|(?<=[≥≤＞＜<>=＝])[.·](?=[0-9])")
_SHORT_WORD = 4


def restore_dash(text: str) -> str:
    core = text.strip().strip(_SPECKS)
    if core in _DASH_READINGS:
        return "—"
    if core in _LONE_READINGS:
        return _LONE_READINGS[core]
    if core != text.strip() and (core == "/" or (_all_cjk(core) and len(core) <= _SHORT_WORD)):
        return core  # .无, 成本.: a speck of dust beside a short word (a typed sentence may end in .)
    return text


def _all_cjk(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


# Printed ≧ / ⩾ (the slanted and double-barred ≥ of many fonts) come out of OCR as 三, M, N or V; at
# the start of a target, before a number, no reading but an operator makes sense.
_GE_MISREADS = "三MNVZＭＮＶＺ"  # Z: the slanted ≧ of a fax
_MISREAD_GE = re.compile(rf"^[{_GE_MISREADS}](?=\s*[0-9０-９])")


# A slash (not applicable) in an operator or unit cell read as a stroke: no operator or unit is one.
_SLASH_READINGS = frozenset({"1", "l", "I", "|", "丨"})


def _op_reading(text: str) -> str:
    """A lone operator as read: 二 is =, and 三 / M / N / V (with the foot of ≥ read as I) are ≥."""
    stripped = text.strip()
    if stripped in _OP_READINGS:
        return _OP_READINGS[stripped]
    if stripped in _SLASH_READINGS:
        return "/"
    if (
        stripped
        and stripped[0] in _GE_MISREADS
        and len(stripped) <= 2
        and stripped[1:] in ("", "I", "l", "|")
    ):
        return "≥"
    return text


# The weight, rate and score of a funds sub-row (其中 …) are printed as a slash on national forms:
# only the total carries them. A stroke read there is that slash.
_SUB_ROW_EXEC = re.compile(r"^funds\.(?!total\.)[a-z_\[\]0-9]+\.exec_(?:weight|rate|score)$")
_SLASH_LIKE = _SLASH_READINGS | {"L", "！", "!", "/1", "1/"}
# A unit cell never holds a number: a lone % on a fax comes out as 0, 00, %0 or 96.
_PERCENT_READING = re.compile(r"^(?:[0-9]{1,2}|[%％][0-9o%％]|[0-9o][%％])$")
_NUMBER_SPECK = re.compile(r"^([0-9]+(?:\.[0-9]+)?)[.,·]$")  # 10. : a fax speck after a number
# and one before a value (.5, ·98%, .1630人次): a written value starts with its digit (0.5 has its 0)
_SPECK_BEFORE = re.compile(r"^\s*[.,·](?=[0-9])")
_OPEN_WEIGHT = re.compile(r"[（(][0-9.]+分$")  # 产出指标(50分 whose ) was lost on a wrapped line


# 目 read as 日 (a fax loses the middle stroke's ends) where only 目 makes a word: 项日, 日标 are none.
# (每日标准, 节日标语, 此项日常 keep their 日.)
_WORD_READINGS = (
    (re.compile(r"项日(?![常程期])"), "项目"),
    (re.compile(r"(?<![每节当逐])日标(?![准语签])"), "目标"),
    # 未 (not yet) read as 末 (end), whose upper stroke is the longer: 末完成 and 末达到 are no words
    # (年末完成, 期末达到 are, and keep their 末)
    (re.compile(r"(?<![年期月周季旬])末(?=完成|达到|达标|实现|按时|按期|发生|出现|开展|开工)"), "未"),
)
# A rate's % read as 96 on a fax: 8696 is no rate, 86% is.
_RATE_PERCENT = re.compile(r"^([0-9]{1,2}(?:\.[0-9]+)?|100)96$")
# The lower ring of % read once more as 0, o or 6 after it (98.93%0 on a photo): no value ends so.
# (%00 is left: it may be a ‰.)
_SPLIT_PERCENT = re.compile(r"(?<=[0-9])([%％])[0oO6](?=\s*$)")


def _words(text: str) -> str:
    for misread, word in _WORD_READINGS:
        text = misread.sub(word, text)
    return text


def repair_reading(path: str, text: str) -> str:
    """Undo OCR misreadings that the column makes unambiguous; anything else stays as read."""
    stripped = text.strip()
    if path.endswith(".op"):
        text = _op_reading(text)
    elif path.endswith(".unit") and stripped in _SLASH_READINGS:
        text = "/"
    elif path.endswith(".unit") and _PERCENT_READING.match(stripped):
        text = "%"
    elif path.endswith(".target"):
        text = _MISREAD_GE.sub("≥", stripped)
    elif _SUB_ROW_EXEC.match(path) and stripped in _SLASH_LIKE:
        text = "/"
    elif path.endswith(".exec_rate") and _RATE_PERCENT.match(stripped):
        text = _RATE_PERCENT.sub(r"\1%", stripped)
    elif path.endswith(".level1") and _OPEN_WEIGHT.search(stripped):
        text = stripped + ("）" if "（" in stripped else ")")
    if not path.endswith(".unit"):
        text = _SPLIT_PERCENT.sub(r"\1", text)
    text = _SPECK_BEFORE.sub("", text)
    if _NUMBER_SPECK.match(text.strip()):
        text = _NUMBER_SPECK.sub(r"\1", text.strip())
    return restore_dash(_SPECK_INSIDE.sub("", _words(text)))


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
