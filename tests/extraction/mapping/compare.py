"""Test helper: a mapped Form against a ground-truth Form, field by field (text, value, cells)."""

from __future__ import annotations

from dataclasses import dataclass, field

from extraction.types import PageContent, TextBlock
from models.paths import iter_fields
from models.record import Document, Field, Form


@dataclass
class Agreement:
    checked: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def agreed(self) -> int:
        return self.checked - len(self.wrong)

    def check(self, path: str, got: object, want: object) -> None:
        self.checked += 1
        if got != want:
            self.wrong.append(f"{path}: got {got!r}, want {want!r}")


def _key(f: Field | None) -> tuple[object, ...] | None:
    return None if f is None else (f.text, f.value, sorted(f.cells))


def compare_forms(got: Form, want: Form, out: Agreement, prefix: str = "") -> None:
    """Every field of `want` (and any field only `got` has), plus layout, pages, funds and unmapped."""
    mine = dict(iter_fields(got))
    truth = dict(iter_fields(want))
    for path in sorted(set(mine) | set(truth)):
        out.check(prefix + path, _key(mine.get(path)), _key(truth.get(path)))
    out.check(prefix + "layout", got.layout, want.layout)
    out.check(prefix + "kind", got.kind, want.kind)
    out.check(prefix + "pages", got.pages, want.pages)
    out.check(prefix + "funds.unit", got.funds.unit, want.funds.unit)
    out.check(prefix + "funds.title", _key(got.funds.title), _key(want.funds.title))
    out.check(
        prefix + "funds.rows",
        [(r.row, r.label, r.label_cells) for r in got.funds.rows],
        [(r.row, r.label, r.label_cells) for r in want.funds.rows],
    )
    out.check(prefix + "indicators", len(got.indicators), len(want.indicators))
    out.check(
        prefix + "unmapped",
        sorted((u.label, u.text, sorted(u.cells)) for u in got.unmapped),
        sorted((u.label, u.text, sorted(u.cells)) for u in want.unmapped),
    )


def truth_pages(doc: Document) -> list[PageContent]:
    """The truth's tables as the mapper sees them, with the title and year line above page 1's table."""
    pages: list[PageContent] = []
    form = doc.forms[0]
    for info in doc.pages:
        tables = [t for t in doc.tables if t.page == info.index]
        blocks: list[TextBlock] = []
        if info.index == form.pages[0] and tables:
            top = min(t.bbox[1] for t in tables)
            for k, f in enumerate((form.fields.form_title, form.fields.fiscal_year)):
                if f is not None:
                    y = max(0, top - 200 + 90 * k)
                    blocks.append(TextBlock(text=f.text, bbox=(600, y, 1800, y + 70), confidence=0.99))
        pages.append(
            PageContent(
                page=info.index, width=info.width, height=info.height, tables=tables, text_blocks=blocks
            )
        )
    return pages
