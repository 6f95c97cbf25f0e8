"""`python -m samplegen` regenerates sample_scans/ (all forms, or those named) from the committed
fonts; `--subset-fonts` first rebuilds the subset fonts from the system Noto CJK collections."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from samplegen.build import build_form
from samplegen.files import write_json
from samplegen.forms import ALL_FORMS, form_by_id

ROOT = Path(__file__).resolve().parent.parent / "sample_scans"
FIXTURES = ROOT.parent / "tests" / "fixtures" / "real_forms"


def _job(form_id: str, out: str) -> list[dict[str, Any]]:
    return build_form(form_by_id(form_id), Path(out))


def fixture_chars() -> str:
    """Every character the real-form fixtures print (their grids, the lines over and under them)
    and the publisher's name, which their seal rendering stamps."""
    chars: set[str] = set()
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        chars |= set(data.get("publisher", ""))
        for page in data["pages"]:
            for text in [
                *page.get("above", []),
                *page.get("below", []),
                *(t for r in page["rows"] for t in r),
            ]:
                chars |= set(text)
    return "".join(sorted(chars))


def all_chars() -> str:
    """Every character the fixed forms, the randomised ones (samplegen.variety) and the real-form
    fixtures (rendered by bench.real_forms_ocr) print."""
    from samplegen.variety.families import generate

    chars = {ch for spec in ALL_FORMS for ch in str(dataclasses.astuple(spec))}
    chars |= set(fixture_chars())
    for _, layout in generate():
        for page in layout.pages:
            chars |= {ch for t in page.texts for line in t.lines for ch in line.text}
            chars |= {ch for table in page.tables for cell in table.cells for ch in cell.text}
    return "".join(sorted(chars))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen", description=__doc__)
    ap.add_argument("forms", nargs="*", help="form ids (default: all)")
    ap.add_argument("--out", type=Path, default=ROOT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--subset-fonts", action="store_true")
    args = ap.parse_args(argv)
    if args.subset_fonts:
        from samplegen.fonts import build_subsets

        build_subsets(all_chars())
    ids = args.forms or [f.form_id for f in ALL_FORMS]
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(_job, ids, [str(args.out)] * len(ids)))
    entries = [e for r in results for e in r]
    manifest = args.out / "manifest.json"
    if args.forms and manifest.exists():  # a partial run keeps the other forms' entries
        old = [e for e in json.loads(manifest.read_text(encoding="utf-8")) if e["form_id"] not in ids]
        order = {f.form_id: i for i, f in enumerate(ALL_FORMS)}
        entries = sorted(old + entries, key=lambda e: order.get(e["form_id"], len(order)))
    write_json(manifest, entries)
    print(f"{len(ids)} forms, {len(entries)} files in {args.out} ({time.time() - t0:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
