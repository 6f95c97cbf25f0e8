"""Label · value rows: the header (项目名称, 主管部门 · 实施单位), the goals, the total and the grade."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extraction.mapping.builder import FormBuilder
from extraction.mapping.fields import joined_text, make_field
from extraction.mapping.grid import cell_text, col_overlap
from extraction.mapping.labels import ExtraSynonyms, LabelMatch
from extraction.mapping.rows import (
    Row,
    closing_match,
    goal_match,
    header_match,
    is_year_line,
    label_words,
    match_title,
    split_title_year,
)
from models.canonical import canonical_schema
from models.parsing import parse_number
from models.record import Cell, Field, FormFields, Table, Unmapped

# Header ids that are fields of the record (the others are block titles).
_FIELD_IDS = frozenset(FormFields.model_fields) - {"form_title", "total_weight"}


@dataclass(frozen=True)
class Pair:
    label: Cell
    match: LabelMatch | None
    values: tuple[Cell, ...]


def label_value_pairs(
    cells: Sequence[Cell], is_label: Callable[[Cell], LabelMatch | None], *, multi: bool = False
) -> list[Pair]:
    """Split a row into label · value runs. A cell is a label when it matches one; an unknown label
    is recognised by position: the first filled cell, or a filled cell after a filled value (unless
    `multi`: a label heads several values, as 总分 · 分值 · 得分)."""
    pairs: list[Pair] = []
    i = 0
    while i < len(cells):
        if not cell_text(cells[i]):
            i += 1
            continue
        label, match = cells[i], is_label(cells[i])
        values: list[Cell] = []
        i += 1
        while i < len(cells) and is_label(cells[i]) is None:
            if not multi and cell_text(cells[i]) and any(cell_text(v) for v in values):
                break
            values.append(cells[i])
            i += 1
        pairs.append(Pair(label, match, tuple(values)))
    return pairs


def _header_label(extra: ExtraSynonyms | None) -> Callable[[Cell], LabelMatch | None]:
    return lambda cell: header_match(cell_text(cell), extra)


def set_field(builder: FormBuilder, field_id: str, field: Field) -> None:
    setattr(builder.fields, field_id, field)


def set_first(builder: FormBuilder, field_id: str, field: Field, label: Cell) -> None:
    """A header field keeps its first value; a second (省级主管部门 after 中央主管部门) stays unmapped."""
    if getattr(builder.fields, field_id) is None:
        set_field(builder, field_id, field)
    else:
        builder.unmapped.append(
            Unmapped(label=cell_text(label), text=field.text, cells=[label.id, *field.cells])
        )


def map_header_row(
    row: Row, builder: FormBuilder, extra: ExtraSynonyms | None, below: Callable[[Cell], list[Cell]]
) -> None:
    """Label · value runs of a header row; `below(cell)`: the cells under a cell in the next row."""
    filled = row.filled()
    fuzzy = _header_label(extra)
    # Labels no synonym list has (专项资金名称) understood from their words (rows.label_words).
    words = {c.id: m for c, m in zip(filled, label_words(filled), strict=True) if m is not None}
    for pair in label_value_pairs(row.cells, lambda cell: fuzzy(cell) or words.get(cell.id)):
        field_id = pair.match.id if pair.match is not None else None
        if field_id == "total_score" and not any(cell_text(v) for v in pair.values):
            _score_below(pair.label, below(pair.label), builder, pair.match)
            continue
        if field_id not in _FIELD_IDS or not pair.values:
            builder.add_unmapped(pair.label, list(pair.values))
            continue
        assert field_id is not None and pair.match is not None
        text = joined_text(pair.values)
        embedded = _embedded_label(text)
        if embedded is None:
            field = make_field(pair.values, f"fields.{field_id}", score=pair.match.score)
            set_first(builder, field_id, field, pair.label)
            continue
        # A rule the grid missed: `…保障局实施单位…中心` is two values and the label between them.
        other, start, end = embedded
        score = pair.match.score * _SPLIT_PENALTY
        set_field(
            builder, field_id, make_field(pair.values, f"fields.{field_id}", score=score, text=text[:start])
        )
        rest = text[end:].lstrip(":：")
        set_field(builder, other, make_field(pair.values, f"fields.{other}", score=_SPLIT_PENALTY, text=rest))


def _score_below(label: Cell, under: list[Cell], builder: FormBuilder, match: LabelMatch | None) -> None:
    """`自评得分` at the end of a header row with its number in the row under it (a score column
    down the form's right side, as the central-transfer forms print it)."""
    numbers = [c for c in under if parse_number(cell_text(c)) is not None]
    if len(numbers) == 1 and builder.fields.total_score is None:
        score = match.score if match is not None else 1.0
        builder.fields.total_score = make_field(numbers, "fields.total_score", score=score)
    else:
        builder.add_unmapped(label, [])


_SPLIT_PENALTY = 0.9  # a value split out of a merged cell is less sure than a cell of its own
_SPLIT_IDS = ("project_name", "competent_dept", "impl_unit")


def _embedded_label(text: str) -> tuple[str, int, int] | None:
    """A header label printed inside a value (not at its start): its id and where it sits."""
    schema = canonical_schema()
    for field_id in _SPLIT_IDS:
        for spelling in sorted(schema.spec("header", field_id).spellings, key=len, reverse=True):
            at = text.find(spelling, 1)
            if len(spelling) >= 4 and at > 0 and text[at + len(spelling) :].strip(":： "):
                return field_id, at, at + len(spelling)
    return None


def goal_labels(row: Row, extra: ExtraSynonyms | None) -> list[tuple[Cell, LabelMatch]]:
    found = [(c, goal_match(cell_text(c), extra)) for c in row.cells]
    return [(c, m) for c, m in found if m is not None]


def map_goal_header(
    row: Row, builder: FormBuilder, extra: ExtraSynonyms | None
) -> list[tuple[Cell, LabelMatch]]:
    """Goals with their text to the right are filled now; the labels whose text is in the row below
    are returned, to be filled from that row."""
    pending: list[tuple[Cell, LabelMatch]] = []
    labels = goal_labels(row, extra)
    by_cell = {c.id: m for c, m in labels}  # 实际达成目标 is a goal label though no synonym list has it
    fuzzy = _header_label(extra)
    for pair in label_value_pairs(row.cells, lambda c: by_cell.get(c.id) or fuzzy(c)):
        hit = next((m for c, m in labels if c.id == pair.label.id), None)
        if hit is None:
            builder.add_unmapped(pair.label, list(pair.values))
        elif any(cell_text(v) for v in pair.values):
            set_field(builder, hit.id, make_field(pair.values, f"fields.{hit.id}", score=hit.score))
        else:
            pending.append((pair.label, hit))
    return pending


def map_goal_values(row: Row, pending: list[tuple[Cell, LabelMatch]], builder: FormBuilder) -> None:
    used: set[str] = set()
    for label, hit in pending:
        under = [c for c in row.cells if col_overlap(c, label) > 0]
        if under:
            set_field(builder, hit.id, make_field(under, f"fields.{hit.id}", score=hit.score))
            used.update(c.id for c in under)
    rest = [c for c in row.cells if c.id not in used and cell_text(c)]
    if rest:
        builder.add_unmapped(None, rest)


def map_total_row(
    row: Row, table: Table, builder: FormBuilder, extra: ExtraSynonyms | None, *, by_columns: bool = True
) -> None:
    """总分 · 分值 · 得分 (and maybe 自评等级 · 优 on the same row). `by_columns`: values go by the
    indicator columns they sit under; off under a scoring sheet, whose columns are its own."""
    fuzzy = _header_label(extra)
    for pair in label_value_pairs(row.cells, lambda c: fuzzy(c) or closing_match(cell_text(c)), multi=True):
        field_id = pair.match.id if pair.match is not None else None
        score = pair.match.score if pair.match is not None else 1.0
        values = [v for v in pair.values if cell_text(v)]
        if field_id == "total_score":
            _total_values(values, table, builder, score, by_columns)
        elif field_id == "grade" and pair.values:
            set_field(builder, "grade", make_field(pair.values, "fields.grade", score=score))
        else:
            builder.add_unmapped(pair.label, list(pair.values))


def _total_values(
    values: list[Cell], table: Table, builder: FormBuilder, score: float, by_columns: bool
) -> None:
    grades = [v for v in values if is_grade_word(cell_text(v))]
    if grades and builder.fields.grade is None:  # 总分 · 100 · 96 · 优: the grade printed beside
        builder.fields.grade = make_field(grades, "fields.grade", score=score)
    values = [v for v in values if v not in grades]
    by_key: dict[str, list[Cell]] = {}
    columns = builder.ind_columns if by_columns else None
    if columns is not None:
        for index, cells in columns.assign(values, table).items():
            key = columns.columns[index].key
            if key in ("weight", "score"):
                by_key.setdefault(key, []).extend(cells)
    numbers = [parse_number(joined_text(by_key[k])) for k in ("weight", "score") if k in by_key]
    inverted = len(numbers) == 2 and None not in numbers and numbers[0] < numbers[1]  # type: ignore[operator]
    if not by_key or inverted or len(by_key) < min(2, len(values)):
        # no column to go by (or columns that contradict, a score above its weight): 总分 · weight ·
        # score in print order, or 自评得分 · score
        keys = ("weight", "score") if len(values) >= 2 else ("score",)
        by_key = {k: [v] for k, v in zip(keys, values, strict=False)}
    if "weight" in by_key:
        builder.fields.total_weight = make_field(by_key["weight"], "fields.total_weight", score=score)
    if "score" in by_key:
        builder.fields.total_score = make_field(by_key["score"], "fields.total_score", score=score)


_GRADE_WORDS = frozenset({"优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "较好", "一般", "较差"})


def is_grade_word(text: str) -> bool:
    return text.strip() in _GRADE_WORDS


def map_title_cell(cell: Cell, builder: FormBuilder) -> None:
    """A title or year printed in a cell of the table itself."""
    text = cell_text(cell)
    found = match_title(text)
    title_text, year_text = split_title_year(text) if found is not None else (text, text)
    if found is not None:
        title = make_field([cell], "fields.form_title", score=found.score, text=title_text)
        builder.fields.form_title = title.model_copy(update={"value": found.spelling})
        builder.title_spelling = found.spelling
    if (
        year_text is not None
        and (found is not None or is_year_line(text))
        and builder.fields.fiscal_year is None
    ):
        year = make_field([cell], "fields.fiscal_year", text=year_text)
        if year.value is not None:
            builder.fields.fiscal_year = year
