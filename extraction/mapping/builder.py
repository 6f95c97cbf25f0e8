"""The form being assembled while rows are read, possibly over several tables and pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from extraction.mapping.columns import ColumnMap
from extraction.mapping.fields import joined_text
from models.record import Cell, Field, FormFields, FundsBlock, FundsRow, IndicatorRow, Unmapped


@dataclass
class FormBuilder:
    pages: list[int] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # ids of the tables any of its rows came from
    fields: FormFields = field(default_factory=FormFields)
    funds: FundsBlock = field(default_factory=FundsBlock)
    funds_columns: ColumnMap | None = None
    funds_header_at: tuple[str, int] | None = None  # table id and row of the last funds header row
    # A transposed funds block: each source's label cell, its funds row and the label's match score.
    funds_sources: list[tuple[Cell, FundsRow, float]] = field(default_factory=list)
    # Funds printed as label · value pairs: each value cell of the pairs row and its column id.
    funds_pair_values: list[tuple[Cell, str]] = field(default_factory=list)
    ind_columns: ColumnMap | None = None
    ind_header_at: tuple[str, int] | None = None  # table id and row of the last indicator header row
    ind_title: str = ""  # 绩效指标 / 绩效指标(90分): tells the Sichuan layout apart
    title_spelling: str = ""  # the canonical title spelling matched: layout and kind
    indicators: list[IndicatorRow] = field(default_factory=list)
    level1_weights: dict[str, Field] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    # The last indicator row read, for "same as above" level cells on the next row or page.
    last_indicator: IndicatorRow | None = None
    review_reasons: list[str] = field(default_factory=list)  # what a reviewer should know of the mapping

    def add_page(self, page: int, table: str | None = None) -> None:
        if page not in self.pages:
            self.pages.append(page)
        if table is not None and table not in self.tables:
            self.tables.append(table)

    def note_review(self, reason: str) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)

    def add_unmapped(self, label: Cell | None, values: list[Cell], label_text: str | None = None) -> None:
        """Keeps a row or value whose label matched nothing (`label_text`: a column's printed label)."""
        cells = [label] if label is not None else []
        cells += values
        if not any(c.text.strip() for c in cells):
            return
        if label_text is None:
            label_text = joined_text([label]) if label is not None else ""
        self.unmapped.append(
            Unmapped(label=label_text, text=joined_text(values), cells=[c.id for c in cells])
        )

    def has_content(self) -> bool:
        """Anything of a form beyond its title: header values, funds, goals, indicators or totals."""
        f = self.fields
        header = (f.project_name, f.competent_dept, f.impl_unit, f.goal_expected, f.goal_actual)
        totals = (f.total_score, f.total_weight, f.grade)
        return any(x is not None for x in (*header, *totals)) or bool(self.funds.rows or self.indicators)
