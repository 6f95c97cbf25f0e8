"""The upstream cell-count bounds of realdata/wired_tables (RapidAI TableStructureRec tests) and the
no-table negative: checks on a recovered Document, no ground truth beyond these numbers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from models.record import Document

Op = Literal[">=", "<=", "no_form"]

# From shared/realdata/README.md; the upstream tests bound only the number of cells.
WIRED_BOUNDS: dict[str, tuple[Op, int]] = {
    "wired__table_recognition.jpg": (">=", 35),
    "wired__table2.jpg": (">=", 23),
    "wired__row_span.png": (">=", 17),
    "wired__squeeze_error.jpeg": (">=", 160),
    "wired__wired_big_box.png": ("<=", 44),
    "wired__no_table.jpg": ("no_form", 0),
}


class BoundCheck(BaseModel):
    file: str
    bound: str  # e.g. "cells >= 35", "no form"
    found: str  # e.g. "41 cells", "1 form"
    passed: bool


def cell_count(document: Document) -> int:
    return sum(len(t.cells) for t in document.tables)


def check_bound(file: str, document: Document) -> BoundCheck:
    op, limit = WIRED_BOUNDS[file]
    if op == "no_form":
        n_forms = len(document.forms)
        found = f"{n_forms} form(s), {len(document.tables)} table(s)"
        return BoundCheck(file=file, bound="no form", found=found, passed=n_forms == 0)
    cells = cell_count(document)
    passed = cells >= limit if op == ">=" else cells <= limit
    return BoundCheck(file=file, bound=f"cells {op} {limit}", found=f"{cells} cells", passed=passed)


def failed_bound(file: str, reason: str) -> BoundCheck:
    op, limit = WIRED_BOUNDS[file]
    bound = "no form" if op == "no_form" else f"cells {op} {limit}"
    return BoundCheck(file=file, bound=bound, found=f"failed: {reason}", passed=False)
