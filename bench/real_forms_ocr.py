"""The real-form fixtures at OCR level: each rendered as A4 page images, read by an extractor, scored.

bench/real_forms.py scores the mapper on the fixtures' cell grids (exact text, no OCR). An outside
grader sees the same forms as page images (clean, scan, photo, seal, fax); this bench does the same:
samplegen.realgrid lays each fixture out as a ruled table (columns fitted to the text, long text
wrapped, `above` / `below` lines over and under it) and applies samplegen's degradations; the
extractor reads the file (a multi-page fixture is one multi-page TIFF) and bench.real_forms.score
scores the forms it claims. Renders are cached under bench/out/real_forms_ocr/renders/, keyed by a
hash of the layout and the rendering code, so a rerun only extracts.

Run `python -m bench.real_forms_ocr [--renderings clean,scan] [--limit N] [--only NAME]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from bench.accuracy.runner import describe
from bench.extractors import Extractor
from bench.paths import REPO_ROOT
from bench.pool import run_with_extractor
from bench.real_forms import RealForm, Wrong, fixture_paths, load_fixture, score
from bench.real_forms_cells import cell_agreement
from extraction.types import PageContent, TextBlock
from models.record import Document
from samplegen import fonts, realgrid
from samplegen.layout import PAGE_H, PAGE_W, LayoutRecord
from samplegen.truth import tables_of
from samplegen.variety.build import missing_glyphs

RENDERINGS = ("clean", "scan", "photo", "seal", "fax")
OUT = REPO_ROOT / "bench" / "out"
CACHE = OUT / "real_forms_ocr"
# The code a rendering depends on: a change to any of these renders afresh.
MISREAD_KEPT = 8
RENDER_CODE = (
    "realgrid.py",
    "layout.py",
    "draw.py",
    "textfit.py",
    "degrade.py",
    "photo.py",
    "seal.py",
    "files.py",
)


class Rendered(BaseModel):
    fixture: str
    rendering: str
    file: str
    pages: int
    scales: list[float]


class Result(BaseModel):
    fixture: str
    rendering: str
    negative: bool
    right: int
    total: int
    forms: int
    seconds: float
    error: str | None = None
    wrong: list[Wrong] = []
    cells: int = 0  # printed cells with text (bench.real_forms_cells)
    placed: int = 0  # found by the extractor at their grid position
    read: int = 0  # placed and read as printed
    misread: list[tuple[str, str]] = []  # (printed, read), the first few

    @property
    def false_form(self) -> bool:
        return self.negative and self.right == 0


def grid_pages(fixture: RealForm) -> list[realgrid.GridPage]:
    return [realgrid.GridPage(rows=p.rows, above=p.above, below=p.below) for p in fixture.pages]


def fixture_layout(fixture: RealForm) -> tuple[LayoutRecord, list[float]]:
    return realgrid.layout_grid(fixture.name, grid_pages(fixture))


def layout_pages(layout: LayoutRecord, scales: list[float]) -> list[PageContent]:
    """What the mapper would see of the rendered pages if OCR were perfect: the laid-out tables
    (merged cells as printed, unruled columns gone) and the free lines, in A4 pixels."""

    def a4(box: tuple[int, int, int, int], scale: float) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = (round(v / scale) for v in box)
        return x0, y0, x1, y1

    laid_out = tables_of(layout)
    out: list[PageContent] = []
    for page, scale in zip(layout.pages, scales, strict=True):
        tables = [
            t.model_copy(
                update={
                    "bbox": a4(t.bbox, scale),
                    "cells": [c.model_copy(update={"bbox": a4(c.bbox, scale)}) for c in t.cells],
                }
            )
            for t in laid_out
            if t.page == page.index
        ]
        blocks = [
            TextBlock(text=line.text, bbox=a4(line.bbox, scale)) for t in page.texts for line in t.lines
        ]
        out.append(
            PageContent(page=page.index, width=PAGE_W, height=PAGE_H, tables=tables, text_blocks=blocks)
        )
    return out


def _code_digest() -> str:
    digest = hashlib.sha256()
    for name in RENDER_CODE:
        digest.update((REPO_ROOT / "samplegen" / name).read_bytes())
    for face in fonts.FACES:
        digest.update(fonts.font_path(face).read_bytes())
    return digest.hexdigest()


def render_key(layout: LayoutRecord, scales: list[float], code: str) -> str:
    digest = hashlib.sha256(code.encode())
    digest.update(layout.model_dump_json().encode())
    digest.update(json.dumps(scales).encode())
    return digest.hexdigest()[:12]


def _seal(fixture: RealForm, layout: LayoutRecord, scales: list[float]) -> tuple[str, tuple[int, int]]:
    """The publisher's seal, over the unit's name where the form prints it."""
    fields = fixture.expected.fields
    names = [fields[k] for k in ("impl_unit", "competent_dept") if k in fields] + [fixture.publisher]
    return fixture.publisher, realgrid.seal_center(layout.pages[0].tables[0], scales[0], names)


def render_fixture(fixture: RealForm, kinds: list[str], cache: Path, code: str) -> list[Rendered]:
    """The fixture's renderings `kinds`, from the cache when its layout and the code are unchanged."""
    layout, scales = fixture_layout(fixture)
    missing = missing_glyphs(layout)
    if missing:
        raise SystemExit(
            f"{fixture.name}: the subset fonts lack {''.join(sorted(missing))!r}; "
            "run `python -m samplegen --subset-fonts` (it includes the fixtures' characters)"
        )
    folder = cache / "renders" / f"{fixture.name}-{render_key(layout, scales, code)}"
    folder.mkdir(parents=True, exist_ok=True)
    clean: list[np.ndarray] | None = None
    out: list[Rendered] = []
    for kind in kinds:
        found = sorted(folder.glob(f"{kind}.*"))
        if found:
            path = found[0]
        else:
            clean = clean if clean is not None else realgrid.render_a4(layout, scales)
            seal_text, seal_at = _seal(fixture, layout, scales)
            pages, dpi = realgrid.degraded(kind, clean, fixture.name, seal_text, seal_at)
            partial = realgrid.save_rendering(folder / f".{kind}.partial", kind, pages, dpi)
            path = partial.replace(folder / f"{kind}{partial.suffix}")  # whole files only in the cache
        out.append(
            Rendered(fixture=fixture.name, rendering=kind, file=str(path), pages=len(scales), scales=scales)
        )
    return out


def result_of(
    fixture: RealForm, rendered: Rendered, document: Document | None, error: str | None, seconds: float
) -> Result:
    """The scored result of one rendering, with how many printed cells were placed and read."""
    forms = document.forms if document is not None else []
    result = score(fixture, forms)
    cells = cell_agreement(fixture_layout(fixture)[0], document.tables if document is not None else [])
    print(f"{fixture.name} {rendered.rendering}: {result.right}/{result.total} ({seconds:.1f}s)",
          file=sys.stderr, flush=True)  # fmt: skip
    return Result(
        fixture=fixture.name,
        rendering=rendered.rendering,
        negative=fixture.negative,
        right=result.right,
        total=result.total,
        forms=len(forms),
        seconds=round(seconds, 2),
        error=error,
        wrong=result.wrong,
        cells=cells.cells,
        placed=cells.placed,
        read=cells.read,
        misread=cells.misread[:MISREAD_KEPT],
    )


def prediction_path(save_to: Path, fixture: RealForm, rendered: Rendered) -> Path:
    return save_to / f"{fixture.name}.{rendered.rendering}.json"


def extract_and_score(extractor: Extractor, item: tuple[RealForm, Rendered, Path | None]) -> Result:
    """One rendering through the extractor and the real-form scorer; a failure claims no form."""
    fixture, rendered, save_to = item
    started = time.perf_counter()
    error = None
    document: Document | None = None
    try:
        document = extractor.extract(Path(rendered.file))
    except Exception as exc:  # a crash on one file is a counted result, not the end of the run
        error = describe(exc)
    seconds = time.perf_counter() - started
    if save_to is not None and document is not None:
        save_to.mkdir(parents=True, exist_ok=True)
        prediction_path(save_to, fixture, rendered).write_text(
            document.model_dump_json(indent=1), encoding="utf-8"
        )
    return result_of(fixture, rendered, document, error, seconds)


def rescore(item: tuple[RealForm, Rendered, Path]) -> Result:
    """A rendering scored from the document a previous run saved (no extraction)."""
    fixture, rendered, save_to = item
    path = prediction_path(save_to, fixture, rendered)
    if not path.exists():
        return result_of(fixture, rendered, None, "no saved prediction", 0.0)
    document = Document.model_validate_json(path.read_bytes())
    return result_of(fixture, rendered, document, None, float(document.engine.elapsed_s.get("total", 0.0)))


def choose(fixtures: list[RealForm], only: list[str] | None, limit: int | None) -> list[RealForm]:
    """Fixtures named (substring match) by --only; --limit N keeps N spread over the list."""
    chosen = [f for f in fixtures if not only or any(o in f.name for o in only)]
    if limit is None or limit >= len(chosen):
        return chosen
    step = len(chosen) / max(limit, 1)
    return [chosen[int(i * step)] for i in range(limit)]


def _cell(results: list[Result]) -> str:
    if not results:
        return ""
    r = results[0]
    if r.negative:
        return "FALSE" if r.false_form else "ok"
    return f"{r.right / r.total if r.total else 0:.0%} {r.right}/{r.total}"


def wrong_classes(results: list[Result], top: int = 6) -> str:
    """`indicators[].op ×7, fields.grade ×2`: the positives' wrong keys grouped by class."""
    counts: dict[str, int] = {}
    for r in results:
        if r.negative:
            continue
        for w in r.wrong:
            key = re.sub(r"\[(extra )?\d+\]", "[]", w.key)
            counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{k} ×{n}" for k, n in ranked) or "—"


def report(results: list[Result], kinds: list[str]) -> str:
    """Per rendering: field accuracy on the positives, false forms on the negatives, the share of
    printed cells the extractor placed at their grid position and of those it read as printed;
    then each fixture × rendering, and the wrong fields by class."""
    lines = [
        f"{'rendering':10} {'accuracy':>9} {'right/total':>13} {'false forms':>12} {'cells placed':>13} {'read':>7}"
    ]
    for kind in [*kinds, None]:
        rs = [r for r in results if kind in (None, r.rendering)]
        pos = [r for r in rs if not r.negative]
        right, total = sum(r.right for r in pos), sum(r.total for r in pos)
        neg = [r for r in rs if r.negative]
        cells, placed, read = (sum(getattr(r, k) for r in rs) for k in ("cells", "placed", "read"))
        acc = f"{right / total:.1%}" if total else "n/a"
        lines.append(f"{kind or 'all':10} {acc:>9} {f'{right}/{total}':>13} "
                     f"{f'{sum(r.false_form for r in neg)}/{len(neg)}':>12} "
                     f"{placed / max(cells, 1):>13.1%} {read / max(placed, 1):>7.1%}")  # fmt: skip
    lines += ["", f"{'fixture':46}" + "".join(f"{k:>14}" for k in kinds)]
    for name in dict.fromkeys(r.fixture for r in results):
        cells = [_cell([r for r in results if r.fixture == name and r.rendering == k]) for k in kinds]
        lines.append(f"{name[:46]:46}" + "".join(f"{c:>14}" for c in cells))
    lines += ["", "most frequent wrong fields (positives):"]
    for kind in kinds:
        lines.append(f"  {kind:8} {wrong_classes([r for r in results if r.rendering == kind])}")
    errors = [r for r in results if r.error]
    lines += [f"error: {r.fixture} {r.rendering}: {r.error}" for r in errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.real_forms_ocr", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--renderings", default=",".join(RENDERINGS), help="comma-separated (default: %(default)s)"
    )
    ap.add_argument("--limit", type=int, default=None, help="N fixtures spread over the list")
    ap.add_argument("--only", action="append", default=None, help="fixtures whose name contains this")
    ap.add_argument("--extractor", default="formtally")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", type=Path, default=OUT / "real_forms_ocr.json")
    ap.add_argument("--render-only", action="store_true", help="write the renders, extract nothing")
    ap.add_argument(
        "--rescore", action="store_true", help="score the documents the last run saved, extract nothing"
    )
    args = ap.parse_args(argv)
    kinds = [k for k in args.renderings.split(",") if k]
    fixtures = choose([load_fixture(p) for p in fixture_paths()], args.only, args.limit)
    code = _code_digest()
    started = time.perf_counter()
    rendered = [(f, r) for f in fixtures for r in render_fixture(f, kinds, CACHE, code)]
    print(f"{len(rendered)} renderings of {len(fixtures)} fixtures ({time.perf_counter() - started:.1f}s)",
          file=sys.stderr)  # fmt: skip
    if args.render_only:
        return 0
    save_to = CACHE / "predicted" / args.extractor
    if args.rescore:
        results = [rescore((f, r, save_to)) for f, r in rendered]
    else:
        items = [(f, r, save_to) for f, r in rendered]
        results = run_with_extractor(args.extractor, items, extract_and_score, threads=args.threads)
    print(report(results, kinds))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "extractor": args.extractor,
        "renderings": kinds,
        "fixtures": [f.name for f in fixtures],
        "seconds": round(time.perf_counter() - started, 1),
        "results": [r.model_dump() for r in results],
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out}; predicted documents in {save_to}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
