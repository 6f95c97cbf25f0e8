from bench.metrics.fields import score_fields
from bench.metrics.text import field_right, normalize
from tests.bench.helpers import document, f, form, indicator


def test_perfect_match_is_one():
    score = score_fields(document(), document())
    assert (score.header.right, score.header.total) == (2, 2)
    assert (score.funds.right, score.funds.total) == (3, 3)
    assert (score.indicator.right, score.indicator.total) == (14, 14)
    assert score.all.accuracy == 1.0
    assert not score.wrong


def test_one_wrong_indicator_cell():
    pred = form()
    pred.indicators[1].score = f("70", 70)
    score = score_fields(document([pred]), document())
    assert score.indicator.accuracy == 13 / 14
    assert score.all.accuracy == 18 / 19
    assert [w.path for w in score.wrong] == ["forms[0].indicators[1].score"]


def test_missing_indicator_row_counts_all_its_fields_wrong():
    pred = form()
    del pred.indicators[0]
    score = score_fields(document([pred]), document())
    assert score.missing_rows == 1 and score.extra_rows == 0
    assert (score.indicator.right, score.indicator.total) == (7, 14)
    assert score.all.accuracy == 12 / 19


def test_extra_indicator_row_adds_errors():
    pred = form()
    pred.indicators.insert(1, indicator("多读出来的一行", 50, 50, 5, 5))
    score = score_fields(document([pred]), document())
    assert score.extra_rows == 1 and score.missing_rows == 0
    assert (score.indicator.right, score.indicator.total) == (14, 21)


def test_misread_level3_still_aligns_to_its_row():
    pred = form()
    pred.indicators[0].level3 = f("全市参保人员及退休职工待遇按时发效", "全市参保人员及退休职工待遇按时发效")
    score = score_fields(document([pred]), document())
    assert score.missing_rows == 0 and score.extra_rows == 0
    assert score.indicator.right == 13


def test_garbled_level3_between_aligned_rows_keeps_its_slot():
    pred = form()
    pred.indicators.insert(0, indicator("第一行", 10, 10, 5, 5))
    truth = form()
    truth.indicators.insert(0, indicator("第一行", 10, 10, 5, 5))
    pred.indicators[1].level3 = f("乱码乱码", "乱码乱码")  # too unlike to pair on its own
    score = score_fields(document([pred]), document([truth]))
    assert score.missing_rows == 0 and score.extra_rows == 0
    assert (score.indicator.right, score.indicator.total) == (20, 21)


def test_typed_value_equal_with_other_text_is_right_and_widths_fold():
    truth = form()
    pred = form()
    assert pred.funds.rows[0].executed is not None
    pred.funds.rows[0].executed = f("80.00万元", 80.0)  # same value, other print
    pred.fields.project_name = f("社会保险 经办服务", None)  # whitespace is not an error
    pred.indicators[0].target = f(
        "≥98％", truth.indicators[0].target.value if truth.indicators[0].target else None
    )
    score = score_fields(document([pred]), document([truth]))
    assert score.all.accuracy == 1.0


def test_typed_value_wrong_is_wrong_even_if_text_matches():
    pred = form()
    pred.funds.rows[0].budget_initial = f("80万元", 800)
    score = score_fields(document([pred]), document())
    assert score.funds.right == 2


def test_failed_file_counts_every_truth_field_wrong():
    score = score_fields(None, document())
    assert (score.all.right, score.all.total) == (0, 19)
    assert score.missing_rows == 2


def test_field_only_in_prediction_is_an_error_and_empty_fields_are_absent():
    pred = form()
    pred.fields.grade = f("优", "优")
    pred.fields.total_score = f("", None)  # an empty cell mapped: not a field
    score = score_fields(document([pred]), document())
    assert (score.header.right, score.header.total) == (2, 3)


def test_normalize_and_field_right():
    assert normalize(" ≥ 98％\n") == "≥98%"
    assert normalize("（2022年度）") == "(2022年度)"
    assert normalize("—") == normalize("－") == "-"
    assert field_right(None, None) is None
    assert field_right(f("a"), None) is False
    assert field_right(f("100", 100), f("100.0", 100.0)) is True
