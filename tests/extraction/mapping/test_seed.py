"""The three real Shizuishan forms: every header field, funds cell and indicator cell comes out right."""

from __future__ import annotations

import pytest

from extraction.mapping import map_pages
from models.record import FUNDS_COLUMNS, Form, Table
from models.values import CmpValue, NaValue

from .grids import cell_at, make_page, make_table, text_block
from .seed import (
    DEPT,
    FORM1,
    FORM3,
    SEED_FORMS,
    TITLE,
    UNIT,
    YEAR_LINE,
    SeedForm,
    seed_rows,
)
from .seed import (
    FUNDS_COLUMNS as PRINTED_FUNDS,
)

FUNDS_IDS = ("total", "fiscal_current", "carryover", "other")
IND_KEYS = ("level3", "target", "actual", "weight", "score", "deviation")


def map_seed(form: SeedForm, **kwargs: object) -> tuple[Form, Table]:
    table = make_table(seed_rows(form, **kwargs))  # type: ignore[arg-type]
    page = make_page(0, [table], [text_block(TITLE, 100), text_block(YEAR_LINE, 160)])
    forms = map_pages([page])
    assert len(forms) == 1
    return forms[0], table


def assert_seed_form(got: Form, form: SeedForm, table: Table) -> None:
    f = got.fields
    assert got.layout == "national" and got.kind == "self_assessment" and got.pages == [0]
    assert (
        f.form_title is not None and f.form_title.text == TITLE and f.form_title.value == "项目支出绩效自评表"
    )
    assert f.fiscal_year is not None and f.fiscal_year.value == 2022 and f.fiscal_year.text == YEAR_LINE
    assert f.project_name is not None and f.project_name.text == form.project
    assert f.project_name.cells == [cell_at(table, 0, 2).id]
    assert f.competent_dept is not None and f.competent_dept.text == DEPT
    assert f.impl_unit is not None and f.impl_unit.text == UNIT
    assert f.goal_expected is not None and f.goal_expected.text == form.goal_expected
    assert f.goal_actual is not None and f.goal_actual.text == form.goal_actual
    assert f.total_weight is not None and f.total_weight.value == 100
    assert f.total_score is not None and f.total_score.value == 100
    assert f.grade is None
    # funds: 4 rows × 6 columns, in printed order, each traced to its own cell
    assert got.funds.unit == "万元" and got.funds.title is not None
    assert [r.row for r in got.funds.rows] == list(FUNDS_IDS)
    for r, (funds_row, (label, cells)) in enumerate(zip(got.funds.rows, form.funds, strict=True)):
        assert funds_row.label == label and funds_row.label_cells == [cell_at(table, 3 + r, 1).id]
        for c, (column, text) in enumerate(zip(FUNDS_COLUMNS, cells, strict=False)):
            field = funds_row.column(column)
            assert field is not None and field.text == text, (label, PRINTED_FUNDS[c])
            assert field.cells == [cell_at(table, 3 + r, 2 + c).id]
        assert funds_row.exec_reason is None
    # indicators: one row per 三级指标, levels propagated from the merged cells
    shift = 1 if form.shifted else 0
    assert len(got.indicators) == len(form.indicators)
    for i, (row, (level1, level2, cells)) in enumerate(zip(got.indicators, form.indicators, strict=True)):
        assert row.level1 is not None and row.level1.text == level1 and row.level1.value == level1
        assert row.level2 is not None and row.level2.text == level2
        for j, (key, text) in enumerate(zip(IND_KEYS, cells, strict=True)):
            field = row.column(key)
            assert field is not None and field.text == text, (i, key)
            col = 3 if j == 0 else 3 + j + shift
            assert field.cells == [cell_at(table, 10 + i, col).id], (i, key)
        assert row.extra == {} and row.op is None and row.unit is None
    assert got.unmapped == [] and got.level1_weights == {}


@pytest.mark.parametrize("form", SEED_FORMS, ids=["sbjb", "sbk", "gqtx"])
def test_seed_forms(form: SeedForm) -> None:
    got, table = map_seed(form)
    assert_seed_form(got, form, table)


@pytest.mark.parametrize("form", SEED_FORMS, ids=["sbjb", "sbk", "gqtx"])
def test_empty_level_cells_mean_same_as_above(form: SeedForm) -> None:
    got, table = map_seed(form, merged_levels=False)
    assert_seed_form(got, form, table)
    assert got.indicators[1].level1 == got.indicators[0].level1  # copied, with the first row's cell


def test_parsed_values() -> None:
    got, _ = map_seed(FORM3)
    total, fiscal, carry, other = got.funds.rows
    assert total.budget_initial and total.budget_initial.value == 0
    assert total.executed and total.executed.value == 54.65
    assert total.exec_rate and total.exec_rate.value == pytest.approx(0.55)
    assert total.exec_weight and total.exec_weight.value == 10
    assert total.exec_score and total.exec_score.value == 100
    assert carry.budget_initial and carry.budget_initial.value == 50
    assert fiscal.exec_weight and fiscal.exec_weight.value is None and fiscal.exec_weight.text == "—"
    assert other.executed and other.executed.value is None and other.executed.text == ""
    first = got.indicators[0]
    assert first.target and first.target.value == CmpValue(op=None, number=98, unit="%")
    assert first.weight and first.weight.value == 20
    assert first.deviation and first.deviation.value == NaValue()
    cost = got.indicators[3]
    assert cost.level3 and cost.level3.value == cost.level3.text
    assert got.indicators[6].target and got.indicators[6].target.value == NaValue()


def test_shifted_cells_are_read_under_their_labels() -> None:
    got, table = map_seed(FORM1)
    row = got.indicators[0]
    assert row.target and row.target.cells == [cell_at(table, 10, 5).id]
    assert row.level3 and row.level3.cells == [cell_at(table, 10, 3).id]  # the empty shifted cell is dropped


def test_ocr_damaged_labels() -> None:
    damage = {
        "主管部门": "主管部1",
        "实施单位": "实 施单位:",
        "年度资金总额:": "年度资金总頟",
        "上年结转资金": "上年结转資金",
    }
    got, _ = map_seed(FORM3, labels=damage)
    assert got.fields.competent_dept and got.fields.competent_dept.text == DEPT
    assert got.fields.impl_unit and got.fields.impl_unit.text == UNIT
    assert [r.row for r in got.funds.rows] == list(FUNDS_IDS)
    assert got.funds.rows[0].label == "年度资金总頟"
    assert got.funds.rows[0].executed and got.funds.rows[0].executed.value == 54.65
    assert got.unmapped == []
    # the damaged label lowers the confidence of the values it names
    assert got.fields.competent_dept.confidence == pytest.approx(0.99 * 0.75)
    assert got.fields.project_name and got.fields.project_name.confidence == pytest.approx(0.99)
