"""The value grammar of form.md §3 as pure functions.

Every function accepts any str and never raises: what does not parse becomes None or a TextValue,
and the printed text always stays in the field next to the parsed value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from models.values import CmpValue, DateValue, IndicatorValue, NaValue, Op, QualClass, QualValue, TextValue

# Full-width ASCII (U+FF01–FF5E) → half-width; look-alike operators → ASCII. Chinese stays.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0xFE66: ord("="), 0x2212: ord("-"), 0xFE63: ord("-"), 0x2A7D: ord("≤"), 0x2A7E: ord("≥")})


def normalize_text(text: str) -> str:
    """Full-width digits/letters/punctuation → ASCII, all whitespace removed; Chinese kept."""
    return "".join(text.translate(_FULLWIDTH).split())


_DASHES = set("-—–―─‐‑_~")
_NA_WORDS = {"", "无", "/", "\\", "*", "不适用", "n/a", "N/A", "NA", "na", "无此项", "不涉及", "空"}


def is_na(text: str) -> bool:
    """Blank, 无, a dash of any kind, /, * or 不适用 (form.md §3 `na`)."""
    t = normalize_text(text).strip("。.")
    return t in _NA_WORDS or all(c in _DASHES for c in t)


_NUM = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUM_RE = re.compile(_NUM)


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def printed_decimals(text: str) -> int:
    """Decimals printed in the first number of `text` (`100.00%` → 2, `98%` → 0, none → 0)."""
    m = _NUM_RE.search(normalize_text(text))
    if m is None or "." not in m.group():
        return 0
    return len(m.group().split(".", 1)[1])


# Longer spellings first so that `>=` wins over `>` and `不超过` over nothing.
_OPS: dict[str, Op] = {
    ">=": Op.GE, "≥": Op.GE, "≧": Op.GE, "⩾": Op.GE, "=>": Op.GE, "不低于": Op.GE, "不少于": Op.GE, "达到": Op.GE,
    "不小于": Op.GE, "大于等于": Op.GE, "大于或等于": Op.GE, "至少": Op.GE,
    ">": Op.GT, "超过": Op.GT, "大于": Op.GT, "高于": Op.GT, "多于": Op.GT,
    "=": Op.EQ, "==": Op.EQ, "等于": Op.EQ, "﹦": Op.EQ, "═": Op.EQ, "〓": Op.EQ,
    "<=": Op.LE, "≤": Op.LE, "≦": Op.LE, "⩽": Op.LE, "=<": Op.LE, "不超过": Op.LE, "不高于": Op.LE, "控制在": Op.LE,
    "不大于": Op.LE, "不多于": Op.LE, "小于等于": Op.LE, "小于或等于": Op.LE, "≯": Op.LE,
    "<": Op.LT, "低于": Op.LT, "小于": Op.LT, "少于": Op.LT,
    "约": Op.ABOUT, "≈": Op.ABOUT,
}  # fmt: skip
_SFX: dict[str, Op] = {
    "以上": Op.GE, "及以上": Op.GE, "或以上": Op.GE,
    "以下": Op.LE, "及以下": Op.LE, "以内": Op.LE, "之内": Op.LE, "内": Op.LE,
    "左右": Op.ABOUT,
}  # fmt: skip
_UNITS = (
    "%", "百分比", "‰", "个百分点", "人次", "万人次", "万人", "人", "户", "次", "个月", "个工作日", "工作日",
    "个", "项", "家", "所", "台套", "台", "套", "件", "份", "篇", "场", "期", "批", "天", "日", "年", "小时",
    "分钟", "周", "平方米", "平米", "㎡", "m²", "m2", "立方米", "m³", "千米", "公里", "km", "米", "亩", "公顷",
    "吨", "千克", "公斤", "kg", "亿元", "万元", "元", "亿", "万", "名", "条", "处", "座", "辆", "册", "本",
    "间", "张", "株", "头", "只", "课时", "学时", "分", "床", "单", "宗", "起", "轮", "类", "门", "节", "个点",
)  # fmt: skip
_UNIT_ALIASES = {"百分比": "%", "％": "%"}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = rf"(?:{_alt(_UNITS)})(?:/(?:{_alt(_UNITS)}|[\u4e00-\u9fff]{{1,2}}))?"
_CMP_RE = re.compile(rf"^(?P<op>{_alt(_OPS)})?(?P<num>{_NUM})(?P<unit>{_UNIT})?(?P<sfx>{_alt(_SFX)})?$")
_TRAILING = "。.,;；、"


def normalize_unit(unit: str) -> str | None:
    """`％`/`百分比` → `%`; blank or n/a → None; other units as printed."""
    u = normalize_text(unit)
    if is_na(u):
        return None
    return _UNIT_ALIASES.get(u, u)


def parse_op(text: str) -> Op | None:
    """An operator cell (指标性质 / 计算符号) or spelling: `≥` → GE, `不超过` → LE; else None."""
    t = normalize_text(text)
    return _OPS.get(t) or _SFX.get(t)


def _parse_cmp(t: str) -> CmpValue | None:
    m = _CMP_RE.match(t)
    if m is None:
        return None
    op = _OPS.get(m["op"] or "") or _SFX.get(m["sfx"] or "")  # a prefix operator wins over a suffix
    unit = normalize_unit(m["unit"]) if m["unit"] else None
    return CmpValue(op=op, number=_num(m["num"]), unit=unit)


_CN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}
_CN_DIGITS.update({"七": "7", "八": "8", "九": "9", "○": "0", "Ｏ": "0", "O": "0"})
_DEADLINE = r"(?P<dl>前完成|以前|之前|前|以内|之内|内|完成)?"
_DATE_RE = re.compile(
    r"^(?:(?P<y>(?:19|20)[0-9]{2})年度?)?(?:(?P<m>1[0-2]|0?[1-9])月份?)?"
    r"(?:(?P<d>[12][0-9]|3[01]|0?[1-9])[日号])?(?P<edge>底|末|初|中旬|上旬|下旬)?" + _DEADLINE + "$"
)
_DOTTED_RE = re.compile(
    r"^(?P<y>(?:19|20)[0-9]{2})[.\-/](?P<m>1[0-2]|0?[1-9])[.\-/](?P<d>[12][0-9]|3[01]|0?[1-9])"
    + _DEADLINE
    + "$"
)
_YEAR_END_RE = re.compile(r"^(?:(?P<y>(?:19|20)[0-9]{2})年)?年?(?P<edge>底|末|内|度内)" + _DEADLINE + "$")
_QUARTER_RE = re.compile(r"^(?:(?P<y>(?:19|20)[0-9]{2})年)?第?(?P<q>[1-4一二三四])季度?" + _DEADLINE + "$")
_PERIODS = {
    "按月": "按月", "每月": "按月", "按季": "按季", "按季度": "按季", "每季度": "按季", "按年": "按年",
    "每年": "按年", "按时": "按时", "准时": "按时", "及时": "及时", "按期": "按期", "定期": "定期",
}  # fmt: skip


def _parse_date(t: str) -> DateValue | None:
    for suffix in ("完成", "发放", "支付", "拨付"):  # 按时完成 / 及时发放 name a period too
        if t.endswith(suffix) and t[: -len(suffix)] in _PERIODS:
            t = t[: -len(suffix)]
    if t in _PERIODS:
        return DateValue(period=_PERIODS[t])
    if m := _QUARTER_RE.match(t):
        q = int(_CN_DIGITS.get(m["q"], m["q"]))
        return DateValue(year=_int(m["y"]), quarter=q, deadline=_is_deadline(m["dl"]))
    if m := _YEAR_END_RE.match(t):
        deadline = _is_deadline(m["dl"]) or m["edge"] in ("内", "度内")
        return DateValue(year=_int(m["y"]), month=12, deadline=deadline)
    m = _DATE_RE.match(t) or _DOTTED_RE.match(t)
    if m is None or not (m["y"] or m["m"]):
        return None
    month = _int(m["m"])
    if month is None and m.groupdict().get("edge") in ("底", "末"):
        month = 12  # 2022年底: the end of the year
    return DateValue(year=_int(m["y"]), month=month, day=_int(m["d"]), deadline=_is_deadline(m["dl"]))


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _is_deadline(dl: str | None) -> bool:
    return bool(dl) and dl != "完成"


# Order matters: NOT before PART before ACH (未完成 contains 完成, 部分达成… contains 达成…).
_QUAL_EXACT: dict[str, QualClass] = {
    "差": QualClass.NOT, "否": QualClass.NOT, "不合格": QualClass.NOT, "不满意": QualClass.NOT,
    "一般": QualClass.PART, "中": QualClass.PART, "较好": QualClass.PART, "基本满意": QualClass.PART,
    "完成": QualClass.ACH, "好": QualClass.ACH, "优": QualClass.ACH, "良": QualClass.ACH,
    "良好": QualClass.ACH, "是": QualClass.ACH, "满意": QualClass.ACH, "优秀": QualClass.ACH,
    "合格": QualClass.ACH, "达标": QualClass.ACH, "有效": QualClass.ACH, "提高": QualClass.ACH,
    "显著": QualClass.ACH, "明显": QualClass.ACH, "提升": QualClass.ACH, "有": QualClass.ACH,
}  # fmt: skip
_QUAL_CONTAINS: tuple[tuple[QualClass, tuple[str, ...]], ...] = (
    (QualClass.NOT, ("未达成", "未完成", "未达到", "未实现", "不达标", "未达标", "较差", "效果差", "不合格",
                    "不符合", "不满意", "没有完成")),
    (QualClass.PART, ("部分达成", "部分完成", "部分实现", "基本达成", "基本完成", "基本达到", "基本实现",
                      "基本符合", "基本满意", "一般")),
    (QualClass.ACH, ("达成年度指标", "达成预期", "达到预期", "实现预期", "已完成", "全部完成", "完成",
                     "合格", "符合", "应保尽保", "效果明显", "显著", "有所提升", "有所提高", "提高",
                     "提升", "良好", "达标", "满意", "明显", "改善", "增强", "有效")),
)  # fmt: skip
_QUAL_MAX_LEN = 24  # longer cells are descriptions, not verdicts


def _parse_qual(t: str) -> QualValue | None:
    if t in _QUAL_EXACT:
        return QualValue(cls=_QUAL_EXACT[t], ambiguous=t == "较好")
    if len(t) > _QUAL_MAX_LEN:
        return None
    for cls, words in _QUAL_CONTAINS:
        if any(w in t for w in words):
            return QualValue(cls=cls)
    return None


def parse_indicator_value(text: str) -> IndicatorValue:
    """年度指标值 / 实际完成值 → na | cmp | date | qual | text (form.md §3)."""
    if is_na(text):
        return NaValue()
    t = normalize_text(text).rstrip(_TRAILING)
    value = _parse_date(t) or _parse_cmp(t) or _parse_qual(t)
    return value if value is not None else TextValue()


def combine_split(op_text: str, value_text: str, unit_text: str) -> IndicatorValue:
    """Sichuan/Yunnan rows print 指标性质 · 指标值 · 度量单位 in three cells: `≤` `30` `万元`."""
    value = parse_indicator_value(value_text)
    if not isinstance(value, CmpValue):
        return value
    op = value.op or parse_op(op_text)
    unit = value.unit or normalize_unit(unit_text)
    return value.model_copy(update={"op": op, "unit": unit})


_AMOUNT_RE = re.compile(rf"^(?P<num>{_NUM})(?P<unit>亿元|万元|元|亿|万)?$")
_TO_WAN = {
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
}


def parse_amount(text: str, block_unit: str = "万元") -> float | None:
    """An amount in 万元: `150万` → 150, `72890元` → 7.289, `1.2亿元` → 12000; `—`/blank → None."""
    if is_na(text):
        return None
    m = _AMOUNT_RE.match(normalize_text(text).rstrip(_TRAILING))
    if m is None:
        return None
    scale = _TO_WAN.get(m["unit"] or normalize_text(block_unit), Decimal(1))
    return float(Decimal(m["num"].replace(",", "")) * scale)  # Decimal: 元 → 万元 without float noise


_RATE_RE = re.compile(rf"^(?P<num>{_NUM})(?P<pct>%|百分比)?$")


def parse_rate(text: str, *, ratio_hint: bool = False) -> float | None:
    """A rate as a fraction: `83.5%` → 0.835; a bare `76` → 0.76; a bare `1.00` → 1.0.

    A bare number ≤ 1 is a ratio; with `ratio_hint` (the column or the target prints ratios)
    up to 2 is; anything larger is a percent without its sign.
    """
    if is_na(text):
        return None
    m = _RATE_RE.match(normalize_text(text).rstrip(_TRAILING))
    if m is None:
        return None
    n = _num(m["num"])
    if m["pct"] or n > (2.0 if ratio_hint else 1.0):
        return float(Decimal(m["num"].replace(",", "")) / 100)
    return n


_SCORE_RE = re.compile(rf"^(?P<num>{_NUM})分?$")


def parse_number(text: str) -> float | None:
    """A score or weight: `20` → 20.0, `20分` → 20.0, `1.9` → 1.9; else None."""
    m = _SCORE_RE.match(normalize_text(text).rstrip(_TRAILING))
    return _num(m["num"]) if m else None


_YEAR_RE = re.compile(r"((?:19|20)[0-9]{2})年")
_CN_YEAR_RE = re.compile(r"([〇零一二三四五六七八九○]{4})年")
_BARE_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def parse_year(text: str) -> int | None:
    """`（2022年度）` → 2022, `二〇二二年` → 2022, `2022` → 2022; else None."""
    t = normalize_text(text)
    if m := _YEAR_RE.search(t) or _BARE_YEAR_RE.search(t):
        return int(m.group(1))
    if m := _CN_YEAR_RE.search(t):
        return int("".join(_CN_DIGITS[c] for c in m.group(1)))
    return None
