"""Labels no synonym list has, settled by their words, their place in the grid and what their column
holds: an unknown level-3 label, goal labels built on 实际 / 预期, a funds measure one character from
another, a long funding-source name, and goal texts that must not read as funding sources."""

from __future__ import annotations

from extraction.mapping import map_pages
from extraction.mapping.keywords import keyword_match, label_or_words

from .grids import UP, make_page, make_table, text_block
from .seed import IND_COLUMNS

TITLE = [text_block("项目支出绩效自评表", 100)]


def _indicators(level3_label: str, names: list[str], extra: list[str] | None = None) -> list[list[str]]:
    head = ["一级指标", "二级指标", level3_label, "年度指标值", "实际完成值", "分值", "得分"]
    rows = [head + (["指标解释"] if extra else [])]
    for i, name in enumerate(names):
        row = ["产出指标", "数量指标" if i < 2 else "质量指标", name, "≥10个", "12个", "10", "10"]
        rows.append(row + ([extra[i]] if extra else []))
    return rows


def test_level3_column_under_an_unknown_label_is_read_from_its_names() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<", "<", "<", "<"],
        *_indicators("考核要点", ["养护里程", "桥梁数", "合格率"]),
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    assert [r.level3.text if r.level3 else None for r in form.indicators] == ["养护里程", "桥梁数", "合格率"]
    assert all("考核要点" not in r.extra for r in form.indicators)
    assert any("三级指标" in reason for reason in form.review.reasons)


def test_a_column_repeating_a_few_phrases_is_not_taken_for_level3_names() -> None:
    rows = _indicators("三级指标", ["养护里程", "桥梁数", "合格率"], extra=["按年度统计"] * 3)
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    assert form.indicators[0].level3 is not None and form.indicators[0].level3.text == "养护里程"
    assert form.indicators[0].extra["指标解释"].text == "按年度统计"


def test_goal_labels_are_read_from_their_words() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<"],
        ["年度总体目标", "年度预期目标", "<", "实际达成目标"],
        [UP, "完成道路养护50公里", "<", "完成养护52公里"],
        *[r[:4] for r in _indicators("三级指标", ["养护里程", "桥梁数"])],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    assert form.fields.goal_expected is not None and form.fields.goal_expected.text == "完成道路养护50公里"
    assert form.fields.goal_actual is not None and form.fields.goal_actual.text == "完成养护52公里"


def test_goal_texts_naming_local_funds_are_not_a_row_of_funding_sources() -> None:
    rows = [
        ["项目名称", "县级储备粮", "<", "<"],
        ["项目资金（万元）", "全年预算数", "全年执行数", "执行率"],
        [UP, "100", "100", "100%"],
        ["年度总体目标", "年初设定目标", "<", "全年实际完成情况"],
        [UP, "保持和稳定地方粮食储备机制", "<", "地方储备粮食规模达标"],
        *[r[:4] for r in _indicators("三级指标", ["储备到位率", "库存真实率"])],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    assert (
        form.fields.goal_expected is not None
        and form.fields.goal_expected.text == "保持和稳定地方粮食储备机制"
    )
    assert form.fields.goal_actual is not None and form.fields.goal_actual.text == "地方储备粮食规模达标"


def test_transposed_funds_with_a_weight_row_and_a_long_source_name() -> None:
    rows = [
        ["项目名称", "乡村道路养护", "<", "<"],
        ["项目资金（万元）", "项目", "合计", "其中：上级财政专项转移支付资金"],
        [UP, "全年预算数", "300", "200"],
        [UP, "全年执行数", "270", "190"],
        [UP, "执行率满分", "10", "—"],
        [UP, "执行率", "90%", "95%"],
        *[r[:4] for r in _indicators("三级指标", ["养护里程", "桥梁数"])],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    total, fiscal = form.funds.rows
    assert (total.row, fiscal.row) == ("total", "fiscal_current")
    assert total.exec_weight is not None and total.exec_weight.value == 10
    assert total.exec_rate is not None and total.exec_rate.value == 0.9
    assert fiscal.executed is not None and fiscal.executed.value == 190


def test_the_last_word_names_the_thing_and_departments_are_the_competent_side() -> None:
    assert label_or_words("执行率满分", "funds_columns") is not None
    assert label_or_words("执行率满分", "funds_columns").id == "exec_weight"  # type: ignore[union-attr]
    assert label_or_words("执行率得分", "funds_columns").id == "exec_score"  # type: ignore[union-attr]
    assert label_or_words("资金执行率", "funds_columns").id == "exec_rate"  # type: ignore[union-attr]
    assert keyword_match("归口部门", "header").id == "competent_dept"  # type: ignore[union-attr]
    assert keyword_match("实施部门", "header").id == "impl_unit"  # type: ignore[union-attr]
    assert keyword_match("实际达成目标", "goals").id == "goal_actual"  # type: ignore[union-attr]
    assert keyword_match("年度预期目标", "goals").id == "goal_expected"  # type: ignore[union-attr]


def test_next_page_shown_larger_keeps_the_columns_of_the_first() -> None:
    """A photo of page two taken closer: its table is wider in pixels, its columns the same on paper."""
    first = [
        ["项目名称", "乡村道路养护", *["<"] * 6],
        list(IND_COLUMNS),
        ["产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "50", "50", "无"],
    ]
    rest = [["效益指标", "社会效益指标", "出行便利", "明显改善", "明显改善", "50", "45", "进度滞后"]]
    pages = [
        make_page(0, [make_table(first)], TITLE),
        make_page(1, [make_table(rest, page=1, x0=60, col_w=128)]),
    ]
    (form,) = map_pages(pages)
    second = form.indicators[1]
    assert second.target is not None and second.target.text == "明显改善"
    assert second.weight is not None and second.weight.value == 50
    assert second.deviation is not None and second.deviation.text == "进度滞后"


def test_target_column_under_a_misread_label_is_read_from_its_operators() -> None:
    head = ["一级指标", "二级指标", "三级指标", "实际完成值", "分值", "得分", "备注", "自标值"]
    rows = [
        head,
        ["产出指标", "数量指标", "养护里程", "52公里", "50", "50", "", "≥50公里"],
        ["效益指标", "社会效益指标", "出行便利", "明显改善", "30", "30", "无", "明显改善"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "92%", "20", "20", "", "≥90%"],
    ]
    (form,) = map_pages([make_page(0, [make_table(rows)], TITLE)])
    assert [r.target.text if r.target else None for r in form.indicators] == ["≥50公里", "明显改善", "≥90%"]
    assert any("年度指标值" in reason for reason in form.review.reasons)
    assert all("备注" in r.extra or r.extra == {} for r in form.indicators)


def test_a_group_label_on_the_next_page_stays_out_of_the_level1_column() -> None:
    """Page two repeats the row-spanning 绩效指标(90分) label left of the level-1 column; its right
    edge reaches a few pixels past where 一级指标 begins on page one (the page is drawn a little
    differently): that sliver must not make it part of the level-1 names of the rows it spans."""
    first = [
        ["项目名称", "乡村道路养护", *["<"] * 7],
        ["绩效指标(90分)", *IND_COLUMNS],
        [UP, "产出指标", "数量指标", "养护里程", "≥50公里", "52公里", "50", "50", "无"],
    ]
    rest = make_table(
        [
            [
                "绩效指标(90分)",
                "效益指标",
                "社会效益指标",
                "出行便利",
                "明显改善",
                "明显改善",
                "25",
                "25",
                "无",
            ],
            [UP, UP, "生态效益指标", "秸秆利用率", "≥90%", "92%", "25", "25", ""],
        ],
        page=1,
    )
    nudged = [  # page two's first column edge 4 px to the right
        c.model_copy(
            update={
                "bbox": (c.bbox[0] + 4 * (c.col == 1), c.bbox[1], c.bbox[2] + 4 * (c.col == 0), c.bbox[3])
            }
        )
        for c in rest.cells
    ]
    pages = [
        make_page(0, [make_table(first)], TITLE),
        make_page(1, [rest.model_copy(update={"cells": nudged})]),
    ]
    (form,) = map_pages(pages)
    assert [r.level1.text if r.level1 else None for r in form.indicators] == [
        "产出指标",
        "效益指标",
        "效益指标",
    ]
