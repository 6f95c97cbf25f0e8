"""One form → sample_scans/<form_id>/: six renderings, ground truth, layout and transform sidecars."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from models.record import Document, Source
from samplegen import degrade
from samplegen.draw import render
from samplegen.files import JPEG_QUALITY, Fmt, save_pdf, save_single, save_tiff, sha256, write_json
from samplegen.fonts import missing_chars
from samplegen.layout import STYLE_FONT, CellBox, LayoutRecord, layout_form
from samplegen.photo import photo
from samplegen.seal import stamp
from samplegen.spec import FormSpec
from samplegen.truth import build_document

RENDERINGS: tuple[tuple[str, Fmt], ...] = (
    ("clean", "png"),
    ("scan", "jpg"),
    ("photo", "jpg"),
    ("seal", "jpg"),
    ("fax", "fax"),
    ("rotated", "jpg"),
)
PDF_RENDERINGS = ("clean", "scan")
EXT = {"png": "png", "jpg": "jpg", "fax": "png"}


def rng_for(form_id: str, *parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(":".join([form_id, *map(str, parts)]).encode()))


def check_fonts(layout: LayoutRecord) -> None:
    missing: set[str] = set()
    for page in layout.pages:
        for text in page.texts:
            missing |= missing_chars(text.face, "".join(line.text for line in text.lines))
        for table in page.tables:
            for cell in table.cells:
                missing |= missing_chars(STYLE_FONT[cell.style][0], cell.text)  # type: ignore[index]
    if missing:
        raise SystemExit(
            f"{layout.form_id}: the subset fonts lack {''.join(sorted(missing))!r}; "
            "run `python -m samplegen --subset-fonts` (needs the system Noto CJK fonts)"
        )


def _find(layout: LayoutRecord, tag: tuple[object, ...]) -> tuple[int, CellBox]:
    for page in layout.pages:
        for cell in page.tables[0].cells:
            if tuple(cell.tag) == tag:
                return page.index, cell
    raise KeyError(tag)


def _seal_target(spec: FormSpec, layout: LayoutRecord) -> tuple[int, tuple[int, int], str]:
    """Page and centre of the seal: over the unit's name, or over the total score."""
    unit = spec.header_value("impl_unit")
    name = unit.value if unit else spec.title
    if spec.seal_target == "unit" and unit is not None:
        tag: tuple[object, ...] = next(
            ("header", r, i, "value")
            for r, row in enumerate(spec.header)
            for i, it in enumerate(row)
            if it is unit
        )
        page, cell = _find(layout, tag)
        x0, y0, x1, y1 = cell.bbox
        return page, ((x0 + x1) // 2, (y0 + y1) // 2), name
    page, cell = _find(layout, ("total", "score"))
    x0, y0, x1, y1 = cell.bbox
    return page, (x1 + 40, y0 - 60), name


def _render_kind(
    kind: str, spec: FormSpec, layout: LayoutRecord, clean: list[np.ndarray]
) -> list[tuple[np.ndarray, dict[str, Any]]]:
    fid = spec.form_id
    out: list[tuple[np.ndarray, dict[str, Any]]] = []
    turns = int(rng_for(fid, "rotated").integers(1, 4))
    seal_page, seal_center, seal_text = _seal_target(spec, layout)
    for i, page in enumerate(clean):
        rng = rng_for(fid, kind, i)
        if kind == "clean":
            out.append(
                (
                    page,
                    {
                        "kind": "clean",
                        "matrix": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                        "dpi": 300,
                    },
                )
            )
        elif kind == "scan":
            out.append(degrade.scan(page, rng))
        elif kind == "photo":
            out.append(photo(page, rng))
        elif kind == "fax":
            out.append(degrade.fax(page, rng))
        elif kind == "rotated":
            out.append(degrade.rotated(page, rng, turns))
        elif kind == "seal":
            out.append(stamp(page, rng, seal_text, seal_center if i == seal_page else None))
    return out


def build_form(spec: FormSpec, root: Path) -> list[dict[str, Any]]:
    layout = layout_form(spec)
    check_fonts(layout)
    clean = render(layout)
    folder = root / spec.form_id
    folder.mkdir(parents=True, exist_ok=True)
    multi = len(clean) > 1
    entries: list[dict[str, Any]] = []
    sidecar: list[dict[str, Any]] = []
    truth_rel = f"{spec.form_id}/truth.json"
    for kind, fmt in RENDERINGS:
        pages = _render_kind(kind, spec, layout, clean)
        arrays = [a for a, _ in pages]
        dpi = int(pages[0][1]["dpi"])
        quality = JPEG_QUALITY.get(kind, 90)
        files = [f"{kind}.tif" if multi else f"{kind}.{EXT[fmt]}"]
        if multi:
            save_tiff(folder / files[0], arrays, fmt, quality, dpi)
            if kind in PDF_RENDERINGS:
                files.append(f"{kind}.pdf")
                save_pdf(folder / files[1], arrays, dpi)
        else:
            save_single(folder / files[0], arrays[0], fmt, quality, dpi)
        for name in files:
            rel = f"{spec.form_id}/{name}"
            entries.append({"form_id": spec.form_id, "rendering": kind, "file": rel, "pages": len(arrays),
                            "layout": spec.layout, "truth": truth_rel})  # fmt: skip
        sidecar.append({"rendering": kind, "files": files, "jpeg_quality": quality if fmt == "jpg" else None,
                        "pages": [{"index": i, "width": int(a.shape[1]), "height": int(a.shape[0]), **t}
                                  for i, (a, t) in enumerate(pages)]})  # fmt: skip
    clean_file = folder / ("clean.tif" if multi else "clean.png")
    source = Source(
        path=f"sample_scans/{spec.form_id}/{clean_file.name}",
        sha256=sha256(clean_file),
        page_count=len(clean),
        media_type="image/tiff" if multi else "image/png",
    )
    doc = build_document(spec, layout, source)
    doc = Document.model_validate(doc.model_dump(mode="json"))
    write_json(folder / "truth.json", doc.model_dump(mode="json"))
    write_json(folder / "layout.json", layout.model_dump(mode="json"))
    write_json(folder / "form.json", dataclasses.asdict(spec))
    write_json(
        folder / "renderings.json",
        {
            "form_id": spec.form_id,
            "clean_frame": "truth.json boxes are in the clean page frame; matrix maps clean → rendered pixels",
            "renderings": sidecar,
        },
    )
    return entries
