"""Fuzzy matching of printed labels against every spelling of models/canonical.json.

Labels arrive OCR-damaged: a wrong or missing character, full-/half-width punctuation, a trailing
colon, spaces inside (`总 分`), bracketed units or weights (`（万元）`, `(50分)`, `(A)`). Both sides
are normalised the same way, then compared whole-string with rapidfuzz's Indel ratio, so a long
value that merely contains a label (a unit name, a goal text) never matches it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from models.canonical import LabelGroup, canonical_schema

ExtraSynonyms = Mapping[str, Sequence[str]]

# Indel ratio: one wrong character in a 4-character label scores 0.75, one missing 0.86; a
# 2-character label must match exactly, a 3-character one may lose one character.
MIN_SCORE = 0.74

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|\([^()]*$")
_LEADING = re.compile(r"^(?:其中[:：]?|[0-9一二三四五六七八九十]+[、.．]|[(][0-9一二三四五六七八九十]+[)])+")
_NOISE = re.compile(r"[\s:：;；,，.。、·•*★☆※<>/_\-—]+")
# `产出指标(50分)`, or unbracketed at the label's end: `项目管理 13分`, `产出指标40分`.
_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_WEIGHT = re.compile(rf"[(（]\s*({_NUM})\s*分\s*[)）]|(?<=[^\s0-9０-９.．])\s*({_NUM})\s*分\s*$")
_UNIT = re.compile(r"[(（]\s*(万元|元|千元|亿元)\s*[)）]")


class LabelMatch(BaseModel):
    """The canonical id a printed label stands for, how sure the match is, and the spelling it hit."""

    model_config = ConfigDict(frozen=True)

    id: str
    score: float
    spelling: str


def normalize_label(text: str) -> str:
    """The comparable core of a label: width-folded, without spaces, brackets, colons, 其中 or numbering."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"<[^>]*>", "", folded)  # <b> marks in pasted HTML text
    folded = re.sub(r"\s+", "", folded)
    folded = _LEADING.sub("", folded)
    return _NOISE.sub("", _BRACKETS.sub("", folded))


def label_weight(text: str) -> str | None:
    """The weight printed inside a label, `产出指标(50分)` → "50"."""
    found = _WEIGHT.search(text)
    return unicodedata.normalize("NFKC", found.group(1) or found.group(2)) if found else None


def label_unit(text: str) -> str | None:
    """The amount unit printed inside a block title, `项目资金（万元）` → "万元"."""
    found = _UNIT.search(text)
    return found.group(1) if found else None


def strip_weight(text: str) -> str:
    """A label without its weight suffix: `产出指标(50分)` → `产出指标`."""
    return _WEIGHT.sub("", text).strip()


Spelling = tuple[str, str, str]  # canonical id, spelling as written, normalised spelling


@cache
def _spellings(group: LabelGroup) -> tuple[Spelling, ...]:
    return tuple(
        (spec.id, spelling, normalize_label(spelling))
        for spec in canonical_schema().group(group)
        for spelling in spec.spellings
    )


def _extra_spellings(group: LabelGroup, extra: ExtraSynonyms | None) -> tuple[Spelling, ...]:
    if not extra:
        return ()
    prefix = f"{group}."
    return tuple(
        (path[len(prefix) :], spelling, normalize_label(spelling))
        for path, spellings in extra.items()
        if path.startswith(prefix)
        for spelling in spellings
    )


def match_label(
    text: str, group: LabelGroup, *, extra: ExtraSynonyms | None = None, min_score: float = MIN_SCORE
) -> LabelMatch | None:
    """The best canonical id of `group` for a printed label, or None when no spelling is close enough.

    `extra` maps canonical path ids ("header.competent_dept") to reviewer-learned spellings.
    """
    core = normalize_label(text)
    if not core:
        return None
    return _best(core, _spellings(group) + _extra_spellings(group, extra), min_score)


@lru_cache(maxsize=8192)  # a document repeats its labels on every form and page
def _best(core: str, spellings: tuple[Spelling, ...], min_score: float) -> LabelMatch | None:
    found = process.extractOne(
        core, [norm for _, _, norm in spellings], scorer=fuzz.ratio, score_cutoff=min_score * 100
    )
    if found is None:
        return None
    _, score, index = found
    field_id, spelling, _ = spellings[index]
    return LabelMatch(id=field_id, score=round(score / 100.0, 4), spelling=spelling)


def match_candidates(
    text: str, group: LabelGroup, *, extra: ExtraSynonyms | None = None, min_score: float = MIN_SCORE
) -> list[tuple[LabelMatch, float]]:
    """Every id of `group` a printed label may stand for, best first, one entry per id, each with a
    tie-break score on the text with its brackets kept: a damaged `口年预算数(A)` is as close to
    年初预算数 as to 全年预算数, but its `(A)` is that of 全年预算数(A). Equal entries (口级指标 is
    one character from 一级, 二级 and 三级 指标) are left for the neighbouring labels to settle."""
    core = normalize_label(text)
    if not core:
        return []
    return list(_candidates(core, _fold(text), _spellings(group) + _extra_spellings(group, extra), min_score))


def _fold(text: str) -> str:
    return re.sub(r"<[^>]*>|\s+", "", unicodedata.normalize("NFKC", text)).rstrip(":")


@lru_cache(maxsize=4096)
def _candidates(
    core: str, folded: str, spellings: tuple[Spelling, ...], min_score: float
) -> tuple[tuple[LabelMatch, float], ...]:
    found = process.extract(
        core, [norm for _, _, norm in spellings], scorer=fuzz.ratio, score_cutoff=min_score * 100, limit=None
    )
    hits = [
        (score, fuzz.ratio(folded, _fold(spellings[index][1])) / 100.0, index) for _, score, index in found
    ]
    best: dict[str, tuple[LabelMatch, float]] = {}
    for score, raw, index in sorted(hits, key=lambda hit: (-hit[0], -hit[1], hit[2])):
        field_id, spelling, _ = spellings[index]
        if field_id not in best:
            best[field_id] = (LabelMatch(id=field_id, score=round(score / 100.0, 4), spelling=spelling), raw)
    return tuple(best.values())


@cache
def _normalized_names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize_label(n) for n in names)


_BARE_NAME_SCORE = 0.85


def match_value_name(
    text: str, names: Sequence[str], *, min_score: float = MIN_SCORE
) -> tuple[str, float] | None:
    """The closest of a list of names (level-1/level-2 indicator names) to a printed cell; the word
    指标 is often dropped (`效益 40分`, `数量`), so a bare name is also tried with it."""
    core = normalize_label(strip_weight(text))
    if not core:
        return None
    choices = _normalized_names(tuple(names))
    found = process.extractOne(core, choices, scorer=fuzz.ratio, score_cutoff=min_score * 100)
    if found is None and not core.endswith("指标") and len(core) >= 2:
        # a bare name must then read nearly whole: `本期` + 指标 is not 成本指标
        cutoff = max(min_score, _BARE_NAME_SCORE) * 100
        found = process.extractOne(core + "指标", choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    if found is None:
        return None
    _, score, index = found
    return names[index], score / 100.0
