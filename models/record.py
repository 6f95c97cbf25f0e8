"""The extraction result contract of spec/output.md as pydantic v2 models.

Every interface (CLI, REST, exports, storage) reads and writes these; `formtally schema`
publishes their JSON Schema. A breaking change bumps SCHEMA_VERSION.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydField

from models.values import IndicatorValue

SCHEMA_VERSION = 1

BBox = tuple[int, int, int, int]  # [x0, y0, x1, y1] in pixels of the prepared page
FieldValue = bool | int | float | str | IndicatorValue | None
Severity = Literal["error", "warning", "info"]
ReviewStatus = Literal["needs_review", "auto_ok", "in_review", "approved", "rejected"]
FormKind = Literal["self_assessment", "target_declaration", "target_approval"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    path: str
    sha256: str
    page_count: int
    media_type: str


class EngineInfo(_Model):
    formtally: str
    ocr: str
    elapsed_s: dict[str, float] = PydField(default_factory=dict)
    # the verification rule profile of the extraction; every re-verification after an edit uses it
    profile: str = "national"


class PageAnnotation(_Model):
    """Something found on the page that is not table text, e.g. a red seal (公章) or red pen."""

    kind: Literal["seal", "red_ink"]
    bbox: BBox


class PageInfo(_Model):
    index: int
    width: int
    height: int
    rotation: int = 0  # degrees clockwise applied to the original image (0/90/180/270)
    skew_deg: float = 0.0
    perspective_corrected: bool = False
    annotations: list[PageAnnotation] = PydField(default_factory=list)
    # why this page gave nothing (damaged, time limit, a stage failed); the other pages still count
    error: str | None = None
    # 3×3 homography (row-major) from the loaded original image's pixels to this page's pixels, in which
    # every bbox of the record lives; None: no transform known (identity). models.geometry maps back.
    transform: list[list[float]] | None = None
    # how the page's text was read: OCR, the characters of a born-digital PDF's text layer, or the
    # cells of an office document (xlsx, docx)
    text_source: Literal["ocr", "pdf_text", "office"] | None = None


class Cell(_Model):
    id: str  # p{page}t{table}r{row}c{col}
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    bbox: BBox
    text: str = ""
    confidence: float = 1.0
    alternatives: list[str] = PydField(default_factory=list)  # other OCR readings, best first


class Table(_Model):
    id: str  # p{page}t{index}
    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell] = PydField(default_factory=list)

    def cell(self, cell_id: str) -> Cell | None:
        return next((c for c in self.cells if c.id == cell_id), None)


class Field(_Model):
    """One value of the form: printed text, parsed value, confidence, and the cells it came from."""

    text: str
    value: FieldValue = None
    confidence: float = PydField(default=1.0, ge=0.0, le=1.0)
    cells: list[str] = PydField(default_factory=list)


class FormFields(_Model):
    form_title: Field | None = None
    fiscal_year: Field | None = None
    project_name: Field | None = None
    competent_dept: Field | None = None
    impl_unit: Field | None = None
    goal_expected: Field | None = None
    goal_actual: Field | None = None
    total_weight: Field | None = None
    total_score: Field | None = None
    grade: Field | None = None


FundsRowId = Literal["total", "fiscal_current", "carryover", "other"]
FUNDS_COLUMNS: tuple[str, ...] = (
    "budget_initial",
    "budget_full_year",
    "executed",
    "exec_weight",
    "exec_rate",
    "exec_score",
    "exec_reason",
)


class FundsRow(_Model):
    row: FundsRowId
    label: str
    label_cells: list[str] = PydField(default_factory=list)
    budget_initial: Field | None = None
    budget_full_year: Field | None = None
    executed: Field | None = None
    exec_weight: Field | None = None
    exec_rate: Field | None = None
    exec_score: Field | None = None
    exec_reason: Field | None = None

    def column(self, column_id: str) -> Field | None:
        value: Field | None = getattr(self, column_id)
        return value


class FundsBlock(_Model):
    unit: str = "万元"
    title: Field | None = None  # 项目资金（万元） / 预算执行情况(10分): may carry the execution weight
    rows: list[FundsRow] = PydField(default_factory=list)

    def row(self, row_id: FundsRowId) -> FundsRow | None:
        return next((r for r in self.rows if r.row == row_id), None)


INDICATOR_COLUMNS: tuple[str, ...] = (
    "level1",
    "level2",
    "level3",
    "op",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "deviation",
)


class IndicatorRow(_Model):
    level1: Field | None = None
    level2: Field | None = None
    level3: Field | None = None
    op: Field | None = None  # own column in Sichuan/Yunnan forms (指标性质)
    target: Field | None = None
    unit: Field | None = None  # own column in Sichuan/Yunnan forms (度量单位)
    actual: Field | None = None
    weight: Field | None = None
    score: Field | None = None
    deviation: Field | None = None
    extra: dict[str, Field] = PydField(default_factory=dict)  # other columns, keyed by printed label

    def column(self, column_id: str) -> Field | None:
        value: Field | None = getattr(self, column_id)
        return value


class Unmapped(_Model):
    label: str
    text: str = ""
    cells: list[str] = PydField(default_factory=list)


class RepairSuggestion(_Model):
    """A one-cell change that makes failing rules hold; offered to the reviewer, never applied silently."""

    path: str  # e.g. "funds.total.exec_score" or "indicators[3].score"
    cell: str | None = None
    old_text: str
    new_text: str
    rules_fixed: list[str]
    reason: str  # e.g. "OCR 常见混淆 0/8"


class Finding(_Model):
    rule: str  # V1 … V12
    severity: Severity
    message: str  # plain Chinese a reviewer can act on
    cells: list[str] = PydField(default_factory=list)
    paths: list[str] = PydField(default_factory=list)  # record paths of the values involved
    expected: Any = None
    found: Any = None
    suggestions: list[RepairSuggestion] = PydField(default_factory=list)


class Review(_Model):
    status: ReviewStatus = "needs_review"
    risk: float = PydField(default=0.0, ge=0.0, le=1.0)
    low_confidence_cells: list[str] = PydField(default_factory=list)
    reasons: list[str] = PydField(default_factory=list)  # why a person should look (inferred layout …)
    version: int = 0
    reviewer: str | None = None
    comment: str | None = None


class Form(_Model):
    id: str = "f0"
    pages: list[int] = PydField(default_factory=list)
    kind: FormKind = "self_assessment"
    layout: str = "national"  # national / sichuan / transfer / hubei / chongqing / yunnan / unknown
    fields: FormFields = PydField(default_factory=FormFields)
    funds: FundsBlock = PydField(default_factory=FundsBlock)
    indicators: list[IndicatorRow] = PydField(default_factory=list)
    level1_weights: dict[str, Field] = PydField(default_factory=dict)  # 产出指标(50分) → 50
    unmapped: list[Unmapped] = PydField(default_factory=list)
    findings: list[Finding] = PydField(default_factory=list)
    review: Review = PydField(default_factory=Review)


class NotAForm(_Model):
    """Tables that were read but are not a self-assessment form, and why (no form is claimed on them)."""

    pages: list[int] = PydField(default_factory=list)
    tables: list[str] = PydField(default_factory=list)
    score: float = 0.0  # the evidence found, against the threshold in the reason
    cues: list[str] = PydField(default_factory=list)
    reason: str = ""


class Document(_Model):
    schema_version: int = SCHEMA_VERSION
    source: Source
    engine: EngineInfo
    pages: list[PageInfo] = PydField(default_factory=list)
    tables: list[Table] = PydField(default_factory=list)
    forms: list[Form] = PydField(default_factory=list)
    not_forms: list[NotAForm] = PydField(default_factory=list)
    warnings: list[str] = PydField(default_factory=list)
