"""Property-based tests of the value grammar: round-trips of generated values and no crash on any text."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from models.parsing import (
    combine_split,
    is_na,
    normalize_text,
    parse_amount,
    parse_indicator_value,
    parse_number,
    parse_rate,
    parse_year,
    printed_decimals,
)
from models.values import CmpValue, Op

OP_SPELLINGS = {
    Op.GE: ["≥", ">=", "≧", "＞＝", "不低于", "不少于", "达到"],
    Op.GT: [">", "＞", "超过"],
    Op.EQ: ["=", "＝", "﹦"],
    Op.LE: ["≤", "<=", "≦", "不超过", "不高于", "控制在"],
    Op.LT: ["<", "＜", "低于"],
}
SUFFIXES = {Op.GE: ["以上"], Op.LE: ["以下", "以内"], Op.ABOUT: ["左右"]}
UNITS = {"%": ["%", "％", "百分比"], "人": ["人"], "人次": ["人次"], "个": ["个"], "万元": ["万元"]}
UNITS.update(
    {
        u: [u]
        for u in ["户", "次", "项", "家", "台套", "件", "天", "个月", "小时", "公里", "亩", "吨", "元/人"]
    }
)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def numbers(draw: st.DrawFn) -> tuple[Decimal, str]:
    """A non-negative number and its printed form: thousands separators and decimals as drawn."""
    integer = draw(st.integers(min_value=0, max_value=10**9))
    decimals = draw(st.integers(min_value=0, max_value=4))
    frac = draw(st.integers(min_value=0, max_value=10**decimals - 1)) if decimals else 0
    separators = draw(st.booleans())
    head = f"{integer:,}" if separators else str(integer)
    text = f"{head}.{frac:0{decimals}d}" if decimals else head
    return Decimal(text.replace(",", "")), text


@st.composite
def cmp_texts(draw: st.DrawFn) -> tuple[str, Op | None, Decimal, str | None]:
    number, num_text = draw(numbers())
    unit = draw(st.none() | st.sampled_from(sorted(UNITS)))
    unit_text = draw(st.sampled_from(UNITS[unit])) if unit else ""
    use_prefix = draw(st.booleans())
    op: Op | None = None
    prefix = suffix = ""
    if use_prefix:
        op = draw(st.sampled_from(sorted(OP_SPELLINGS)))
        prefix = draw(st.sampled_from(OP_SPELLINGS[op]))
    elif draw(st.booleans()):
        op = draw(st.sampled_from(sorted(SUFFIXES)))
        suffix = draw(st.sampled_from(SUFFIXES[op]))
    body = num_text + unit_text
    if draw(st.booleans()):
        body = full_width(body)
    spaces = draw(st.sampled_from(["", " ", "\u3000"]))
    return f"{prefix}{spaces}{body}{spaces}{suffix}", op, number, unit


@given(cmp_texts())
def test_cmp_round_trip(case):
    text, op, number, unit = case
    value = parse_indicator_value(text)
    assert isinstance(value, CmpValue), text
    assert value.op == op
    assert value.number == float(number)
    assert value.unit == unit


@given(numbers(), st.sampled_from(sorted(OP_SPELLINGS)), st.sampled_from(sorted(UNITS)))
def test_split_cells_round_trip(num, op, unit):
    number, text = num
    value = combine_split(OP_SPELLINGS[op][0], text, UNITS[unit][-1])
    assert value == CmpValue(op=op, number=float(number), unit=unit)


AMOUNT_UNITS = {
    "": Decimal(1),
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
}


@given(numbers(), st.sampled_from(sorted(AMOUNT_UNITS)), st.booleans())
def test_amount_round_trip(num, unit, wide):
    number, text = num
    printed = text + unit
    if wide:
        printed = full_width(printed)
    assert parse_amount(printed) == float(number * AMOUNT_UNITS[unit])


@given(numbers())
def test_printed_decimals_and_number_round_trip(num):
    number, text = num
    assert printed_decimals(text) == (len(text.split(".")[1]) if "." in text else 0)
    assert parse_number(text + "分") == float(number)


@given(st.integers(min_value=0, max_value=10000), st.sampled_from(["%", "％", "百分比"]))
def test_percent_rate_round_trip(hundredths, sign):
    text = f"{hundredths / 100:.2f}{sign}"
    rate = parse_rate(text)
    assert rate is not None
    assert abs(rate - hundredths / 10000) < 1e-12


@given(st.integers(min_value=1900, max_value=2099))
def test_year_round_trip(year):
    assert parse_year(f"（{year}年度）") == year
    assert parse_year(full_width(f"({year}年度)")) == year


@settings(max_examples=300)
@given(st.text())
def test_never_crashes(text):
    parse_indicator_value(text)
    combine_split(text, text, text)
    assert parse_amount(text) is None or isinstance(parse_amount(text), float)
    assert parse_rate(text) is None or isinstance(parse_rate(text), float)
    assert parse_number(text) is None or isinstance(parse_number(text), float)
    assert parse_year(text) is None or isinstance(parse_year(text), int)
    assert printed_decimals(text) >= 0
    assert isinstance(is_na(text), bool)
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@given(st.text(alphabet="0123456789,.%％≥≤<>=万元人次年月日底前第季度按无—- 　", max_size=20))
def test_never_crashes_on_grammar_alphabet(text):
    parse_indicator_value(text)
    parse_amount(text)
    parse_rate(text, ratio_hint=True)
