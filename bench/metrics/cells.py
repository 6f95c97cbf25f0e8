"""Cell-text character error rate over matched cells.

Cells are matched text-first, so that the metric works for any structure, including the pseudo-tables
of whole-page OCR: per page, the non-empty cells of each side in reading order (table, row, column)
are aligned (align.py) on normalised-Levenshtein similarity, a pair needing at least
CELL_MIN_SIMILARITY. CER = Σ edit distance / Σ truth length over the matched pairs; `recall` says
which share of the non-empty truth cells found a partner (a cell read too badly to match is missed,
not counted in CER, so read the two together).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from bench.metrics.align import align
from bench.metrics.text import normalize
from models.record import Table

CELL_MIN_SIMILARITY = 0.4


class CerCounts(BaseModel):
    edits: int = 0  # Levenshtein distance summed over matched cells
    chars: int = 0  # truth characters of the matched cells
    matched: int = 0
    truth_cells: int = 0  # non-empty truth cells

    def add(self, other: CerCounts) -> None:
        self.edits += other.edits
        self.chars += other.chars
        self.matched += other.matched
        self.truth_cells += other.truth_cells

    @property
    def cer(self) -> float | None:
        return self.edits / self.chars if self.chars else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.truth_cells if self.truth_cells else None


def _page_texts(tables: Sequence[Table], page: int) -> list[str]:
    texts: list[str] = []
    for table in (t for t in tables if t.page == page):  # document order is reading order
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            text = normalize(cell.text)
            if text:
                texts.append(text)
    return texts


def match_cells(pred: Sequence[str], truth: Sequence[str]) -> list[tuple[int, int]]:
    """(truth index, pred index) of the matched cells, in order."""
    if not pred or not truth:
        return []
    similarity = cdist(truth, pred, scorer=Levenshtein.normalized_similarity, dtype=np.float64)
    return [(t, p) for t, p in align(similarity, CELL_MIN_SIMILARITY) if t is not None and p is not None]


def cer_counts(pred: Sequence[Table], truth: Sequence[Table]) -> CerCounts:
    counts = CerCounts()
    for page in sorted({t.page for t in truth}):
        truth_texts = _page_texts(truth, page)
        pred_texts = _page_texts(pred, page)
        counts.truth_cells += len(truth_texts)
        for t, p in match_cells(pred_texts, truth_texts):
            counts.edits += Levenshtein.distance(truth_texts[t], pred_texts[p])
            counts.chars += len(truth_texts[t])
            counts.matched += 1
    return counts
