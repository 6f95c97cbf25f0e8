"""HTML report: one self-contained file with, per document, the page thumbnails with the detected grid
drawn over them (cells tinted by confidence, cells with findings outlined in red) and the findings."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from models.record import Table
from service.export.files import atomic_write
from service.export.select import ExportDocument, ExportForm
from service.storage.pages import PageStore

THUMB_WIDTH = 900
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
section.doc{border-top:2px solid #444;margin-top:2em;padding-top:1em}
.pages{display:flex;flex-wrap:wrap;gap:1em}
figure{margin:0} figcaption{font-size:.85em;color:#555}
svg.page{border:1px solid #999;max-width:100%;height:auto}
table.findings{border-collapse:collapse;margin:.5em 0 1.5em}
table.findings td,table.findings th{border:1px solid #bbb;padding:.25em .5em;text-align:left}
.error{color:#b00020}.warning{color:#a66300}.info{color:#555}
.meta{color:#555}
"""


def _tint(confidence: float) -> str:
    return "#2e7d32" if confidence >= 0.9 else "#f9a825" if confidence >= 0.7 else "#c62828"


def _thumbnail(pages: PageStore, sha256: str) -> str | None:
    """A JPEG data URI of the stored page, scaled to THUMB_WIDTH; None when the file is missing."""
    if not pages.exists(sha256):
        return None
    with Image.open(io.BytesIO(pages.get(sha256))) as stored:
        image = stored.convert("RGB")
    if image.width > THUMB_WIDTH:
        image = image.resize((THUMB_WIDTH, round(image.height * THUMB_WIDTH / image.width)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _page_svg(width: int, height: int, image: str | None, tables: list[Table], flagged: set[str]) -> str:
    parts = [
        f'<svg class="page" viewBox="0 0 {width} {height}" width="{THUMB_WIDTH}" xmlns="http://www.w3.org/2000/svg">'
    ]
    if image is not None:
        parts.append(f'<image href="{image}" x="0" y="0" width="{width}" height="{height}"/>')
    else:
        parts.append(f'<rect width="{width}" height="{height}" fill="#fafafa"/>')
    stroke = max(1, width // 600)
    for table in tables:
        for cell in table.cells:
            x0, y0, x1, y1 = cell.bbox
            bad = cell.id in flagged
            parts.append(
                f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{_tint(cell.confidence)}" '
                f'fill-opacity="0.18" stroke="{"#d50000" if bad else "#1565c0"}" '
                f'stroke-width="{stroke * (4 if bad else 1)}"><title>{html.escape(cell.id)} '
                f"({cell.confidence:.2f}): {html.escape(cell.text)}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _findings_table(form: ExportForm) -> str:
    record = form.record
    title = html.escape(
        record.fields.project_name.text if record.fields.project_name else form.summary.form_key
    )
    s = form.summary
    meta = (
        f"{html.escape(s.department or '')} · {s.fiscal_year or ''} · {s.layout} · 状态 {s.review_status} · "
        f"风险 {s.risk:.2f} · 版本 {s.version}"
    )
    if not record.findings:
        return f"<h3>{title}</h3><p class=meta>{meta}</p><p>没有发现问题。</p>"
    rows = "".join(
        f"<tr class={f.severity}><td>{html.escape(f.rule)}</td><td>{f.severity}</td><td>{html.escape(f.message)}</td>"
        f"<td>{html.escape(', '.join(f.cells))}</td></tr>"
        for f in record.findings
    )
    return (
        f"<h3>{title}</h3><p class=meta>{meta}</p><table class=findings><tr><th>规则</th><th>严重程度</th>"
        f"<th>说明</th><th>单元格</th></tr>{rows}</table>"
    )


def _document_section(doc: ExportDocument, pages: PageStore) -> str:
    flagged = {c for form in doc.forms for f in form.record.findings for c in f.cells}
    images = {p.index: p for p in doc.pages}
    figures = []
    for info in doc.document.pages:
        stored = images.get(info.index)
        image = _thumbnail(pages, stored.sha256) if stored is not None else None
        tables = [t for t in doc.document.tables if t.page == info.index]
        svg = _page_svg(info.width, info.height, image, tables, flagged)
        figures.append(f"<figure>{svg}<figcaption>第 {info.index + 1} 页</figcaption></figure>")
    forms = "".join(_findings_table(form) for form in doc.forms)
    return (
        f'<section class=doc id="doc-{doc.info.id}"><h2>{html.escape(Path(doc.name).name)}</h2>'
        f"<p class=meta>{html.escape(doc.name)} · sha256 {doc.info.sha256[:12]}… · "
        f"{doc.info.page_count or 0} 页</p><div class=pages>{''.join(figures)}</div>{forms}</section>"
    )


def export_html(documents: Iterable[ExportDocument], out: Path, pages: PageStore) -> list[Path]:
    """One report file: `out` if it ends in .html, else `out`/report.html."""
    target = out if out.suffix.lower() in (".html", ".htm") else out / "report.html"
    sections = [_document_section(doc, pages) for doc in documents]
    body = "".join(sections) or "<p>没有符合条件的文档。</p>"
    page = (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>formtally 报告</title>'
        f"<style>{STYLE}</style></head><body><h1>formtally 报告</h1>"
        f"<p class=meta>{len(sections)} 个文档</p>{body}</body></html>"
    )
    atomic_write(target, page.encode("utf-8"))
    return [target]
