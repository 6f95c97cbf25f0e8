"""Forms across tables and pages: two-page joins, several forms per document, pages without forms."""

from __future__ import annotations

from extraction.mapping import map_pages

from .grids import LEFT, UP, make_page, make_table, text_block
from .test_variants import national
from .variants import VariantForm, total_row, variant_rows

ROWS = (
    ("产出指标(50分)", "数量指标", "培训人数", "≥100人", "120人", "30", "30", "无"),
    ("", "质量指标", "培训合格率", "≥95%", "97%", "20", "20", "无"),
    ("效益指标(30分)", "社会效益指标", "就业率", "≥80%", "85%", "30", "30", "无"),
    ("满意度指标(10分)", "服务对象满意度指标", "学员满意度", "≥90%", "93%", "10", "10", "无"),
)
FORM = national(indicators=ROWS, funds=(("年度资金总额", ("80", "80", "80", "10", "100%", "10")),))


def first_page(form: VariantForm, n_first: int, *, page: int = 0) -> list[list[str]]:
    head = VariantForm(**{**form.__dict__, "indicators": form.indicators[:n_first]})
    return variant_rows(head, with_total=False)


def continuation(
    form: VariantForm, n_first: int, *, repeat_header: bool, extra_split: bool = False
) -> list[list[str]]:
    """Page 2: the indicator title merged down column 0, maybe the column labels again, the rest, 总分.
    With `extra_split` the page's grid has one more vertical rule (a different grid from page 1)."""
    rows: list[list[str]] = []
    rest = form.indicators[n_first:]
    if repeat_header:
        rows.append([form.ind_title, *form.ind_columns])
    for cells in rest:
        first = UP if rows else form.ind_title
        # an empty 一级/二级 cell merges with the one above, except on the page's first row
        rows.append([first, *(c if c or j > 1 or first != UP else UP for j, c in enumerate(cells))])
    total = total_row(form)
    assert total is not None
    rows.append(total)
    if extra_split:
        rows = [[*r, LEFT if r[-1] not in (UP,) else UP] for r in rows]
    return rows


def test_two_page_form_with_repeated_header() -> None:
    p0 = make_page(0, [make_table(first_page(FORM, 2))], [text_block("项目支出绩效自评表", 100)])
    p1 = make_page(1, [make_table(continuation(FORM, 2, repeat_header=True), page=1, y0=200)])
    (form,) = map_pages([p0, p1])
    assert form.pages == [0, 1]
    assert [r.level3.text for r in form.indicators if r.level3] == [
        "培训人数",
        "培训合格率",
        "就业率",
        "学员满意度",
    ]
    assert form.indicators[2].level3 and form.indicators[2].level3.cells == ["p1t0r1c3"]
    assert form.fields.total_score and form.fields.total_score.cells == ["p1t0r3c7"]
    assert {k: v.value for k, v in form.level1_weights.items()} == {
        "产出指标": 50,
        "效益指标": 30,
        "满意度指标": 10,
    }


def test_two_page_form_without_header_on_another_grid() -> None:
    """No column labels on page 2 and a different grid: columns are matched by x position."""
    p0 = make_page(0, [make_table(first_page(FORM, 1))])
    rest = VariantForm(**{**FORM.__dict__, "indicators": (("", *ROWS[1][1:]), *ROWS[2:])})
    rows = continuation(rest, 0, repeat_header=False, extra_split=True)
    p1 = make_page(1, [make_table(rows, page=1, y0=150, x0=100)])
    (form,) = map_pages([p0, p1])
    assert form.pages == [0, 1] and len(form.indicators) == 4
    second = form.indicators[1]
    assert second.level1 and second.level1.text == "产出指标(50分)"  # same as above, across the page break
    assert second.level2 and second.level2.text == "质量指标"
    assert second.target and second.target.text == "≥95%" and second.score and second.score.value == 20
    assert second.deviation and second.deviation.text == "无"
    assert form.fields.total_weight and form.fields.total_weight.value == 100
    assert form.level1_weights["产出指标"].cells == ["p0t0r7c1"]


def test_two_forms_in_one_document() -> None:
    other = national(
        header=(("项目名称", "职业技能提升行动"), ("主管部门", "某市人社局"), ("实施单位", "某市就业中心"))
    )
    pages = [
        make_page(0, [make_table(variant_rows(FORM))], [text_block("项目支出绩效自评表", 100)]),
        make_page(1, [make_table(variant_rows(other), page=1)], [text_block("项目支出绩效自评表", 100)]),
    ]
    first, second = map_pages(pages)
    assert (first.id, first.pages, second.id, second.pages) == ("f0", [0], "f1", [1])
    assert first.fields.project_name and first.fields.project_name.text == "农村饮水安全巩固提升工程"
    assert second.fields.project_name and second.fields.project_name.text == "职业技能提升行动"
    assert len(first.indicators) == 4 and len(second.indicators) == 1


def test_two_forms_without_titles_in_one_table() -> None:
    rows = variant_rows(FORM) + variant_rows(national())
    first, second = map_pages([make_page(0, [make_table(rows)])])
    assert len(first.indicators) == 4 and len(second.indicators) == 1
    assert second.fields.competent_dept and second.fields.competent_dept.text == "某县水利局"


def test_pages_without_a_form() -> None:
    assert map_pages([]) == []
    assert map_pages([make_page(0, [], [text_block("附件2", 100)])]) == []
    notes = make_table([["单位名称", "某县水利局"], ["联系电话", "0951-1234567"]])
    assert map_pages([make_page(0, [notes])]) == []
    # an unrelated table after a form neither joins it nor starts another
    pages = [
        make_page(0, [make_table(variant_rows(FORM))]),
        make_page(1, [make_table([["单位名称", "某县水利局"]], page=1)]),
    ]
    (form,) = map_pages(pages)
    assert form.pages == [0] and form.unmapped == []


def test_unmapped_labels_and_title_cell() -> None:
    form = national(
        header=(
            ("项目名称", "农村饮水工程"),
            ("项目编码", "P-2023-01"),
            ("主管部门", "某县水利局"),
            ("实施单位", "某县供水站"),
        ),
        header_rows=(2, 2),
    )
    rows = [["某县项目支出绩效自评表（2023年度）", *[LEFT] * 8], *variant_rows(form)]
    rows.append(["填报人", LEFT, LEFT, "张三"])
    (got,) = map_pages([make_page(0, [make_table(rows)])])
    assert got.fields.form_title and got.fields.form_title.cells == ["p0t0r0c0"]
    assert got.fields.form_title.value == "项目支出绩效自评表"
    assert got.fields.fiscal_year and got.fields.fiscal_year.value == 2023
    assert got.fields.project_name and got.fields.project_name.text == "农村饮水工程"
    assert [(u.label, u.text) for u in got.unmapped] == [("项目编码", "P-2023-01"), ("填报人", "张三")]
    assert got.unmapped[0].cells == ["p0t0r1c3", "p0t0r1c4"]


def test_extra_synonyms_reach_the_mapper() -> None:
    form = national(
        header=(("项目名称", "农村饮水工程"), ("归口单位", "某县水利局"), ("实施单位", "某县供水站"))
    )
    (got,) = map_pages([make_page(0, [make_table(variant_rows(form))])])
    assert got.fields.competent_dept is None and got.unmapped[0].label == "归口单位"
    (got,) = map_pages(
        [make_page(0, [make_table(variant_rows(form))])],
        extra_synonyms={"header.competent_dept": ["归口单位"]},
    )
    assert got.fields.competent_dept and got.fields.competent_dept.text == "某县水利局" and got.unmapped == []


def test_note_unit_line_sets_amount_unit() -> None:
    form = national(
        funds_title="资金情况", funds=(("年度资金总额", ("800000", "800000", "720000", "10", "90%", "9")),)
    )
    page = make_page(
        0,
        [make_table(variant_rows(form))],
        [text_block("项目支出绩效自评表", 100), text_block("单位：元", 200)],
    )
    (got,) = map_pages([page])
    assert got.funds.unit == "元"
    assert got.funds.rows[0].executed and got.funds.rows[0].executed.value == 72


def test_title_repeated_over_a_continuation_page() -> None:
    title = [text_block("项目支出绩效自评表", 100)]
    p0 = make_page(0, [make_table(first_page(FORM, 2))], title)
    p1 = make_page(1, [make_table(continuation(FORM, 2, repeat_header=True), page=1, y0=200)], title)
    (form,) = map_pages([p0, p1])
    assert form.pages == [0, 1] and len(form.indicators) == 4


def test_goals_with_labels_on_the_left() -> None:
    """预期目标 · text and 实际完成情况 · text on two rows under one 年度总体目标 title."""
    rows = variant_rows(FORM)
    goal_at = next(i for i, r in enumerate(rows) if r[0] == "年度总体目标")
    rows[goal_at : goal_at + 2] = [
        ["年度总体目标", "预期目标", "完成年度工作任务。", *[LEFT] * 6],
        [UP, "实际完成情况", "已完成年度工作任务。", *[LEFT] * 6],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)])])
    assert form.fields.goal_expected and form.fields.goal_expected.text == "完成年度工作任务。"
    assert form.fields.goal_actual and form.fields.goal_actual.text == "已完成年度工作任务。"
    assert len(form.indicators) == 4 and form.unmapped == []


def test_header_value_cell_swallowing_the_next_label() -> None:
    """A missed vertical rule: 主管部门 · `某县水利局实施单位某县供水站` in one cell."""
    rows = variant_rows(FORM)
    rows[1] = ["主管部门", LEFT, "某县水利局实施单位：某县供水站", *[LEFT] * 6]
    (form,) = map_pages([make_page(0, [make_table(rows)])])
    dept, unit = form.fields.competent_dept, form.fields.impl_unit
    assert dept and dept.text == "某县水利局" and dept.cells == ["p0t0r1c2"] and dept.confidence < 0.99
    assert unit and unit.text == "某县供水站" and unit.cells == ["p0t0r1c2"]
