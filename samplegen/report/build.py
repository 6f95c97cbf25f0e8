"""A department's annual report as one PDF: narrative pages, other budget tables and a
self-assessment form per project (one split over two pages), born digital and scanned, with truth.

`build_report(folder, short=...)` writes digital.pdf, scanned.pdf and truth.json into `folder`;
truth.json is a Document whose forms carry their page numbers within the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from models.record import Document, EngineInfo, Form, PageInfo, Source
from samplegen import degrade
from samplegen.draw import render_page
from samplegen.files import save_pdf, sha256, write_json
from samplegen.forms import form_by_id
from samplegen.layout import LayoutRecord, PageBox, layout_form
from samplegen.report.pages import budget_page, budget_rows, narrative_page
from samplegen.report.pdf import DPI, write_digital_pdf
from samplegen.truth import build_document

# The first is printed over two pages.
FORM_IDS = (
    "shanxi_hospital_2021_jbgw",
    "sichuan_county_2023_yygs",
    "hubei_transport_2021_nclw",
    "chongqing_bishan_2022_ljfl",
    "yunnan_tea_2020_cyfz",
    "anhui_town_2022_rjhj",
)
SHORT_FORM_IDS = FORM_IDS[:2]
VERSION = 3  # bump when the report's content changes: cached copies are rebuilt


class _Report:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.pages: list[PageBox] = []
        self.forms: list[Form] = []
        self.specs = [form_by_id(f) for f in FORM_IDS]
        self.sentences = [s for spec in self.specs for s in (spec.goal_expected, spec.goal_actual) if s]

    def _paragraphs(self, count: int) -> list[str]:
        picks = self.rng.choice(len(self.sentences), size=count * 3)
        return ["".join(self.sentences[int(i)] for i in picks[k * 3 : k * 3 + 3]) for k in range(count)]

    def narrative(self, heading: str) -> None:
        self.pages.append(narrative_page(len(self.pages), heading, self._paragraphs(4)))

    def budget(self, year: int) -> None:
        names = [s.title.replace("项目支出绩效自评表", "") or s.form_id for s in self.specs]
        names += [v.value for spec in self.specs if (v := spec.header_value("project_name")) is not None]
        rows = budget_rows(self.rng, names[: 4 + int(self.rng.integers(0, 6))])
        self.pages.append(budget_page(len(self.pages), f"{year}年度重点项目支出决算表", rows))

    def form(self, form_id: str) -> None:
        spec = form_by_id(form_id)
        layout = layout_form(spec)
        first = len(self.pages)
        source = Source(path="report", sha256="0" * 64, page_count=1, media_type="application/pdf")
        truth = build_document(spec, layout, source).forms[0]
        pages = [first + p.index for p in layout.pages]
        self.forms.append(truth.model_copy(update={"id": f"f{len(self.forms)}", "pages": pages}))
        for page in layout.pages:
            self.pages.append(page.model_copy(update={"index": len(self.pages)}))


def compose(short: bool = False, seed: int = 2022) -> tuple[list[PageBox], list[Form]]:
    """The report's pages in order and the truth of its forms."""
    report = _Report(seed)
    report.narrative("部门整体支出绩效自评报告")
    if not short:
        for heading in ("第一部分 部门基本情况", "第二部分 部门收支总表说明", "第三部分 绩效目标完成情况"):
            report.narrative(heading)
    for k, form_id in enumerate(SHORT_FORM_IDS if short else FORM_IDS):
        if not short:
            for part in range(3):
                report.narrative(f"{k + 1}.{part + 1} 项目绩效自评情况")
        report.budget(2022)
        report.form(form_id)
    if not short:
        for part in range(4):
            report.narrative(f"第四部分 问题及改进措施（{part + 1}）")
        report.budget(2023)
    return report.pages, report.forms


def build_report(folder: Path, short: bool = False) -> Path:
    """digital.pdf, scanned.pdf and truth.json in `folder` (kept when already built)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "built.json"
    if stamp.exists() and json.loads(stamp.read_text()) == {"version": VERSION, "short": short}:
        return folder
    pages, forms = compose(short)
    write_digital_pdf(folder / "digital.pdf", pages)
    images = [render_page(p) for p in pages]
    scanned = [degrade.scan(img, np.random.default_rng(i))[0] for i, img in enumerate(images)]
    save_pdf(folder / "scanned.pdf", scanned, DPI)
    for name in ("digital.pdf", "scanned.pdf"):
        truth = Document(
            source=Source(
                path=name, sha256=sha256(folder / name), page_count=len(pages), media_type="application/pdf"
            ),
            engine=EngineInfo(formtally="samplegen", ocr="ground truth"),
            pages=[PageInfo(index=p.index, width=p.width, height=p.height) for p in pages],
            forms=forms,
        )
        write_json(folder / f"{name.removesuffix('.pdf')}.truth.json", truth.model_dump(mode="json"))
    write_json(stamp, {"version": VERSION, "short": short})
    return folder


def layout_of(pages: list[PageBox]) -> LayoutRecord:
    return LayoutRecord(form_id="report", pages=pages)
