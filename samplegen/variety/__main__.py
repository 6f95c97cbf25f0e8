"""python -m samplegen.variety --out DIR [--families a,b] [--render clean,scan,…] [--per-family N]

Writes DIR/<family>/<form_id>/truth.json (a models.record.Document) and form.json, the renderings
asked for, DIR/manifest.json (one entry per rendered file, as bench/accuracy/manifest.py reads it)
DIR/forms.json (every form: family, split, axes, the outside spellings it prints) and
DIR/spellings.json (family → the label spellings it prints that models/canonical.json does not know)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from samplegen.files import write_json
from samplegen.variety.build import KINDS, write_form
from samplegen.variety.families import DEFAULT_SEED, FAMILIES, PER_FAMILY, family, generate


def _csv(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samplegen.variety", description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--families", default=None, help="comma-separated (default: all)")
    ap.add_argument("--render", default="", help=f"comma-separated renderings of {','.join(KINDS)}")
    ap.add_argument("--per-family", type=int, default=PER_FAMILY)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    names = _csv(args.families) or [f.name for f in FAMILIES]
    kinds = _csv(args.render)
    unknown = [n for n in names if n not in {f.name for f in FAMILIES}] + [k for k in kinds if k not in KINDS]
    if unknown:
        ap.error(f"unknown family or rendering: {', '.join(unknown)}")
    t0 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, object]] = []
    forms: list[dict[str, object]] = []
    for form, layout in generate(names, args.per_family, args.seed):
        made = write_form(form, layout, args.out, kinds)
        entries += [e for e in made if e["file"] is not None]
        forms.append({"form_id": form.form_id, "family": form.family, "split": family(form.family).split,
                      "pages": len(layout.pages), "truth": f"{form.family}/{form.form_id}/truth.json",
                      "axes": list(form.axes), "outside_spellings": list(form.outside_spellings)})  # fmt: skip
    write_json(args.out / "manifest.json", entries)
    write_json(args.out / "forms.json", forms)
    spellings: dict[str, set[str]] = {}
    for f in forms:
        spellings.setdefault(str(f["family"]), set()).update(f["outside_spellings"])  # type: ignore[arg-type]
    write_json(args.out / "spellings.json", {k: sorted(v) for k, v in spellings.items()})
    print(
        f"{len(forms)} forms, {len(entries)} files in {args.out} ({time.time() - t0:.1f}s)", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
