"""The real-form fixtures load, are well formed and cover enough provinces; the scorer counts wrong as wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.real_forms import (
    RealForm,
    fixture_paths,
    load_fixture,
    pages_of,
    score,
)
from models.record import Field, Form, FormFields, FundsBlock, FundsRow, IndicatorRow

PATHS = fixture_paths()
MIN_POSITIVES, MIN_PROVINCES = 30, 10


def _positives() -> list[RealForm]:
    return [fx for fx in map(load_fixture, PATHS) if not fx.negative]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_fixture_loads_rectangular_with_source(path: Path) -> None:
    fx = load_fixture(path)
    assert fx.source.startswith("http")
    for page in fx.pages:
        assert len({len(r) for r in page.rows}) == 1
    tables = [t for p in pages_of(fx) for t in p.tables]
    assert len(tables) == len(fx.pages)
    for table, page in zip(tables, fx.pages, strict=True):
        assert (table.n_rows, table.n_cols) == (len(page.rows), len(page.rows[0]))


def test_enough_real_forms_from_enough_provinces() -> None:
    positives = _positives()
    provinces = {fx.province for fx in positives}
    assert len(positives) >= MIN_POSITIVES, f"{len(positives)} positive fixtures"
    assert len(provinces) >= MIN_PROVINCES, sorted(provinces)


def test_a_ragged_grid_or_dangling_marker_is_refused(tmp_path: Path) -> None:
    data = json.loads(PATHS[0].read_text(encoding="utf-8"))
    data["pages"][0]["rows"][1] = data["pages"][0]["rows"][1][:-1]
    bad = tmp_path / "ragged.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError):
        load_fixture(bad)
    data = json.loads(PATHS[0].read_text(encoding="utf-8"))
    data["pages"][0]["rows"][0][0] = "^"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError):
        load_fixture(bad)


def _form_from_expected(fx: RealForm) -> Form:
    """The expected record written as a Form: scores 100%; then one changed value must score wrong."""
    fields = FormFields(**{k: Field(text=v) for k, v in fx.expected.fields.items()})
    rows: dict[str, FundsRow] = {}
    for key, text in fx.expected.funds.items():
        row_key, column = key.split(".")
        row_id = row_key.split("[")[0]
        row = rows.setdefault(row_key, FundsRow(row=row_id, label=row_key))  # type: ignore[arg-type]
        setattr(row, column, Field(text=text))
    order = sorted(rows, key=lambda k: (k.split("[")[0], int(k.split("[")[1][:-1]) if "[" in k else 0))
    indicators = [IndicatorRow(**{k: Field(text=v) for k, v in r.items()}) for r in fx.expected.indicators]
    return Form(fields=fields, funds=FundsBlock(rows=[rows[k] for k in order]), indicators=indicators)


def test_scorer_counts_a_wrong_form_as_wrong() -> None:
    fx = next(fx for fx in map(load_fixture, PATHS) if not fx.negative and fx.expected.indicators)
    form = _form_from_expected(fx)
    perfect = score(fx, [form])
    assert perfect.right == perfect.total and not perfect.wrong
    form.fields.project_name = Field(text="别的项目")
    form.indicators[0].actual = Field(text="0%")
    del form.indicators[-1]
    hurt = score(fx, [form])
    keys = {w.key for w in hurt.wrong}
    assert "fields.project_name" in keys and "indicators[0].actual" in keys
    assert any(k.startswith(f"indicators[{len(fx.expected.indicators) - 1}].") for k in keys)
    assert hurt.right < hurt.total == perfect.total
    assert score(fx, []).right == 0


def test_a_negative_is_right_only_without_a_claimed_form() -> None:
    fx = next(fx for fx in map(load_fixture, PATHS) if not fx.negative)
    negative = fx.model_copy(update={"expected": fx.expected.model_copy(update={"kind": None})})
    assert score(negative, []).accuracy == 1.0
    assert score(negative, [Form()]).accuracy == 0.0


def test_operator_glyph_variants_are_one_operator_but_a_misread_is_not() -> None:
    from bench.real_forms import field_matches
    from models.record import Field
    from models.values import TextValue

    def read(text: str) -> Field:
        return Field(text=text, value=TextValue(), confidence=1.0, cells=[])

    assert field_matches("indicators[0].target", "≧95%", read("≥95%"))
    assert field_matches("indicators[0].op", "═", read("="))
    assert not field_matches("indicators[0].op", "═", read("—"))
    assert not field_matches("indicators[0].target", "≧95%", read("≤95%"))
