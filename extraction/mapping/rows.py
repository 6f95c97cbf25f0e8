"""What each table row is, judged from its labels alone (the block it belongs to is decided later,
by the state machine in tables.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from extraction.mapping.columns import count_matches
from extraction.mapping.grid import Grid, cell_text
from extraction.mapping.keywords import keyword_match, label_or_words
from extraction.mapping.labels import (
    ExtraSynonyms,
    LabelMatch,
    match_label,
    match_value_name,
    normalize_label,
    strip_weight,
)
from models.canonical import canonical_schema
from models.parsing import parse_number
from models.record import Cell


class RowKind(StrEnum):
    EMPTY = "empty"
    TITLE = "title"  # the form title or year printed inside the table
    HEADER = "header"  # 项目名称 / 主管部门 · 实施单位
    FUNDS_HEADER = "funds_header"
    GOAL_HEADER = "goal_header"
    IND_HEADER = "ind_header"
    TOTAL = "total"  # 总分 / 合计 (a funds 合计 row is told apart by the block it is in)
    FUNDS_SOURCES = "funds_sources"  # 合计 · 本级 · 上级 across: a funds block on its side
    SCORING_HEADER = "scoring_header"  # 一级指标 · 分值 · 得分 over 项目决策 / 项目管理 / 产出 / 效益 rows
    GRADE = "grade"
    BODY = "body"  # data or free text: the current block decides


BLOCK_TITLES = frozenset({"funds_unit", "goal_block", "indicator_block"})
HEADER_IDS = frozenset({"project_name", "competent_dept", "impl_unit", "fiscal_year"})
GOAL_IDS = frozenset({"goal_expected", "goal_actual"})
# Columns only one of the two blocks has (分值 / 得分 appear in both).
FUNDS_ONLY = frozenset({"budget_initial", "budget_full_year", "executed", "exec_rate"})
INDICATOR_ONLY = frozenset({"level1", "level2", "level3", "target", "op", "unit", "actual", "deviation"})
_TITLE_MAX_PREFIX = 24  # a city or unit name before the title
_YEAR_LINE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$")


@dataclass(frozen=True)
class TitleCell:
    cell: Cell
    match: LabelMatch


@dataclass(frozen=True)
class Row:
    index: int
    kind: RowKind
    titles: tuple[TitleCell, ...]  # block titles starting in this row
    cells: tuple[Cell, ...]  # the other cells starting in this row, left to right

    def filled(self) -> list[Cell]:
        return [c for c in self.cells if cell_text(c)]


def header_match(text: str, extra: ExtraSynonyms | None) -> LabelMatch | None:
    return match_label(strip_weight(text), "header", extra=extra)


def block_title(cell: Cell, extra: ExtraSynonyms | None) -> LabelMatch | None:
    """A block title (项目资金（万元） / 年度总体目标 / 绩效指标(90分)) unless the cell reads better
    as an indicator name (效益指标 is one character away from 绩效指标)."""
    text = cell_text(cell)
    found = header_match(text, extra)
    if (found is None or found.id not in BLOCK_TITLES) and cell.row_span > 1 and cell.col == 0:
        found = keyword_match(strip_weight(text), "blocks")  # 资金投入（万元）, 绩效目标 …
    if found is None or found.id not in BLOCK_TITLES:
        return None
    schema = canonical_schema()
    as_name = match_value_name(text, (*schema.level1, *schema.all_level2()))
    return None if as_name is not None and as_name[1] >= found.score else found


def match_title(text: str) -> LabelMatch | None:
    """The form title in a line such as `石嘴山市项目支出绩效自评表（2022年度）`."""
    core = normalize_label(re.sub(r"[(（][^)）]*年度?[)）]", "", text))
    if not core:
        return None
    best: LabelMatch | None = None
    for spelling in canonical_schema().spec("header", "form_title").spellings:
        norm = normalize_label(spelling)
        if len(core) > len(norm) + _TITLE_MAX_PREFIX:
            continue
        score = 1.0 if norm in core else fuzz.partial_ratio(norm, core) / 100.0
        if score < 0.85 or len(core) < len(norm) - 1:
            continue
        if best is None or (score, len(norm)) > (best.score, len(normalize_label(best.spelling))):
            best = LabelMatch(id="form_title", score=round(score, 4), spelling=spelling)
    return best


# The year printed inside a title line: `2020年度项目…`, `…自评表（2023年度）`, `…自评表(2021年)`.
_YEAR_IN_TITLE = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]|(?:19|20)\d{2}\s*年度?")


def split_title_year(text: str) -> tuple[str, str | None]:
    """A title line → (the title without its year, the year as printed) when it carries one."""
    found = _YEAR_IN_TITLE.search(text)
    if found is None:
        return text, None
    title = (text[: found.start()] + text[found.end() :]).strip()
    return (title, found.group(0).strip()) if title else (text, None)


def is_year_line(text: str) -> bool:
    return bool(_YEAR_LINE.match(text.strip()))


def classify_rows(grid: Grid, extra: ExtraSynonyms | None) -> list[Row]:
    rows: list[Row] = []
    for index, starting in enumerate(grid.rows):
        titles: list[TitleCell] = []
        others: list[Cell] = []
        for cell in starting:
            found = block_title(cell, extra) if not others and not titles else None
            if found is not None:
                titles.append(TitleCell(cell, found))
            else:
                others.append(cell)
        kind = _kind(others, titles, extra)
        rows.append(Row(index, kind, tuple(titles), tuple(others)))
    return rows


_SHORT_LABEL = 8
_HEADER_CELLS = 6  # an indicator row has more filled cells than any label · value row


def header_by_words(filled: list[Cell]) -> list[LabelMatch | None]:
    """`专项资金名称 | … | 县级主管部门 | …`: a label · value row whose labels no synonym list has,
    understood from their words; its label cells are short words, one at least understood."""
    found = label_words(filled)
    labels = [normalize_label(cell_text(c)) for c in filled[::2]]
    plain = all(len(t) <= _SHORT_LABEL and not any(ch.isdigit() for ch in t) for t in labels)
    return found if plain and any(found) else [None] * len(filled)


def goal_match(text: str, extra: ExtraSynonyms | None) -> LabelMatch | None:
    """预期目标 / 实际完成情况 by spelling, else by their words (年度绩效目标, 目标完成情况)."""
    found = header_match(text, extra)
    if found is not None and found.id in GOAL_IDS:
        return found
    return keyword_match(text, "goals") if len(text) <= _SHORT_LABEL else None


def _goal_words(filled: list[Cell]) -> bool:
    return len(filled) <= 2 and all(goal_match(cell_text(c), None) for c in filled)


def closing_match(text: str) -> LabelMatch | None:
    """综合得分 / 绩效等级: the total and grade rows under the grid, from their words."""
    if len(text) > _SHORT_LABEL or any(ch.isdigit() for ch in text):
        return None
    return keyword_match(strip_weight(text), "closing")


def total_inside(filled: list[Cell], header: list[LabelMatch | None]) -> bool:
    """`评价内容 · 一级指标 · 分值 · 得分 · 综合得分 · 95.66`: a total label inside a row, a number after it."""
    for i, cell in enumerate(filled[1:-1], start=1):
        found = header[i] or closing_match(cell_text(cell))
        if (
            found is not None
            and found.id == "total_score"
            and parse_number(cell_text(filled[i + 1])) is not None
        ):
            return True
    return False


_SCORING_WORDS = ("二级", "三级", "指标值", "完成值", "目标", "偏差", "原因")


def _is_scoring_header(filled: list[Cell]) -> bool:
    """The Hubei scoring sheet: 一级指标 · 分值 · 得分 and nothing of the indicator grid's columns."""
    texts = [normalize_label(cell_text(c)) for c in filled]
    joined = "".join(texts)
    has_level = any(t == "一级指标" for t in texts)
    has_weight = any(t in ("分值", "权重", "标准分") for t in texts)
    has_score = any(t in ("得分", "自评得分", "评分") for t in texts)
    return has_level and has_weight and has_score and not any(w in joined for w in _SCORING_WORDS)


_MIN_SOURCE_SCORE = 0.85  # a source label must read clearly: 合计 and 总分 are one block apart
_SOURCE_LABEL = 14  # 其中：上级财政专项转移支付资金 names one source in twelve characters
_SOURCE_NOUNS = ("资金", "拨款", "经费", "补助")  # what a long source label ends in
_SENTENCE_MARKS = frozenset("，。；！？,;")


def source_match(text: str, extra: ExtraSynonyms | None) -> LabelMatch | None:
    core = normalize_label(text)
    long_name = len(core) > _SHORT_LABEL and core.endswith(_SOURCE_NOUNS)
    if (
        not text
        or any(ch.isdigit() or ch in _SENTENCE_MARKS for ch in text)
        or len(core) > (_SOURCE_LABEL if long_name else _SHORT_LABEL)
    ):
        return None  # a column label, never a sentence (保持和稳定地方粮食储备机制 is a goal)
    return label_or_words(text, "funds_rows", extra, _MIN_SOURCE_SCORE)


def is_sources_row(filled: list[Cell], extra: ExtraSynonyms | None) -> bool:
    """Two or more funding sources side by side; only the first cell (项目 / 资金来源) may be other."""
    found = [source_match(cell_text(c), extra) for c in filled]
    sources = [m for m in found if m is not None]
    return len(sources) >= 2 and all(m is not None for m in found[1:])


def label_words(filled: list[Cell]) -> list[LabelMatch | None]:
    """Header ids of the short label cells of a label · value row (2 to 6 cells), from their words."""
    if not 2 <= len(filled) <= _HEADER_CELLS:
        return [None] * len(filled)
    return [
        keyword_match(cell_text(c), "header")
        if i % 2 == 0 and len(normalize_label(cell_text(c))) <= _SHORT_LABEL
        else None
        for i, c in enumerate(filled)
    ]


def _kind(cells: list[Cell], titles: list[TitleCell], extra: ExtraSynonyms | None) -> RowKind:
    filled = [c for c in cells if cell_text(c)]
    if not filled:
        return RowKind.EMPTY
    header = [header_match(cell_text(c), extra) for c in filled]
    if not any(header):
        header = header_by_words(filled)
    ids = {m.id for m in header if m is not None}
    short = len(filled) <= _HEADER_CELLS
    if short and (ids & HEADER_IDS - {"fiscal_year"} or (len(filled) == 2 and ids == {"fiscal_year"})):
        return RowKind.HEADER
    if any(t.match.id == "goal_block" for t in titles) and _goal_words(filled):
        return RowKind.GOAL_HEADER  # 年初设定目标 · 全年实际完成情况 also read as indicator columns
    n_funds = count_matches(filled, "funds_columns", FUNDS_ONLY, extra)
    n_ind = count_matches(filled, "indicator_columns", INDICATOR_ONLY, extra)
    if max(n_funds, n_ind) >= 2:
        return RowKind.FUNDS_HEADER if n_funds > n_ind else RowKind.IND_HEADER
    if is_sources_row(filled, extra):
        return RowKind.FUNDS_SOURCES
    if ids & GOAL_IDS and short:
        return RowKind.GOAL_HEADER
    first = header[0].id if header[0] is not None else None
    if first is None and len(filled) <= 4 and (closing := closing_match(cell_text(filled[0]))):
        first = closing.id
    if _is_scoring_header(filled):
        return RowKind.SCORING_HEADER
    if first == "total_score" or total_inside(filled, header):
        return RowKind.TOTAL
    if first == "grade":
        return RowKind.GRADE
    if len(filled) == 1 and not titles:
        text = cell_text(filled[0])
        if match_title(text) is not None or is_year_line(text):
            return RowKind.TITLE
    return RowKind.BODY
