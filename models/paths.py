"""Record paths: one string names one Field of a Form, so findings, corrections and the review app
can point at values. Grammar:

    fields.<id>                      e.g. fields.total_score
    funds.<row>.<column>             first funds row with that id, e.g. funds.total.exec_score
    funds.<row>[k].<column>          k-th (0-based) row with that id, e.g. funds.other[1].executed
    indicators[i].<column>           e.g. indicators[3].score
    indicators[i].extra.<label>      a column outside the canonical set
    level1_weights.<name>            e.g. level1_weights.产出指标
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from models.ids import funds_keys
from models.record import FUNDS_COLUMNS, INDICATOR_COLUMNS, Field, Form, FormFields

_FUNDS = re.compile(r"^funds\.(\w+?)(?:\[(\d+)\])?\.(\w+)$")
_INDICATOR = re.compile(r"^indicators\[(\d+)\]\.(?:extra\.(.+)|(\w+))$")


class PathError(ValueError):
    pass


def iter_fields(form: Form) -> Iterator[tuple[str, Field]]:
    """Every non-null field of the form with its path, in the order of the paper form."""
    for name in FormFields.model_fields:
        value = getattr(form.fields, name)
        if value is not None:
            yield f"fields.{name}", value
    for prefix, row in funds_keys(form.funds.rows):
        for column in FUNDS_COLUMNS:
            cell = row.column(column)
            if cell is not None:
                yield f"{prefix}.{column}", cell
    for name, weight in form.level1_weights.items():
        yield f"level1_weights.{name}", weight
    for i, indicator in enumerate(form.indicators):
        for column in INDICATOR_COLUMNS:
            cell = indicator.column(column)
            if cell is not None:
                yield f"indicators[{i}].{column}", cell
        for label, extra in indicator.extra.items():
            yield f"indicators[{i}].extra.{label}", extra


def get_field(form: Form, path: str) -> Field | None:
    """The field at `path`, or None when the form has none there. Raises PathError on a bad path."""
    return dict(iter_fields(form)).get(path) if _valid(form, path) else None


def set_field(form: Form, path: str, field: Field | None) -> Form:
    """A copy of `form` with the field at `path` replaced (the original is left untouched)."""
    _valid(form, path)
    updated = form.model_copy(deep=True)
    assign_field(updated, path, field)
    return updated


def assign_field(updated: Form, path: str, field: Field | None) -> None:
    """Replace the field at a valid `path` in place; for batch updates on one private copy."""
    head, _, rest = path.partition(".")
    if head == "fields":
        setattr(updated.fields, rest, field)
    elif head == "level1_weights":
        if field is None:
            updated.level1_weights.pop(rest, None)
        else:
            updated.level1_weights[rest] = field
    elif (m := _FUNDS.match(path)) is not None:
        row_id, k, column = m.group(1), int(m.group(2) or 0), m.group(3)
        rows = [r for r in updated.funds.rows if r.row == row_id]
        setattr(rows[k], column, field)
    elif (m := _INDICATOR.match(path)) is not None:
        row = updated.indicators[int(m.group(1))]
        if m.group(2) is not None:
            if field is None:
                row.extra.pop(m.group(2), None)
            else:
                row.extra[m.group(2)] = field
        else:
            setattr(row, m.group(3), field)


def _valid(form: Form, path: str) -> bool:
    head, _, rest = path.partition(".")
    if head == "fields" and rest in FormFields.model_fields:
        return True
    if head == "level1_weights" and rest:
        return True
    if (m := _FUNDS.match(path)) is not None:
        rows = [r for r in form.funds.rows if r.row == m.group(1)]
        if int(m.group(2) or 0) < len(rows) and m.group(3) in FUNDS_COLUMNS:
            return True
    if (
        (m := _INDICATOR.match(path)) is not None
        and int(m.group(1)) < len(form.indicators)
        and (m.group(2) is not None or m.group(3) in INDICATOR_COLUMNS)
    ):
        return True
    raise PathError(f"no such field path: {path}")
