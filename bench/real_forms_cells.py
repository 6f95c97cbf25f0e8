"""Where a rendered real form is lost: in the table structure, in the cell text, or in the mapping.

The layout record of a rendered fixture says which cells the page prints (row, column, spans, text).
`cell_agreement` compares the extractor's tables with it by grid position: a printed cell is
*placed* when a predicted table has a cell at the same row and column (give or take a shift of the
whole table, as when a title line is read as an extra row) with the same spans, and
*read* when that cell's text is the printed text (bench.real_forms.normalize; a dash read as any
dash, and an ellipsis read as nothing, count as read, as the scorer counts them). Fields that are
wrong while every cell is placed and read were lost by the mapper.
"""

from __future__ import annotations

from pydantic import BaseModel

from bench.real_forms import normalize
from models.record import Table
from samplegen.layout import LayoutRecord

Slot = tuple[int, int]
OFFSETS = (0, -1, 1, -2, 2)  # rows / columns a predicted table may be shifted by
DASHES = frozenset("-—–―─一_")  # one printed mark for "none", as bench.real_forms.field_matches counts it


class CellAgreement(BaseModel):
    cells: int = 0  # printed cells with text
    placed: int = 0  # of those, found at their position with their spans
    read: int = 0  # of those placed, with the printed text
    misread: list[tuple[str, str]] = []  # (printed, read) of placed cells read wrong

    @property
    def structure(self) -> float:
        return self.placed / self.cells if self.cells else 1.0

    @property
    def text(self) -> float:
        return self.read / self.placed if self.placed else 1.0


def same_text(printed: str, read: str) -> bool:
    want, have = normalize(printed), normalize(read)
    if want and have and set(want) <= DASHES and set(have) <= DASHES:
        return True
    return want == have or (not have and set(want) <= {"…", "."})


def _slots(table: Table) -> dict[Slot, tuple[int, int, str]]:
    return {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in table.cells}


def _aligned(want: dict[Slot, tuple[int, int, str]], table: Table) -> dict[Slot, tuple[int, int, str]]:
    """The predicted cells at the printed cells' slots (same spans), under the row and column offset
    that matches most printed cells (a table read with an extra row on top is still in place)."""
    got = _slots(table)

    def at(dr: int, dc: int) -> dict[Slot, tuple[int, int, str]]:
        moved = {s: got.get((s[0] + dr, s[1] + dc)) for s in want}
        return {s: g for s, g in moved.items() if g is not None and g[:2] == want[s][:2]}

    def matched(cells: dict[Slot, tuple[int, int, str]]) -> int:
        return sum(same_text(want[s][2], g[2]) for s, g in cells.items())

    offsets = sorted(((dr, dc) for dr in OFFSETS for dc in OFFSETS), key=lambda o: abs(o[0]) + abs(o[1]))
    return max((at(dr, dc) for dr, dc in offsets), key=matched)  # max keeps the first: the smallest shift


def cell_agreement(layout: LayoutRecord, predicted: list[Table]) -> CellAgreement:
    """Printed cells placed and read by the extractor (its tables `predicted`), page by page; the
    best-matching table of a page stands for it."""
    out = CellAgreement()
    for page in layout.pages:
        want = {
            (c.row, c.col): (c.row_span, c.col_span, c.text) for t in page.tables for c in t.cells if c.text
        }
        out.cells += len(want)
        best: dict[Slot, tuple[int, int, str]] = {}
        for table in (t for t in predicted if t.page == page.index):
            placed = _aligned(want, table)
            if len(placed) > len(best):
                best = placed
        out.placed += len(best)
        for slot, (_, _, text) in best.items():
            printed = want[slot][2]
            if same_text(printed, text):
                out.read += 1
            else:
                out.misread.append((printed, text))
    return out
