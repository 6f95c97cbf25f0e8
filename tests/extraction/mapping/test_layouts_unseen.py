"""Layouts the fixed samples never show: the year in the title, two-row headers, a continuation page on
its own, weights in labels, a funds block with only its total, and tables that are not forms at all."""

from __future__ import annotations

from extraction.mapping import map_document, map_pages

from .grids import UP, make_page, make_table, text_block
from .seed import IND_COLUMNS

IND_HEAD = list(IND_COLUMNS)  # the national form's indicator header


def _national_top() -> list[list[str]]:
    return [
        ["项目名称", "乡村道路养护", "<", "<", "<", "<", "<", "<"],
        ["主管部门", "某县交通运输局", "<", "<", "实施单位", "某县公路站", "<", "<"],
    ]


def test_year_inside_the_title_line_is_split() -> None:
    table = make_table(
        [
            *_national_top(),
            IND_HEAD,
            ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "50", "50", "无"],
        ]
    )
    for line, year_text in (
        ("2020年度项目支出绩效自评表", "2020年度"),
        ("部门预算项目支出绩效自评表（2023年度）", "（2023年度）"),
    ):
        (form,) = map_pages([make_page(0, [table], [text_block(line, 100)])])
        assert form.fields.form_title is not None and form.fields.fiscal_year is not None
        assert "年度" not in form.fields.form_title.text
        assert form.fields.fiscal_year.text == year_text
        assert form.fields.fiscal_year.value == int(year_text.strip("（）年度"))


def test_two_row_indicator_header_keeps_every_column() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<", "<", "<", "<", "<", "<", "<"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "<",
            "<",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [UP, UP, UP, "指标性质", "指标值", "度量单位", UP, UP, UP, UP],
        ["产出指标", "数量指标", "养护里程", "≥", "50", "公里", "52", "50", "48", "无"],
        [UP, "质量指标", "验收合格率", "=", "100", "%", "100", "20", "20", "无"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert len(form.indicators) == 2
    first = form.indicators[0]
    assert first.level3 is not None and first.level3.text == "养护里程"
    assert first.op is not None and first.op.text == "≥"
    assert first.target is not None and first.target.text == "50"
    assert first.unit is not None and first.unit.text == "公里"
    assert first.actual is not None and first.actual.text == "52"
    assert first.weight is not None and first.weight.text == "50"
    assert first.score is not None and first.score.text == "48"
    assert form.indicators[1].level1 is not None and form.indicators[1].level1.text == "产出指标"


def test_continuation_page_alone_infers_columns_and_says_so() -> None:
    rows = [
        ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "20", "20", "无"],
        [UP, "质量指标", "验收合格率", "=100%", "100%", "20", "20", "无"],
        [UP, "时效指标", "完成时间", "2023年底前", "2023年11月", "10", "10", "无"],
        ["效益指标", "社会效益指标", "群众出行便利", "有所提升", "有所提升", "20", "18", "个别路段未完工"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", "无"],
        ["总分", "<", "<", "<", "<", "100", "98", ""],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)])])
    assert len(form.indicators) == 5
    last = form.indicators[4]
    assert last.level1 is not None and last.level1.text == "满意度指标"
    assert last.target is not None and last.target.text == "≥90%"
    assert last.actual is not None and last.actual.text == "95%"
    assert last.weight is not None and last.weight.text == "10"
    assert form.indicators[3].score is not None and form.indicators[3].score.text == "18"
    assert form.indicators[3].deviation is not None
    assert form.fields.total_score is not None and form.fields.total_score.text == "98"
    assert any("推断" in r or "inferred" in r for r in form.review.reasons)


def test_level1_weight_without_brackets_and_prefixed_names() -> None:
    rows = [
        *_national_top(),
        IND_HEAD,
        ["产出指标 40分", "数量指标", "指标1：免费发放原原种", "≥100吨", "120吨", "40", "40", "无"],
        ["效益指标（50分）", "社会效益指标", "指标2：带动农户增收", "≥500户", "520户", "50", "50", "无"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert set(form.level1_weights) == {"产出指标", "效益指标"}
    assert form.level1_weights["产出指标"].value == 40
    assert form.indicators[0].level3 is not None and form.indicators[0].level3.text == "指标1：免费发放原原种"


def test_funds_block_with_only_a_total_row() -> None:
    rows = [
        *_national_top(),
        ["年度资金总额", "300", "<", "<", "<", "<", "<", "<"],
        IND_HEAD,
        ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "100", "100", "无"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    (total,) = form.funds.rows
    assert total.row == "total" and total.budget_full_year is not None
    assert total.budget_full_year.value == 300


def test_table_with_total_row_and_project_name_is_no_form() -> None:
    rows = [
        ["序号", "项目名称", "预算数", "执行数", "执行率"],
        ["1", "道路维修", "100", "90", "90%"],
        ["2", "校舍改造", "50", "50", "100%"],
        ["合计", "<", "150", "140", "93.3%"],
    ]
    mapped = map_document(
        [make_page(0, [make_table(rows)], [text_block("2022年重点项目支出决算明细表", 100)])]
    )
    assert mapped.forms == []
    (refused,) = mapped.not_forms
    assert refused.tables == ["p0t0"] and "not a self-assessment form" in refused.reason


def test_labels_no_synonym_list_has_are_read_from_their_words() -> None:
    rows = [
        ["专项资金名称", "农田水利补助", "县级主管部门", "某县水利局"],
        ["资金情况（万元）", "预算安排数", "实际支出数", "支出率"],
        ["合计", "200", "180", "90%"],
        ["其中：中央、省、市补助县级资金", "150", "150", "100%"],
        ["指标名称", "绩效目标值", "实际值", "未完成原因分析"],
        ["灌溉面积", "≥1000亩", "1100亩", "无"],
        ["工程验收合格率", "100%", "100%", "无"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert form.fields.project_name is not None and form.fields.project_name.text == "农田水利补助"
    assert form.fields.competent_dept is not None and form.fields.competent_dept.text == "某县水利局"
    total, sub = form.funds.rows
    assert (total.row, sub.row) == ("total", "fiscal_current")
    assert total.budget_full_year is not None and total.budget_full_year.value == 200
    assert total.executed is not None and total.executed.value == 180
    assert total.exec_rate is not None and total.exec_rate.value == 0.9
    first = form.indicators[0]
    assert (first.level3, first.target, first.actual, first.deviation) != (None, None, None, None)
    assert first.target is not None and first.target.text == "≥1000亩"
    assert first.actual is not None and first.actual.text == "1100亩"


def test_value_cells_that_read_like_labels_do_not_make_a_header_row() -> None:
    rows = [
        *_national_top(),
        IND_HEAD,
        ["产出指标", "时效指标", "项目实施进度", "按时完成", "按时完成", "50", "50", "无"],
        ["效益指标", "社会效益指标", "实施单位满意", "≥90%", "95%", "50", "50", "无"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert len(form.indicators) == 2
    assert form.fields.impl_unit is not None and form.fields.impl_unit.text == "某县公路站"


def test_funds_on_their_side_sources_across_measures_down() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<", "<"],
        ["项目资金（万元）", "项目", "合计", "财政拨款", "其他资金"],
        [UP, "预算数", "300", "200", "100"],
        [UP, "执行数", "270", "190", "80"],
        [UP, "执行率", "90%", "95%", "80%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert [r.row for r in form.funds.rows] == ["total", "fiscal_current", "other"]
    total = form.funds.rows[0]
    assert total.budget_full_year is not None and total.budget_full_year.value == 300
    assert total.executed is not None and total.executed.value == 270
    assert total.exec_rate is not None and total.exec_rate.value == 0.9
    other = form.funds.rows[2]
    assert other.executed is not None and other.executed.cells == ["p0t0r3c4"]
    assert form.funds.title is not None and form.funds.title.text == "项目资金（万元）"
    assert len(form.indicators) == 1


def test_two_row_header_under_a_spanning_block_title() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<", "<", "<", "<"],
        ["绩效指标", "<", "<", "指标值", "<", "分值", "得分"],
        ["一级指标", "二级指标", "三级指标", "年度目标", "实际完成", UP, UP],
        ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "50", "48"],
        ["效益指标", "社会效益指标", "出行便利", "有所提升", "有所提升", "50", "50"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], [text_block("项目支出绩效自评表", 100)])])
    assert len(form.indicators) == 2
    first = form.indicators[0]
    texts = {
        k: (first.column(k).text if first.column(k) else None)
        for k in ("level1", "level3", "target", "actual", "weight", "score")
    }
    assert texts == {
        "level1": "产出指标",
        "level3": "养护里程",
        "target": "≥50公里",
        "actual": "52公里",
        "weight": "50",
        "score": "48",
    }


def test_first_page_alone_without_title_is_still_a_form() -> None:
    rows = [
        *_national_top(),
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率", "<", "<", "<"],
        [UP, "100", "100", "95", "95%", "<", "<", "<"],
        IND_HEAD,
    ]
    mapped = map_document([make_page(0, [make_table(rows)])])
    assert len(mapped.forms) == 1, mapped.not_forms
