"""Column roles of an indicator grid read from what the columns hold, for a grid printed without its
header row (a continuation page scanned alone, a form cut mid-table).

Each grid column is profiled over its body cells: indicator names (产出指标 / 数量指标) down the level
columns, long text in 三级指标 and 偏差, values with operators in 年度指标值, plain numbers in 分值 and
得分 (a score never above its weight), bare operators in 指标性质, bare units in 度量单位. Roles are
then given left to right the way every known layout orders them, and the record says they were
inferred (a review reason, lower confidence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extraction.mapping.columns import Column, ColumnMap
from extraction.mapping.fields import repair_reading
from extraction.mapping.grid import Grid, cell_text
from extraction.mapping.labels import match_value_name, strip_weight
from extraction.mapping.rows import Row, RowKind
from models.canonical import canonical_schema
from models.parsing import (
    is_na,
    normalize_text,
    normalize_unit,
    parse_indicator_value,
    parse_number,
    parse_op,
)
from models.record import Cell

INFERRED_SCORE = 0.8  # confidence factor of a value whose column was inferred, not labelled
MIN_ROWS = 2  # indicator rows needed before a headerless grid is read as one
_NAME_SHARE = 0.5  # share of a level column's cells that must be indicator names
WEIGHT_SUMS = (90.0, 100.0, 80.0)  # what the indicator weights of a form (or its page) add up to
_OP_PREFIX = re.compile(r"^(?:[≥≤＞＜<>=＝﹦≧≦]|不低于|不少于|不超过|不高于|达到|大于|小于|低于|超过|控制在)")


@dataclass
class Profile:
    """What the body cells of one grid column hold (shares of its non-empty cells)."""

    col: int
    cells: list[Cell]
    level1: float = 0.0
    level2: float = 0.0
    long_text: float = 0.0
    op_value: float = 0.0
    value: float = 0.0
    number: float = 0.0
    bare_op: float = 0.0
    bare_unit: float = 0.0
    filled: int = 0

    def numbers(self) -> list[float]:
        return [n for c in self.cells if (n := parse_number(cell_text(c))) is not None]


def _share(cells: Sequence[str], test: object) -> float:
    assert callable(test)
    return sum(1 for t in cells if test(t)) / len(cells) if cells else 0.0


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", normalize_text(text)) is not None


def _is_value(text: str) -> bool:
    kind = parse_indicator_value(text).kind
    return kind in ("cmp", "date", "qual")


def _profile(col: int, cells: list[Cell]) -> Profile:
    schema = canonical_schema()
    texts = [t for c in cells if (t := cell_text(c))]
    found = [t for t in texts if not is_na(t)]
    profile = Profile(col=col, cells=cells, filled=len(texts))
    if not found:
        return profile
    profile.level1 = _share(found, lambda t: match_value_name(strip_weight(t), schema.level1) is not None)
    profile.level2 = _share(found, lambda t: match_value_name(t, schema.all_level2()) is not None)
    profile.long_text = _share(found, lambda t: len(t) >= 6 and not _is_value(t))
    profile.op_value = _share(found, lambda t: _OP_PREFIX.match(normalize_text(t)) is not None)
    profile.value = _share(found, _is_value)
    profile.number = _share(found, _is_number)
    # An operator column as read: ≥ may come out as 三 or VI, and 一 is the dash of a row without one.
    as_ops = [r for t in found if not is_na(r := repair_reading("indicators[].op", t))]
    profile.bare_op = _share(as_ops, lambda t: parse_op(t) is not None)
    profile.bare_unit = _share(
        found, lambda t: len(t) <= 3 and normalize_unit(t) is not None and not _is_value(t)
    )
    return profile


def _body_cells(grid: Grid, rows: Sequence[Row]) -> dict[int, list[Cell]]:
    """Grid column → the distinct cells of body rows starting in that column (merged cells once)."""
    by_col: dict[int, list[Cell]] = {}
    seen: set[str] = {t.cell.id for row in rows for t in row.titles}  # 绩效指标 down the left: no column
    for row in rows:
        if row.kind not in (RowKind.BODY, RowKind.EMPTY):
            continue
        for cell in grid.covering(row.index):
            if cell.id not in seen and cell.col_span == 1:
                seen.add(cell.id)
                by_col.setdefault(cell.col, []).append(cell)
    return by_col


def _column(key: str, profile: Profile, grid: Grid) -> Column:
    """A column without a printed label: its 'header' is the column's slot on the table's top row."""
    table = grid.table
    xs = [c.bbox for c in profile.cells]
    x0, x1 = min(b[0] for b in xs), max(b[2] for b in xs)
    slot = Cell(
        id=f"{table.id}:inferred:{key}", row=0, col=profile.col, bbox=(x0, table.bbox[1], x1, table.bbox[1])
    )
    return Column(key, "", slot, table.id, (table.bbox[0], table.bbox[2]), INFERRED_SCORE)


def infer_indicator_columns(grid: Grid, rows: Sequence[Row]) -> ColumnMap | None:
    """The indicator columns of a headerless grid, or None when it does not read as one."""
    profiles = [_profile(col, cells) for col, cells in sorted(_body_cells(grid, rows).items())]
    level1 = next((p for p in profiles if p.level1 >= _NAME_SHARE), None)
    level2 = next(
        (p for p in profiles if p.level2 >= _NAME_SHARE and (level1 is None or p.col > level1.col)), None
    )
    anchor = level2 or level1
    # the level names must cover two rows (two names, or one merged over several rows), or both levels
    # be named: a lone word that happens to read like 成本指标 is not a grid
    if anchor is None:
        return None
    if sum(c.row_span for c in anchor.cells if cell_text(c)) < MIN_ROWS and (
        level1 is None or level2 is None
    ):
        return None
    right = [p for p in profiles if p.col > anchor.col]
    rest = [p for p in right if p.filled > 0]
    blank = {p.col for p in right if p.filled == 0}
    if not rest:
        return None
    roles: list[tuple[str, Profile]] = [(k, p) for k, p in (("level1", level1), ("level2", level2)) if p]
    roles.append(("level3", rest[0]))
    roles += _value_roles(rest[1:], blank)
    if len(roles) < 4:  # the levels, a name and at least one value: anything less is not a grid
        return None
    return ColumnMap("indicator_columns", tuple(_column(k, p, grid) for k, p in roles), inferred=True)


def _value_roles(profiles: list[Profile], blank: set[int]) -> list[tuple[str, Profile]]:
    """Right of 三级指标: op / unit by their bare glyphs, target and actual by values (the one with
    operators first; in a split row the cell after 指标性质 is the target whatever it holds), weight
    and score by plain numbers (a score never above its weight), the last text as 偏差."""
    roles: dict[int, str] = {}
    for p in profiles:
        if p.bare_op >= 0.6:
            roles[p.col] = "op"
        elif p.bare_unit >= 0.6:
            roles[p.col] = "unit"
    free = [p for p in profiles if p.col not in roles]
    if "op" in roles.values():
        after_op = [p for p in free if p.col > min(c for c, r in roles.items() if r == "op")]
        if after_op:
            roles[after_op[0].col] = "target"
    values = [p for p in free if p.col not in roles and (p.value + p.number >= 0.5 or p.op_value > 0)]
    numbers = [p for p in values if p.number >= 0.8]
    if "target" not in roles.values():
        texts = [p for p in values if p not in numbers] or values
        if texts:
            target = max(texts[:2], key=lambda p: p.op_value)
            roles[target.col] = "target"
    if "actual" not in roles.values():
        after = [p for p in values if p.col > _col_of(roles, "target") and p.col not in roles]
        actual = next((p for p in after if p not in numbers), None) or (after[0] if len(after) > 2 else None)
        if actual is None:  # 健全 / 完善 beside the target: short words, not the long 偏差 text
            beside = [p for p in free if p.col > _col_of(roles, "target") and p.col not in roles]
            actual = next((p for p in beside[:1] if p.number < 0.8 and p.long_text < 0.5), None)
        if actual is not None:
            roles[actual.col] = "actual"
    for key, p in _weight_score([p for p in numbers if p.col not in roles], blank):
        roles[p.col] = key
    texts_left = [p for p in free if p.col not in roles and p.number < 0.8]
    if texts_left:
        roles[texts_left[-1].col] = "deviation"
    by_col = {p.col: p for p in profiles}
    return [(key, by_col[col]) for col, key in sorted(roles.items())]


def _col_of(roles: dict[int, str], key: str) -> int:
    return next((c for c, r in roles.items() if r == key), -1)


def _weight_score(numbers: list[Profile], blank: set[int]) -> list[tuple[str, Profile]]:
    if not numbers:
        return []
    if len(numbers) == 1:
        # One column of numbers: weights when the column right of it stands empty (a form whose
        # scores are not filled in yet) or when they add up to a block's 90 or 100; else scores.
        only = numbers[0]
        total = sum(only.numbers())
        weights = only.col + 1 in blank or any(abs(total - w) < 0.5 for w in WEIGHT_SUMS)
        return [("weight" if weights else "score", only)]
    first, second = numbers[0], numbers[1]
    pairs = list(zip(first.numbers(), second.numbers(), strict=False))
    if pairs and all(b <= a for a, b in pairs):
        return [("weight", first), ("score", second)]
    if pairs and all(a <= b for a, b in pairs):
        return [("score", first), ("weight", second)]
    return [("weight", first), ("score", second)]
