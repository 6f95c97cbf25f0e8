from extraction.mapping.fields import make_field, restore_dash
from models.record import Cell


def test_lone_dash_readings_become_the_printed_dash():
    for reading in ("一", "_", "-", "－", "—"):
        assert restore_dash(reading) == "—"
    assert restore_dash("一级") == "一级"
    assert restore_dash("10") == "10"


def test_funds_sub_row_dash_cell_is_kept_as_dash():
    cell = Cell(id="p0t0r5c6", row=5, col=6, bbox=(0, 0, 10, 10), text="一", confidence=0.8)
    field = make_field([cell], "funds.fiscal_current.exec_weight")
    assert field.text == "—" and field.value is None and field.cells == ["p0t0r5c6"]


def test_operator_column_reads_er_as_equals_and_specks_around_dash_are_dropped():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("indicators[1].op", "二") == "="
    assert repair_reading("indicators[1].level3", "二") == "二"
    assert repair_reading("funds.fiscal_current.exec_score", "·一") == "—"


def test_greater_equal_with_its_foot_read_apart_is_still_an_operator():
    from extraction.mapping.fields import repair_reading

    for reading in ("VI", "三", "M", "N|", "Z"):
        assert repair_reading("indicators[0].op", reading) == "≥"
    assert repair_reading("indicators[0].op", "") == ""  # an empty operator cell stays empty
    assert repair_reading("indicators[0].op", "VIP") == "VIP"
    assert repair_reading("indicators[0].level3", "VI") == "VI"


def test_lone_marks_misread_on_faxes_and_specks_beside_short_words():
    assert restore_dash("尤") == "无" and restore_dash("乙") == "/"
    assert restore_dash(".无") == "无" and restore_dash("成本.") == "成本"
    assert restore_dash("社会认可的办学环境.") == "社会认可的办学环境."  # a typed sentence keeps its stop
    assert restore_dash("尤其") == "尤其" and restore_dash("10.") == "10."


def test_dust_between_chinese_characters_is_dropped_but_list_numbers_keep_their_dot():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("funds.title", "预算.执行情况") == "预算执行情况"
    assert repair_reading("indicators[0].level3", "12.群众满意度") == "12.群众满意度"
    assert repair_reading("indicators[0].target", "≥2.5万元") == "≥2.5万元"
    assert restore_dash("八") == "/"
    assert repair_reading("indicators[0].level3", "标准(≥**元/人·月)") == "标准(≥**元/人·月)"
    assert repair_reading("indicators[0].target", "≥.100%") == "≥100%"


def test_a_slash_read_as_a_stroke_in_operator_and_unit_cells():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("indicators[2].op", "1") == "/"
    assert repair_reading("indicators[2].unit", "l") == "/"
    assert repair_reading("indicators[2].weight", "1") == "1"


def test_funds_sub_rows_weights_as_slashes_wrapped_weights_and_number_specks():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("funds.fiscal_current.exec_weight", "1") == "/"
    assert repair_reading("funds.other[1].exec_score", "乙") == "/"
    assert repair_reading("funds.total.exec_weight", "1") == "1"  # the total's weight is a number
    assert repair_reading("indicators[0].level1", "产出指标(50分") == "产出指标(50分)"
    assert repair_reading("indicators[0].level1", "产出指标（50分") == "产出指标（50分）"
    assert repair_reading("indicators[0].weight", "10.") == "10"
    assert repair_reading("indicators[0].score", "9.5") == "9.5"
    assert repair_reading("fields.total_score", ".93.95") == "93.95"
    assert repair_reading("indicators[0].weight", ".5") == "5"


def test_a_percent_sign_read_as_digits_in_a_unit_cell():
    from extraction.mapping.fields import repair_reading

    for reading in ("0", "00", "%0", "%6", "96", "%％"):
        assert repair_reading("indicators[1].unit", reading) == "%"
    assert repair_reading("indicators[1].unit", "万元") == "万元"
    assert repair_reading("indicators[1].actual", "00") == "00"
    assert repair_reading("indicators[2].op", "目") == "="


def test_mu_read_as_ri_where_only_mu_makes_a_word_and_a_rate_percent_read_as_96():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("fields.project_name", "补贴到户项日") == "补贴到户项目"
    assert repair_reading("fields.goal_expected", "村级工作日标奖励") == "村级工作目标奖励"
    assert repair_reading("fields.goal_expected", "每日巡查") == "每日巡查"
    assert repair_reading("funds.total.exec_rate", "8696") == "86%"
    assert repair_reading("funds.total.exec_rate", "86.5%") == "86.5%"
    assert repair_reading("funds.total.executed", "8696") == "8696"
    assert (
        repair_reading("indicators[0].deviation", "执行每日标准，此项日常工作")
        == "执行每日标准，此项日常工作"
    )


def test_a_percent_sign_read_with_its_ring_twice_is_one_percent_sign():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("funds.total.exec_rate", "98.93%0") == "98.93%"
    assert repair_reading("indicators[3].target", "≥90%o") == "≥90%"
    assert repair_reading("indicators[6].actual", "97%6") == "97%"
    assert repair_reading("indicators[6].actual", "97%") == "97%"
    assert repair_reading("indicators[9].unit", "%00") == "%00"  # may be ‰: left as read
    assert repair_reading("indicators[6].actual", "5%06") == "5%06"  # more than one ring: not ours
    assert repair_reading("indicators[6].level3", "比例%o0") == "比例%o0"


def test_a_speck_before_a_value_and_wei_read_as_mo():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("indicators[5].target", "·98%") == "98%"
    assert repair_reading("indicators[2].actual", ".1630人次") == "1630人次"
    assert repair_reading("indicators[2].actual", "0.5") == "0.5"
    assert repair_reading("indicators[4].actual", "末完成") == "未完成"
    assert repair_reading("indicators[4].actual", "年末完成") == "年末完成"
    assert repair_reading("indicators[4].level3", "末端治理") == "末端治理"
