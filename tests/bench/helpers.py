"""Tiny hand-made Documents for the bench metric tests."""

from __future__ import annotations

from models.record import (
    Cell,
    Document,
    EngineInfo,
    Field,
    FieldValue,
    Form,
    FormFields,
    FundsBlock,
    FundsRow,
    IndicatorRow,
    Source,
    Table,
)
from models.values import CmpValue, Op


def f(text: str, value: FieldValue = None) -> Field:
    return Field(text=text, value=value)


def indicator(level3: str, target: float, actual: float, weight: int, score: int) -> IndicatorRow:
    return IndicatorRow(
        level1=f("产出指标", "产出指标"),
        level2=f("数量指标", "数量指标"),
        level3=f(level3, level3),
        target=f(f"≥{target:g}%", CmpValue(op=Op.GE, number=target, unit="%")),
        actual=f(f"{actual:g}%", CmpValue(number=actual, unit="%")),
        weight=f(str(weight), weight),
        score=f(str(score), score),
    )


def form() -> Form:
    """2 header fields, 3 funds cells, 2 indicator rows × 7 fields = 19 fields."""
    return Form(
        pages=[0],
        fields=FormFields(
            project_name=f("社会保险经办服务", "社会保险经办服务"), fiscal_year=f("（2022年度）", 2022)
        ),
        funds=FundsBlock(
            rows=[
                FundsRow(
                    row="total",
                    label="年度资金总额",
                    budget_initial=f("80万元", 80),
                    executed=f("80", 80),
                    exec_rate=f("100%", 1.0),
                )
            ]
        ),
        indicators=[
            indicator("全市参保人员及退休职工待遇按时发放", 98, 98, 20, 20),
            indicator("参保人员满意度", 90, 95, 10, 10),
        ],
    )


def table(
    spans: dict[tuple[int, int], tuple[int, int]] | None = None, n_rows: int = 2, n_cols: int = 2
) -> Table:
    """A grid whose cells start at the keys of `spans` (row, col) → (row_span, col_span); default all 1×1."""
    starts = spans or {(r, c): (1, 1) for r in range(n_rows) for c in range(n_cols)}
    cells = [
        Cell(
            id=f"p0t0r{r}c{c}",
            row=r,
            col=c,
            row_span=rs,
            col_span=cs,
            bbox=(c * 10, r * 10, c * 10 + 9, r * 10 + 9),
            text=f"格{r}{c}",
        )
        for (r, c), (rs, cs) in sorted(starts.items())
    ]
    return Table(
        id="p0t0", page=0, bbox=(0, 0, n_cols * 10, n_rows * 10), n_rows=n_rows, n_cols=n_cols, cells=cells
    )


def document(forms: list[Form] | None = None, tables: list[Table] | None = None) -> Document:
    return Document(
        source=Source(path="x.png", sha256="0" * 64, page_count=1, media_type="image/png"),
        engine=EngineInfo(formtally="test", ocr="none"),
        tables=tables if tables is not None else [table()],
        forms=forms if forms is not None else [form()],
    )
