"""A store seeded with the fixture records (tests/fixtures/records/*.json), no OCR needed.

Each record is verified and assessed like the pipeline does, a few values get a lower OCR confidence
(so the review app has low-confidence cells and repair suggestions to show), and every page is drawn
from the table cells so the overlay and the cell crops have pixels to work on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from extraction.assess import assess_form
from models.paths import get_field
from models.record import Document, PageInfo, Unmapped
from service.batch.render import encode_page
from service.storage import FormQuery, PageImageRef, Store, list_forms, save_result, upsert_document
from verification import verify_form

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
FONT = Path(__file__).resolve().parents[2] / "samplegen" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
MARGIN = 40
# Values the "OCR" was unsure of: seed 1's 得分 100 (should read 10) gets a repair suggestion.
LOW_CONFIDENCE: dict[str, dict[str, float]] = {
    "seed_shizuishan_1": {"funds.total.exec_score": 0.7, "fields.impl_unit": 0.66},
    "seed_shizuishan_2": {"indicators[0].score": 0.8},
}
UNMAPPED: dict[str, list[Unmapped]] = {
    "seed_shizuishan_2": [Unmapped(label="填报单位", text="石嘴山市社会保险事业管理中心")],
}
DEFAULT_NAMES = ("seed_shizuishan_1", "seed_shizuishan_2", "seed_shizuishan_3", "hebei_exec_86")


def fixture_document(name: str) -> Document:
    document = Document.model_validate_json((RECORDS / f"{name}.json").read_bytes())
    document.source.sha256 = hashlib.sha256(name.encode()).hexdigest()  # fixtures share a dummy hash
    document.source.path = f"/scans/{name}.png"
    pages = sorted({t.page for t in document.tables})
    document.pages = [
        PageInfo(
            index=p,
            width=max(t.bbox[2] for t in document.tables if t.page == p) + 2 * MARGIN,
            height=max(t.bbox[3] for t in document.tables if t.page == p) + 2 * MARGIN,
        )
        for p in pages
    ]
    for table in document.tables:  # the page has a margin around the table
        table.bbox = _shift(table.bbox)
        for cell in table.cells:
            cell.bbox = _shift(cell.bbox)
    tables = {t.id: t for t in document.tables}
    forms = []
    for form in document.forms:
        form.pages = pages
        form.unmapped = form.unmapped + UNMAPPED.get(name, [])
        for path, confidence in LOW_CONFIDENCE.get(name, {}).items():
            field = get_field(form, path)
            assert field is not None, path
            field.confidence = confidence
        form.findings = verify_form(form)
        forms.append(assess_form(form, tables))
    document.forms = forms
    return document


def _shift(bbox: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = bbox
    return x0 + MARGIN, y0 + MARGIN, x1 + MARGIN, y1 + MARGIN


def render_page(document: Document, page: PageInfo) -> Image.Image:
    """A clean 'scan' of the page: every cell's border and its text."""
    image = Image.new("RGB", (page.width, page.height), "white")
    draw = ImageDraw.Draw(image)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont = (
        ImageFont.truetype(str(FONT), 22) if FONT.is_file() else ImageFont.load_default(22)
    )
    for table in document.tables:
        if table.page != page.index:
            continue
        for cell in table.cells:
            x0, y0, x1, y1 = cell.bbox
            draw.rectangle((x0, y0, x1, y1), outline="black", width=2)
            chars = max(1, (x1 - x0 - 12) // 22)
            lines = [cell.text[i : i + chars] for i in range(0, len(cell.text), chars)][:2]
            for k, line in enumerate(lines):
                draw.text((x0 + 6, y0 + 6 + 24 * k), line, fill="black", font=font)
    return image


def seed_store(store: Store, names: tuple[str, ...] = DEFAULT_NAMES) -> dict[str, int]:
    """Store each fixture as a scanned document; returns fixture name → form id."""
    form_ids: dict[str, int] = {}
    for name in names:
        document = fixture_document(name)
        refs = []
        for page in document.pages:
            sha = store.pages.put(encode_page(render_page(document, page)))
            refs.append(PageImageRef(index=page.index, sha256=sha, width=page.width, height=page.height))
        with store.transaction() as session:
            row, _ = upsert_document(
                session,
                sha256=document.source.sha256,
                path=document.source.path,
                media_type="image/png",
                size_bytes=1,
            )
            save_result(session, row.id, document, refs)
            doc_id = row.id
        with store.reader() as session:
            (form,) = list_forms(session, FormQuery(document_id=doc_id))
        form_ids[name] = form.id
    return form_ids
