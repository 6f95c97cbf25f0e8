"""The ids the result contract uses to point at things: tables, cells and funds rows.

Built here only, so a reader (exports, the review app, verification) and a writer (extraction,
sample generation) can never disagree on the spelling.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from models.record import FundsRow


def table_id(page: int, index: int) -> str:
    """`p{page}t{index}`: the index-th table of page `page` (both 0-based)."""
    return f"p{page}t{index}"


def cell_id(table: str, row: int, col: int) -> str:
    """`p{page}t{table}r{row}c{col}`: a cell by its grid position (top-left slot of a merge)."""
    return f"{table}r{row}c{col}"


def funds_key(row_id: str, k: int = 0) -> str:
    """The record path of the k-th (0-based) funds row with id `row_id`: funds.total, funds.other[1]."""
    return f"funds.{row_id}" + (f"[{k}]" if k else "")


def funds_keys(rows: Iterable[FundsRow]) -> Iterator[tuple[str, FundsRow]]:
    """Each funds row with its record path; rows sharing an id are numbered in order."""
    seen: dict[str, int] = {}
    for row in rows:
        k = seen.get(row.row, 0)
        seen[row.row] = k + 1
        yield funds_key(row.row, k), row
