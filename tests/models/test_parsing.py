"""Example-based tests of the value grammar (form.md §3)."""

import pytest

from models.parsing import (
    combine_split,
    is_na,
    normalize_text,
    parse_amount,
    parse_indicator_value,
    parse_number,
    parse_op,
    parse_rate,
    parse_year,
    printed_decimals,
)
from models.values import CmpValue, DateValue, NaValue, Op, QualClass, QualValue, TextValue


@pytest.mark.parametrize("text", ["", "  ", "无", "—", "——", "-", "/", "／", "*", "不适用", "－", " 无 "])
def test_na_spellings(text):
    assert is_na(text)
    assert parse_indicator_value(text) == NaValue()


@pytest.mark.parametrize("text", ["0", "无人机", "100%", "完成", "一"])
def test_not_na(text):
    assert not is_na(text)


@pytest.mark.parametrize(
    ("text", "op", "number", "unit"),
    [
        ("≥95%", Op.GE, 95, "%"),
        (">=95%", Op.GE, 95, "%"),
        ("≧95%", Op.GE, 95, "%"),
        ("＞＝９５％", Op.GE, 95, "%"),
        ("不低于90%", Op.GE, 90, "%"),
        ("不少于50个", Op.GE, 50, "个"),
        ("达到100%", Op.GE, 100, "%"),
        (">3次", Op.GT, 3, "次"),
        ("＞3次", Op.GT, 3, "次"),
        ("超过1000人", Op.GT, 1000, "人"),
        ("=8个", Op.EQ, 8, "个"),
        ("＝100%", Op.EQ, 100, "%"),
        ("﹦100%", Op.EQ, 100, "%"),
        ("≤90万元", Op.LE, 90, "万元"),
        ("<=10次", Op.LE, 10, "次"),
        ("≦10次", Op.LE, 10, "次"),
        ("不超过5%", Op.LE, 5, "%"),
        ("不高于202.6万元", Op.LE, 202.6, "万元"),
        ("控制在5%以内", Op.LE, 5, "%"),
        ("<1%", Op.LT, 1, "%"),
        ("＜1%", Op.LT, 1, "%"),
        ("低于3%", Op.LT, 3, "%"),
        ("98%以上", Op.GE, 98, "%"),
        ("5%以下", Op.LE, 5, "%"),
        ("30万元以内", Op.LE, 30, "万元"),
        ("100人左右", Op.ABOUT, 100, "人"),
        ("≥100百分比", Op.GE, 100, "%"),
        ("98%", None, 98, "%"),
        ("100.00%", None, 100, "%"),
        ("150万", None, 150, "万"),
        ("29.5亩", None, 29.5, "亩"),
        ("≥11.376万元", Op.GE, 11.376, "万元"),
        ("10台套", None, 10, "台套"),
        ("≥266米", Op.GE, 266, "米"),
        ("≤10次", Op.LE, 10, "次"),
        ("1,234.5人次", None, 1234.5, "人次"),
        ("１，２３４人", None, 1234, "人"),
        ("500元/人", None, 500, "元/人"),
        ("≥ 95 %", Op.GE, 95, "%"),
        ("≥3年", Op.GE, 3, "年"),
        ("3个工作日内", Op.LE, 3, "个工作日"),
        ("≥95%。", Op.GE, 95, "%"),
        ("14726", None, 14726, None),
        ("-2%", None, -2, "%"),
    ],
)
def test_cmp(text, op, number, unit):
    assert parse_indicator_value(text) == CmpValue(op=op, number=number, unit=unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年12月底前", DateValue(year=2022, month=12, deadline=True)),
        ("2022年12月31日前", DateValue(year=2022, month=12, day=31, deadline=True)),
        ("12月底前", DateValue(month=12, deadline=True)),
        ("年底前", DateValue(month=12, deadline=True)),
        ("年内", DateValue(month=12, deadline=True)),
        ("2022年底", DateValue(year=2022, month=12)),
        ("2022年12月", DateValue(year=2022, month=12)),
        ("2022年6月完成", DateValue(year=2022, month=6)),
        ("2022.12.31前", DateValue(year=2022, month=12, day=31, deadline=True)),
        ("按月", DateValue(period="按月")),
        ("按季度", DateValue(period="按季")),
        ("按时", DateValue(period="按时")),
        ("及时", DateValue(period="及时")),
        ("按时完成", DateValue(period="按时")),
        ("第3季度", DateValue(quarter=3)),
        ("第三季度", DateValue(quarter=3)),
        ("2022年第4季度前", DateValue(year=2022, quarter=4, deadline=True)),
    ],
)
def test_dates(text, expected):
    assert parse_indicator_value(text) == expected


@pytest.mark.parametrize(
    ("text", "cls", "ambiguous"),
    [
        ("达成年度指标", QualClass.ACH, False),
        ("达成预期指标", QualClass.ACH, False),
        ("达到预期", QualClass.ACH, False),
        ("已完成", QualClass.ACH, False),
        ("全部完成", QualClass.ACH, False),
        ("完成", QualClass.ACH, False),
        ("合格", QualClass.ACH, False),
        ("符合要求", QualClass.ACH, False),
        ("应保尽保", QualClass.ACH, False),
        ("效果明显", QualClass.ACH, False),
        ("有所提升", QualClass.ACH, False),
        ("良好", QualClass.ACH, False),
        ("是", QualClass.ACH, False),
        ("部分达成年度指标并具有一定效果", QualClass.PART, False),
        ("基本达成", QualClass.PART, False),
        ("基本完成", QualClass.PART, False),
        ("一般", QualClass.PART, False),
        ("较好", QualClass.PART, True),
        ("未达成年度指标且效果较差", QualClass.NOT, False),
        ("未完成", QualClass.NOT, False),
        ("不符合要求", QualClass.NOT, False),
        ("基本符合", QualClass.PART, False),
        ("较差", QualClass.NOT, False),
        ("差", QualClass.NOT, False),
        ("否", QualClass.NOT, False),
    ],
)
def test_qualitative(text, cls, ambiguous):
    assert parse_indicator_value(text) == QualValue(cls=cls, ambiguous=ambiguous)


@pytest.mark.parametrize(
    "text",
    [
        "全市参保人员及退休职工。",
        "290$290%",
        "880%^80%",
        "90%-100%",
        "左右",
        "确保各项保险工作在年底顺利完成并提高群众满意度的各项措施",
    ],
)
def test_text(text):
    assert parse_indicator_value(text) == TextValue()


@pytest.mark.parametrize(
    ("op", "value", "unit", "expected"),
    [
        ("≤", "30", "万元", CmpValue(op=Op.LE, number=30, unit="万元")),
        ("=", "100", "%", CmpValue(op=Op.EQ, number=100, unit="%")),
        ("＝", "100", "％", CmpValue(op=Op.EQ, number=100, unit="%")),
        ("≥", "90", "百分比", CmpValue(op=Op.GE, number=90, unit="%")),
        ("", "8", "个", CmpValue(op=None, number=8, unit="个")),
        ("≥", "≥95%", "", CmpValue(op=Op.GE, number=95, unit="%")),
        ("≤", "≥95", "%", CmpValue(op=Op.GE, number=95, unit="%")),  # the value's own operator wins
        ("定性", "达成年度指标", "", QualValue(cls=QualClass.ACH)),
        ("", "", "", NaValue()),
    ],
)
def test_combine_split(op, value, unit, expected):
    assert combine_split(op, value, unit) == expected


def test_parse_op():
    assert parse_op("≤") is Op.LE
    assert parse_op("＞＝") is Op.GE
    assert parse_op("定性") is None


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("80万元", "万元", 80.0),
        ("150万", "万元", 150.0),
        ("125.25万", "万元", 125.25),
        ("72890元", "万元", 7.289),
        ("1.2亿元", "万元", 12000.0),
        ("11,122,315.04", "万元", 11122315.04),
        ("11,122,315.04", "元", 1112.231504),
        ("８８．７３万元", "万元", 88.73),
        ("0.00", "万元", 0.0),
        ("0万元", "万元", 0.0),
        ("207.4538万元", "万元", 207.4538),
        ("—", "万元", None),
        ("", "万元", None),
        ("abc", "万元", None),
    ],
)
def test_amount(text, unit, expected):
    assert parse_amount(text, block_unit=unit) == expected


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("83.5%", False, 0.835),
        ("100%", False, 1.0),
        ("100.00%", False, 1.0),
        ("55%", False, 0.55),
        ("86.5％", False, 0.865),
        ("76", False, 0.76),
        ("76", True, 0.76),
        ("1.00", True, 1.0),
        ("0.86", False, 0.86),
        ("1.2", True, 1.2),
        ("1.2", False, 0.012),
        ("—", False, None),
        ("290$290%", False, None),
    ],
)
def test_rate(text, hint, expected):
    assert parse_rate(text, ratio_hint=hint) == pytest.approx(expected) if expected is not None else True
    assert (parse_rate(text, ratio_hint=hint) is None) == (expected is None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20", 20.0), ("20分", 20.0), ("1.9", 1.9), ("２２．５", 22.5), ("无", None), ("—", None), ("x", None)],
)
def test_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（2022年度）", 2022),
        ("( 2022 年度 )", 2022),
        ("２０２３年度", 2023),
        ("二〇二二年", 2022),
        ("", None),
    ],
)
def test_year(text, expected):
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("100.00%", 2), ("98%", 0), ("7.289", 3), ("54.65万元", 2), ("无", 0), ("１．５", 1)],
)
def test_printed_decimals(text, expected):
    assert printed_decimals(text) == expected


def test_normalize_text():
    assert normalize_text("（２０２２年度） ≥ ９５％") == "(2022年度)≥95%"
    assert normalize_text("总 分") == "总分"
    assert normalize_text("其中：当年财政拨款") == "其中:当年财政拨款"


@pytest.mark.parametrize("text", ["9" * 400, "≥" + "9" * 400 + "%", "1" + ",000" * 200, "0" * 1000 + "元"])
def test_huge_numbers_do_not_raise(text):
    assert isinstance(parse_indicator_value(text), CmpValue)
    parse_amount(text)
    parse_rate(text)
    parse_number(text)
    printed_decimals(text)
