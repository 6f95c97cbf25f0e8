"""The canonical schema of form.md §2 as data: field ids, printed labels, every synonym, and the
indicator taxonomy. The label matcher, the verifier and the UI all read it from here."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict

LabelGroup = Literal["header", "funds_rows", "funds_columns", "indicator_columns"]


class LabelSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    synonyms: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


class GradeBand(BaseModel):
    model_config = ConfigDict(frozen=True)

    grade: str
    min: float


class CanonicalSchema(BaseModel):
    model_config = ConfigDict(frozen=True)

    header: tuple[LabelSpec, ...]
    funds_rows: tuple[LabelSpec, ...]
    funds_columns: tuple[LabelSpec, ...]
    indicator_columns: tuple[LabelSpec, ...]
    level1: tuple[str, ...]
    level2: dict[str, tuple[str, ...]]
    level2_aliases: dict[str, str]
    grades: tuple[GradeBand, ...]

    def group(self, name: LabelGroup) -> tuple[LabelSpec, ...]:
        specs: tuple[LabelSpec, ...] = getattr(self, name)
        return specs

    def spec(self, name: LabelGroup, field_id: str) -> LabelSpec:
        return next(s for s in self.group(name) if s.id == field_id)

    def label(self, name: LabelGroup, field_id: str) -> str:
        return self.spec(name, field_id).label

    def all_level2(self) -> tuple[str, ...]:
        return tuple(name for names in self.level2.values() for name in names)

    def grade_for(self, total: float) -> str:
        return next(b.grade for b in self.grades if total >= b.min)


@cache
def canonical_schema() -> CanonicalSchema:
    text = resources.files("models").joinpath("canonical.json").read_text(encoding="utf-8")
    return CanonicalSchema.model_validate(json.loads(text))
