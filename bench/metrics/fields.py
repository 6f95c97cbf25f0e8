"""Field accuracy of a predicted Document against its truth: header fields, funds cells, indicator cells.

Every field present on either side counts once (a field on neither side is not counted). Forms are
paired in page order; indicator rows are aligned by order and 三级指标 text similarity (align.py).
A truth form or row with no partner counts all its fields wrong; an extra predicted form or row adds
one error per field it holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from pydantic import BaseModel
from pydantic import Field as PydField
from rapidfuzz import fuzz

from bench.metrics.align import align
from bench.metrics.text import field_right, normalize, present
from models.record import FUNDS_COLUMNS, INDICATOR_COLUMNS, Document, Field, Form, FormFields, IndicatorRow

ROW_MIN_SIMILARITY = 0.5  # below this, two indicator rows are not the same row misread


class Counts(BaseModel):
    right: int = 0
    total: int = 0

    def add(self, other: Counts) -> None:
        self.right += other.right
        self.total += other.total

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


class WrongField(BaseModel):
    path: str
    truth: str | None
    pred: str | None


class FieldScore(BaseModel):
    header: Counts = PydField(default_factory=Counts)
    funds: Counts = PydField(default_factory=Counts)
    indicator: Counts = PydField(default_factory=Counts)
    missing_rows: int = 0
    extra_rows: int = 0
    wrong: list[WrongField] = PydField(default_factory=list)

    @property
    def all(self) -> Counts:
        total = Counts()
        for part in (self.header, self.funds, self.indicator):
            total.add(part)
        return total

    def judge(self, group: Counts, path: str, pred: Field | None, truth: Field | None) -> None:
        verdict = field_right(pred, truth)
        if verdict is None:
            return
        group.total += 1
        if verdict:
            group.right += 1
        else:
            self.wrong.append(
                WrongField(path=path, truth=truth.text if truth else None, pred=pred.text if pred else None)
            )


def _header_items(form: Form) -> dict[str, Field]:
    items = {f"fields.{name}": getattr(form.fields, name) for name in FormFields.model_fields}
    items.update({f"level1_weights.{normalize(k)}": v for k, v in form.level1_weights.items()})
    return {k: v for k, v in items.items() if present(v)}


def _funds_items(form: Form) -> dict[str, Field]:
    """Keyed like models/paths.py: funds.<row>[k].<column>, k counting repeated row ids."""
    items: dict[str, Field] = {}
    if form.funds.title is not None:
        items["funds.title"] = form.funds.title
    seen: dict[str, int] = {}
    for row in form.funds.rows:
        k = seen.get(row.row, 0)
        seen[row.row] = k + 1
        prefix = f"funds.{row.row}" + (f"[{k}]" if k else "")
        for column in FUNDS_COLUMNS:
            value = row.column(column)
            if value is not None:
                items[f"{prefix}.{column}"] = value
    return {k: v for k, v in items.items() if present(v)}


def _indicator_items(row: IndicatorRow) -> dict[str, Field]:
    items: dict[str, Field | None] = {column: row.column(column) for column in INDICATOR_COLUMNS}
    items.update({f"extra.{normalize(k)}": v for k, v in row.extra.items()})
    return {k: v for k, v in items.items() if v is not None and present(v)}


def _row_key(row: IndicatorRow) -> str:
    level3 = normalize(row.level3.text) if row.level3 else ""
    return level3 or "".join(normalize(f.text) for f in _indicator_items(row).values())


def _judge_all(
    score: FieldScore, group: Counts, prefix: str, pred: dict[str, Field], truth: dict[str, Field]
) -> None:
    for key in sorted(pred.keys() | truth.keys()):
        score.judge(group, f"{prefix}{key}", pred.get(key), truth.get(key))


def align_rows(pred: list[IndicatorRow], truth: list[IndicatorRow]) -> list[tuple[int | None, int | None]]:
    """(truth index, pred index) pairs, in order; None marks a missing or an extra row."""
    similarity = np.zeros((len(truth), len(pred)))
    pred_keys = [_row_key(r) for r in pred]
    for i, row in enumerate(truth):
        key = _row_key(row)
        for j, other in enumerate(pred_keys):
            similarity[i, j] = fuzz.ratio(key, other) / 100.0 if key or other else 1.0
    return align(similarity, ROW_MIN_SIMILARITY)


def _score_form(score: FieldScore, prefix: str, pred: Form | None, truth: Form | None) -> None:
    _judge_all(
        score,
        score.header,
        prefix,
        _header_items(pred) if pred else {},
        _header_items(truth) if truth else {},
    )
    _judge_all(
        score, score.funds, prefix, _funds_items(pred) if pred else {}, _funds_items(truth) if truth else {}
    )
    pred_rows = pred.indicators if pred else []
    truth_rows = truth.indicators if truth else []
    for t, p in align_rows(pred_rows, truth_rows):
        if t is None:
            score.extra_rows += 1
        elif p is None:
            score.missing_rows += 1
        where = f"{prefix}indicators[{t if t is not None else f'+{p}'}]."
        _judge_all(
            score,
            score.indicator,
            where,
            _indicator_items(pred_rows[p]) if p is not None else {},
            _indicator_items(truth_rows[t]) if t is not None else {},
        )


def _forms_in_order(document: Document) -> list[Form]:
    return sorted(document.forms, key=lambda f: (min(f.pages, default=0), f.id))


def _pairs(pred: list[Form], truth: list[Form]) -> Iterator[tuple[int, Form | None, Form | None]]:
    for i in range(max(len(pred), len(truth))):
        yield i, pred[i] if i < len(pred) else None, truth[i] if i < len(truth) else None


def score_fields(pred: Document | None, truth: Document) -> FieldScore:
    """Field accuracy counts; `pred=None` (a failed file) counts every truth field wrong."""
    score = FieldScore()
    pred_forms = _forms_in_order(pred) if pred else []
    for i, p, t in _pairs(pred_forms, _forms_in_order(truth)):
        _score_form(score, f"forms[{i}].", p, t)
    return score
