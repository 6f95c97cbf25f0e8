"""One randomised form → DIR/<family>/<form_id>/: truth.json, form.json and, on request, renderings
made by the same degradations as the fixed samples (samplegen.degrade / photo / seal)."""

from __future__ import annotations

import dataclasses
import hashlib
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from models.record import Document, Source
from samplegen import degrade
from samplegen.build import EXT, RENDERINGS
from samplegen.draw import render
from samplegen.files import JPEG_QUALITY, save_single, save_tiff, write_json
from samplegen.fonts import missing_chars
from samplegen.layout import STYLE_FONT, LayoutRecord
from samplegen.photo import photo
from samplegen.seal import stamp
from samplegen.variety.model import VForm
from samplegen.variety.truth import build_document

KINDS = tuple(k for k, _ in RENDERINGS)


def missing_glyphs(layout: LayoutRecord) -> set[str]:
    missing: set[str] = set()
    for page in layout.pages:
        for text in page.texts:
            missing |= missing_chars(text.face, "".join(line.text for line in text.lines))
        for table in page.tables:
            for cell in table.cells:
                missing |= missing_chars(STYLE_FONT[cell.style][0], cell.text)  # type: ignore[index]
    return missing


def truth_document(form: VForm, layout: LayoutRecord, rel: str) -> Document:
    """The truth; its source names the clean rendering and hashes the layout (images are optional)."""
    digest = hashlib.sha256(layout.model_dump_json().encode()).hexdigest()
    multi = len(layout.pages) > 1
    source = Source(path=f"{rel}/clean.{'tif' if multi else 'png'}", sha256=digest, page_count=len(layout.pages),
                    media_type="image/tiff" if multi else "image/png")  # fmt: skip
    doc = build_document(form, layout, source)
    return Document.model_validate(doc.model_dump(mode="json"))


def _rng(form_id: str, *parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(":".join([form_id, *map(str, parts)]).encode()))


def _seal_center(layout: LayoutRecord) -> tuple[int, int]:
    cells = [c for c in layout.pages[0].tables[0].cells if c.tag[:1] == ["header"] and c.tag[-1] == "value"]
    x0, y0, x1, y1 = (cells[-1] if cells else layout.pages[0].tables[0].cells[-1]).bbox
    return (x0 + x1) // 2, (y0 + y1) // 2


def _rendered(
    kind: str, form: VForm, layout: LayoutRecord, page: np.ndarray, i: int
) -> tuple[np.ndarray, int]:
    """The page in rendering `kind` and its dpi."""
    rng = _rng(form.form_id, kind, i)
    if kind == "scan":
        out = degrade.scan(page, rng)
    elif kind == "photo":
        out = photo(page, rng)
    elif kind == "fax":
        out = degrade.fax(page, rng)
    elif kind == "rotated":
        out = degrade.rotated(page, rng, int(_rng(form.form_id, "rotated").integers(1, 4)))
    elif kind == "seal":
        name = form.header[1][1].value if len(form.header) > 1 and not form.last_page_only else form.title
        out = stamp(page, rng, name, _seal_center(layout) if i == 0 else None)
    else:
        return page, 300
    return out[0], int(out[1]["dpi"])


def render_form(form: VForm, layout: LayoutRecord, folder: Path, kinds: list[str]) -> list[dict[str, Any]]:
    """Write the renderings `kinds` of the form; one manifest entry per file."""
    clean = render(layout)
    multi = len(clean) > 1
    fmts = dict(RENDERINGS)
    entries: list[dict[str, Any]] = []
    rel = f"{form.family}/{form.form_id}"
    for kind in kinds:
        done = [_rendered(kind, form, layout, p, i) for i, p in enumerate(clean)]
        pages, dpi = [a for a, _ in done], done[0][1]
        fmt = fmts[kind]
        name = f"{kind}.tif" if multi else f"{kind}.{EXT[fmt]}"
        if multi:
            save_tiff(folder / name, pages, fmt, JPEG_QUALITY.get(kind, 90), dpi)
        else:
            save_single(folder / name, pages[0], fmt, JPEG_QUALITY.get(kind, 90), dpi)
        entries.append({"form_id": form.form_id, "family": form.family, "rendering": kind, "file": f"{rel}/{name}",
                        "pages": len(pages), "layout": "unknown", "truth": f"{rel}/truth.json"})  # fmt: skip
    return entries


LATER_FIELDS = {"first_page_only": False, "carried_blank": False}


def form_json(form: VForm) -> dict[str, Any]:
    """The form as form.json holds it; fields added later are left out at their defaults, so the
    files of the forms that do not use them stay what they were."""
    return {
        k: v for k, v in dataclasses.asdict(form).items() if not (k in LATER_FIELDS and v == LATER_FIELDS[k])
    }


def write_form(form: VForm, layout: LayoutRecord, root: Path, kinds: list[str]) -> list[dict[str, Any]]:
    folder = root / form.family / form.form_id
    folder.mkdir(parents=True, exist_ok=True)
    rel = f"{form.family}/{form.form_id}"
    write_json(folder / "truth.json", truth_document(form, layout, rel).model_dump(mode="json"))
    write_json(folder / "form.json", form_json(form))
    if kinds:
        missing = missing_glyphs(layout)
        if missing:
            raise SystemExit(f"{form.form_id}: the subset fonts lack {''.join(sorted(missing))!r}")
        return render_form(form, layout, folder, kinds)
    return [{"form_id": form.form_id, "family": form.family, "rendering": None, "file": None, "pages": len(layout.pages),
             "layout": "unknown", "truth": f"{rel}/truth.json"}]  # fmt: skip
