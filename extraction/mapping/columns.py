"""Column maps of the funds and indicator blocks: found by label, never by position.

A data cell belongs to the header cell it shares the most grid columns with; on a continuation
page (another grid) it is matched by horizontal pixel overlap relative to the table's left edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import product

from extraction.mapping.grid import cell_text, col_overlap
from extraction.mapping.keywords import keyword_match
from extraction.mapping.labels import ExtraSynonyms, LabelMatch, match_candidates, match_label
from models.canonical import LabelGroup, canonical_schema
from models.record import Cell, Table

_MAX_OPTIONS = 4  # ids tried per damaged label: keeps the search small (4^k combinations)


_EDGE_TOLERANCE = 0.01  # of the table's width: two column edges this close are one
_MIN_CONTINUED_SHARE = 0.2  # of a continued cell's width under a column of the first page


@dataclass(frozen=True)
class Column:
    key: str | None  # canonical column id; None: a column the record has no id for
    label: str  # as printed
    header: Cell
    table_id: str
    table_span: tuple[int, int]  # the left and right edge of the header's table
    score: float

    def x_range(self) -> tuple[int, int]:
        """The column's left and right edge from its table's left edge."""
        return self.header.bbox[0] - self.table_span[0], self.header.bbox[2] - self.table_span[0]


@dataclass(frozen=True)
class ColumnMap:
    group: LabelGroup
    columns: tuple[Column, ...]
    inferred: bool = False  # roles read from the columns' content (no header row was printed)
    _scales: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def keys(self) -> list[str]:
        return [c.key for c in self.columns if c.key is not None]

    def get(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def assign(self, cells: Sequence[Cell], table: Table) -> dict[int, list[Cell]]:
        """Column index → the cells of one row under that column (left to right)."""
        out: dict[int, list[Cell]] = {}
        for cell in cells:
            best = self.column_of(cell, table)
            if best is not None:
                out.setdefault(best, []).append(cell)
        return out

    def column_of(self, cell: Cell, table: Table) -> int | None:
        scale = 1.0
        if any(c.table_id != table.id for c in self.columns):
            if table.id not in self._scales:  # once per table: every cell of it asks
                self._scales[table.id] = self._scale(table)
            scale = self._scales[table.id]
        scores = [self._overlap(col, cell, table, scale) for col in self.columns]
        if not scores or max(scores) <= 0:
            return None
        return scores.index(max(scores))

    def _scale(self, table: Table) -> float:
        """How much larger the header's table is drawn than `table`: a page photographed closer or
        rescanned shows the same columns wider (its edges line up once scaled), a page with a
        different grid shows them as wide (its edges line up as they are). Ties keep them as they are."""
        ours = sorted({x for col in self.columns for x in col.x_range()})
        if not self.columns or not ours:
            return 1.0
        x0, x1 = self.columns[0].table_span
        theirs = sorted({x - table.bbox[0] for c in table.cells for x in (c.bbox[0], c.bbox[2])})
        tol = _EDGE_TOLERANCE * max(1, x1 - x0)
        ratio = max(1, x1 - x0) / max(1, table.bbox[2] - table.bbox[0])

        def agreeing(scale: float) -> int:
            return sum(1 for x in theirs if min(abs(x * scale - o) for o in ours) <= tol)

        return ratio if agreeing(ratio) > agreeing(1.0) else 1.0

    @staticmethod
    def _overlap(col: Column, cell: Cell, table: Table, scale: float) -> float:
        if col.table_id == table.id:
            return col_overlap(col.header, cell)
        x0, x1 = col.x_range()
        c0, c1 = (cell.bbox[0] - table.bbox[0]) * scale, (cell.bbox[2] - table.bbox[0]) * scale
        share = (min(x1, c1) - max(x0, c0)) / max(1.0, c1 - c0)
        # a cell of the next page reaching a few pixels into a column is beside it, not under it
        # (the group label 绩效指标 left of 一级指标, its edge off by the page's scale)
        return share if share >= _MIN_CONTINUED_SHARE else 0.0


def build_columns(
    cells: Sequence[Cell], table: Table, group: LabelGroup, extra: ExtraSynonyms | None
) -> ColumnMap:
    """The column map of a header row; each id goes to at most one column (see `assign_ids`). A
    column left without one (a second target column, an unknown label) keeps its printed label."""
    filled = [c for c in cells if cell_text(c)]
    keys = assign_ids([label_candidates(cell_text(c), group, extra) for c in filled], group)
    columns = []
    for cell, match in zip(filled, keys, strict=True):
        key, score = (match.id, match.score) if match is not None else (None, 1.0)
        span = (table.bbox[0], table.bbox[2])
        columns.append(Column(key, cell_text(cell).rstrip(":："), cell, table.id, span, score))
    return ColumnMap(group, tuple(columns))


def label_candidates(
    text: str, group: LabelGroup, extra: ExtraSynonyms | None
) -> list[tuple[LabelMatch, float]]:
    """The ids a header label may stand for: its fuzzy matches, and the id its words name
    (keywords.py) at the keyword score, so that `指标分值` (one character from 指标得分) beside
    `自评得分` is settled as 分值 · 得分 by `assign_ids`, not as 得分 · nothing."""
    found = match_candidates(text, group, extra=extra)
    by_words = keyword_match(text, group)
    if by_words is None or any(m.id == by_words.id and m.score >= by_words.score for m, _ in found):
        return found
    rest = [(m, raw) for m, raw in found if m.id != by_words.id]
    return sorted([*rest, (by_words, by_words.score)], key=lambda mr: -mr[0].score)


def refine(parent: ColumnMap, sub: ColumnMap) -> ColumnMap:
    """A two-row header: the labels of the second row (指标性质 · 指标值 · 度量单位) take the place of
    the label spanning them in the first (年度指标值); the other columns of both rows stay."""
    columns: list[Column] = []
    for column in parent.columns:
        under = [c for c in sub.columns if _within(c.header, column.header)]
        columns.extend(_inherit(column, under) or [column])
    # Labels of the second row under no first-row label (that row's spanning cell was a block title).
    taken = {c.key for c in columns if c.key is not None}
    columns += [c for c in sub.columns if c not in columns and (c.key is None or c.key not in taken)]
    return ColumnMap(parent.group, tuple(sorted(columns, key=lambda c: c.header.col)))


def _inherit(parent: Column, under: list[Column]) -> list[Column]:
    """`预算数` over `年初 · 全年`: a sub-label read as nothing takes its parent's id when no sibling has it."""
    if parent.key is None or any(c.key == parent.key for c in under):
        return under
    unknown = next((c for c in under if c.key is None), None)
    if unknown is None:
        return under
    return [replace(c, key=parent.key, score=parent.score) if c is unknown else c for c in under]


def _within(inner: Cell, outer: Cell) -> bool:
    return outer.col <= inner.col and inner.col + inner.col_span <= outer.col + outer.col_span


def assign_ids(
    candidates: list[list[tuple[LabelMatch, float]]], group: LabelGroup
) -> list[LabelMatch | None]:
    """One id per label, the best overall: exact labels keep theirs; the damaged rest share what is
    left so that the sum of their scores is highest, ties going to the bracket-kept score and then to
    print order (`口级指标` between 一级指标 and 三级指标 is 二级指标)."""
    chosen: list[LabelMatch | None] = [None] * len(candidates)
    for i, scored in enumerate(candidates):
        exact = bool(scored) and scored[0][0].score == 1.0 and (len(scored) == 1 or scored[1][0].score < 1.0)
        if exact and all(c is None or c.id != scored[0][0].id for c in chosen):
            chosen[i] = scored[0][0]
    taken = {c.id for c in chosen if c is not None}
    rest = [i for i, c in enumerate(chosen) if c is None and candidates[i]]
    rank = {spec.id: k for k, spec in enumerate(canonical_schema().group(group))}
    order = [i for i, c in enumerate(candidates) if c]  # print position among label cells

    def gain(i: int, match: LabelMatch, raw: float) -> float:
        return match.score + 0.01 * raw - 0.001 * abs(rank.get(match.id, 0) - order.index(i))

    options = [
        [(m, gain(i, m, raw)) for m, raw in candidates[i] if m.id not in taken][:_MAX_OPTIONS] for i in rest
    ]
    best: tuple[float, tuple[LabelMatch | None, ...]] = (0.0, tuple(None for _ in rest))
    for combo in product(*[[*opts, (None, 0.0)] for opts in options]):
        ids = [m.id for m, _ in combo if m is not None]
        total = sum(g for _, g in combo)
        if len(ids) == len(set(ids)) and total > best[0]:
            best = (total, tuple(m for m, _ in combo))
    for i, match in zip(rest, best[1], strict=True):
        chosen[i] = match
    return chosen


def count_matches(
    cells: Sequence[Cell], group: LabelGroup, ids: frozenset[str], extra: ExtraSynonyms | None
) -> int:
    """How many cells of a row read as labels of `group` with one of `ids` (header-row detection).

    Two damaged labels may both be nearest one spelling (预算安排数 and 实际支出数 are both closest to
    预算执行数); a row with one such hit is counted again with one id per label, the rest of its
    labels read from their words (keywords.py): a data row has no label at all to start from."""
    found = [match_label(cell_text(c), group, extra=extra) for c in cells]
    direct = {m.id for m in found if m is not None and m.id in ids}
    if len(direct) != 1:
        return len(direct)
    texts = [cell_text(c) for c in cells]
    keys = assign_ids([match_candidates(t, group, extra=extra) for t in texts], group)
    for i, text in enumerate(texts):
        if keys[i] is None and not any(ch.isdigit() for ch in text):
            keys[i] = keyword_match(text, group, frozenset(k.id for k in keys if k is not None))
    return len({k.id for k in keys if k is not None and k.id in ids})
