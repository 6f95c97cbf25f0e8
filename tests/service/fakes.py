"""Fast, deterministic stand-ins for the extraction pipeline, used by the service tests.

`fake_extract` really opens the file (PIL for images, pypdfium2 for PDF), so corrupt, empty and
mislabelled files fail as they would in the pipeline; the form it returns is derived from the bytes'
hash, so the same file always gives the same Document.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from PIL import Image

from models.record import (
    Cell,
    Document,
    EngineInfo,
    Field,
    Finding,
    Form,
    FormFields,
    FundsBlock,
    FundsRow,
    IndicatorRow,
    PageInfo,
    Review,
    Source,
    Table,
)

DEPARTMENTS = ("市财政局", "市教育局", "市卫健委")


def _page_sizes(path: Path, data: bytes) -> tuple[str, list[tuple[int, int]]]:
    if data.startswith(b"%PDF-"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            sizes = [
                (int(pdf[i].get_width() * 150 / 72), int(pdf[i].get_height() * 150 / 72))
                for i in range(len(pdf))
            ]
        finally:
            pdf.close()
        return "application/pdf", sizes
    with Image.open(path) as image:
        image.load()  # decodes the pixels: truncated files fail here
        media = Image.MIME.get(image.format or "", "application/octet-stream")
        return media, [image.size] * getattr(image, "n_frames", 1)


def _cell(
    table: str,
    r: int,
    c: int,
    grid: tuple[int, int, int, int],
    text: str,
    conf: float,
    rs: int = 1,
    cs: int = 1,
) -> Cell:
    x0, y0, w, h = grid
    return Cell(
        id=f"{table}r{r}c{c}",
        row=r,
        col=c,
        row_span=rs,
        col_span=cs,
        bbox=(x0 + c * w, y0 + r * h, x0 + (c + cs) * w, y0 + (r + rs) * h),
        text=text,
        confidence=conf,
    )


def make_document(path: str, sha: str, media: str, sizes: list[tuple[int, int]]) -> Document:
    """A one-form document whose contents depend only on `sha`."""
    n = int(sha[:8], 16)
    width, height = sizes[0]
    grid = (width // 10, height // 10, max(1, width * 8 // 40), max(1, height // 20))
    conf_low = 0.4 + (n % 5) / 10
    year = 2022 + n % 2
    dept = DEPARTMENTS[n % len(DEPARTMENTS)]
    score_text = "10" if n % 3 else "100"
    t = "p0t0"
    cells = [
        _cell(t, 0, 0, grid, "项目支出绩效自评表", 0.99, cs=4),
        _cell(t, 1, 0, grid, "项目名称", 0.99),
        _cell(t, 1, 1, grid, f"项目{sha[:6]}", 0.97, cs=3),
        _cell(t, 2, 0, grid, "主管部门", 0.99),
        _cell(t, 2, 1, grid, dept, 0.95),
        _cell(t, 2, 2, grid, "实施单位", 0.99),
        _cell(t, 2, 3, grid, "某某中心", conf_low),
        _cell(t, 3, 0, grid, "产出指标", 0.99, rs=2),
        _cell(t, 3, 1, grid, "数量指标", 0.98),
        _cell(t, 3, 2, grid, "≥98%", 0.9),
        _cell(t, 3, 3, grid, score_text, conf_low),
        _cell(t, 4, 1, grid, "质量指标", 0.98),
        _cell(t, 4, 2, grid, "100%", 0.93),
        _cell(t, 4, 3, grid, "20", 0.88),
    ]
    table = Table(
        id=t,
        page=0,
        bbox=(grid[0], grid[1], grid[0] + 4 * grid[2], grid[1] + 5 * grid[3]),
        n_rows=5,
        n_cols=4,
        cells=cells,
    )
    findings = []
    if score_text == "100":
        findings.append(
            Finding(
                rule="V3",
                severity="error",
                message="得分应为 10，表中为 100",
                cells=[f"{t}r3c3"],
                paths=["indicators[0].score"],
                expected=10,
                found=100,
            )
        )
    if conf_low < 0.6:
        findings.append(
            Finding(rule="V7", severity="warning", message="实施单位识别置信度低", cells=[f"{t}r2c3"])
        )
    form = Form(
        id="f0",
        pages=list(range(len(sizes))),
        fields=FormFields(
            form_title=Field(
                text="项目支出绩效自评表", value="项目支出绩效自评表", confidence=0.99, cells=[f"{t}r0c0"]
            ),
            fiscal_year=Field(text=f"（{year}年度）", value=year, confidence=0.98),
            project_name=Field(
                text=f"项目{sha[:6]}", value=f"项目{sha[:6]}", confidence=0.97, cells=[f"{t}r1c1"]
            ),
            competent_dept=Field(text=dept, value=dept, confidence=0.95, cells=[f"{t}r2c1"]),
            impl_unit=Field(text="某某中心", value="某某中心", confidence=conf_low, cells=[f"{t}r2c3"]),
        ),
        funds=FundsBlock(
            rows=[FundsRow(row="total", label="年度资金总额", executed=Field(text="80", value=80.0))]
        ),
        indicators=[
            IndicatorRow(
                level1=Field(text="产出指标", value="产出指标", cells=[f"{t}r3c0"]),
                level2=Field(text="数量指标", value="数量指标", cells=[f"{t}r3c1"]),
                target=Field(
                    text="≥98%",
                    value={"kind": "cmp", "op": "GE", "number": 98, "unit": "%"},
                    confidence=0.9,
                    cells=[f"{t}r3c2"],
                ),
                score=Field(
                    text=score_text, value=float(score_text), confidence=conf_low, cells=[f"{t}r3c3"]
                ),
            ),
            IndicatorRow(
                level1=Field(text="产出指标", value="产出指标", cells=[f"{t}r3c0"]),
                level2=Field(text="质量指标", value="质量指标", cells=[f"{t}r4c1"]),
                target=Field(
                    text="100%",
                    value={"kind": "cmp", "op": None, "number": 100, "unit": "%"},
                    confidence=0.93,
                    cells=[f"{t}r4c2"],
                ),
                score=Field(text="20", value=20.0, confidence=0.88, cells=[f"{t}r4c3"]),
            ),
        ],
        findings=findings,
        review=Review(
            status="needs_review" if findings else "auto_ok",
            risk=round(1 - conf_low, 2),
            low_confidence_cells=[f"{t}r2c3"],
        ),
    )
    return Document(
        source=Source(path=path, sha256=sha, page_count=len(sizes), media_type=media),
        engine=EngineInfo(formtally="0.1.0-fake", ocr="fake"),
        pages=[PageInfo(index=i, width=w, height=h) for i, (w, h) in enumerate(sizes)],
        tables=[table],
        forms=[form],
    )


def fake_extract(path: Path) -> Document:
    data = path.read_bytes()
    if not data:
        raise ValueError(f"{path.name}: empty file")
    media, sizes = _page_sizes(path, data)
    return make_document(str(path), hashlib.sha256(data).hexdigest(), media, sizes)


def slow_extract(path: Path) -> Document:
    """fake_extract plus FORMTALLY_FAKE_DELAY seconds, so a test can kill a scan half-way."""
    time.sleep(float(os.environ.get("FORMTALLY_FAKE_DELAY", "0.3")))
    return fake_extract(path)
