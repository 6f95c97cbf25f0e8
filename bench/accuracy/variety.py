"""The randomised forms of samplegen.variety: grid-level mapper accuracy on every family (truth
tables → map_pages, no OCR) and OCR-level accuracy of the extractor on a few held-out forms."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import BaseModel

from bench.accuracy.manifest import Sample, load_manifest
from bench.accuracy.runner import FileResult
from bench.metrics.fields import Counts, FieldScore, score_fields
from extraction.mapping import map_pages
from extraction.types import PageContent, TextBlock
from models.record import Document
from samplegen.files import write_json
from samplegen.layout import LayoutRecord
from samplegen.variety.build import truth_document, write_form
from samplegen.variety.families import FAMILIES, HELD_OUT, generate


class FamilyScore(BaseModel):
    family: str
    split: str
    forms: int
    header: Counts
    funds: Counts
    indicator: Counts
    all: Counts
    missing_rows: int
    extra_rows: int
    failed: int = 0  # the mapper raised
    wrong_paths: dict[str, int] = {}  # path class (funds.total.executed, indicators[].target …) → count


def page_contents(truth: Document, layout: LayoutRecord) -> list[PageContent]:
    """What the mapper would see if OCR were perfect: the truth tables and the title lines."""
    out = []
    for page in layout.pages:
        blocks = [TextBlock(text=line.text, bbox=line.bbox) for t in page.texts for line in t.lines]
        tables = [t for t in truth.tables if t.page == page.index]
        out.append(
            PageContent(
                page=page.index, width=page.width, height=page.height, tables=tables, text_blocks=blocks
            )
        )
    return out


def path_class(path: str) -> str:
    """forms[0].indicators[3].target → indicators[].target (so failures group by kind)."""
    return re.sub(r"\[\+?\d+\]", "[]", path.split(".", 1)[1] if path.startswith("forms[") else path)


def grid_scores(per_family: int, names: list[str] | None = None) -> list[FamilyScore]:
    scores: list[FamilyScore] = []
    for fam in FAMILIES:
        if names is not None and fam.name not in names:
            continue
        total = FieldScore()
        failed = 0
        wrong: dict[str, int] = {}
        pairs = generate([fam.name], per_family)
        for form, layout in pairs:
            truth = truth_document(form, layout, f"{fam.name}/{form.form_id}")
            try:
                forms = map_pages(page_contents(truth, layout))
            except Exception:  # a crash of the mapper on a form counts that form's fields wrong
                failed += 1
                forms = []
            score = score_fields(truth.model_copy(update={"forms": forms}), truth)
            for part in ("header", "funds", "indicator"):
                getattr(total, part).add(getattr(score, part))
            total.missing_rows += score.missing_rows
            total.extra_rows += score.extra_rows
            for w in score.wrong:
                key = path_class(w.path)
                wrong[key] = wrong.get(key, 0) + 1
        scores.append(
            FamilyScore(
                family=fam.name,
                split=fam.split,
                forms=len(pairs),
                header=total.header,
                funds=total.funds,
                indicator=total.indicator,
                all=total.all,
                missing_rows=total.missing_rows,
                extra_rows=total.extra_rows,
                failed=failed,
                wrong_paths=dict(sorted(wrong.items(), key=lambda kv: -kv[1])),
            )
        )
    return scores


def failure_table(scores: list[FamilyScore], top: int = 4) -> str:
    """The fields each family gets wrong most often (path classes, with counts)."""
    lines = ["| family | most frequent wrong fields |", "|---|---|"]
    for s in scores:
        worst = ", ".join(f"{k} ×{n}" for k, n in list(s.wrong_paths.items())[:top])
        lines.append(f"| {s.family} | {worst or '—'} |")
    return "\n".join(lines)


def _pct(c: Counts) -> str:
    return "n/a" if c.accuracy is None else f"{100 * c.accuracy:.1f}%"


def grid_table(scores: list[FamilyScore]) -> str:
    lines = [
        "| family | split | forms | header | funds | indicators | all fields | missing / extra rows | mapper crashed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(f"| {s.family} | {s.split} | {s.forms} | {_pct(s.header)} | {_pct(s.funds)} | "
                     f"{_pct(s.indicator)} | {_pct(s.all)} ({s.all.right}/{s.all.total}) | "
                     f"{s.missing_rows} / {s.extra_rows} | {s.failed} |")  # fmt: skip
    for split in ("tune", "held_out"):
        part = [s for s in scores if s.split == split]
        if part:
            c = Counts()
            for s in part:
                c.add(s.all)
            lines.append(f"| **{split} total** | | {sum(s.forms for s in part)} | | | | **{_pct(c)}** "
                         f"({c.right}/{c.total}) | | {sum(s.failed for s in part)} |")  # fmt: skip
    return "\n".join(lines)


def ocr_family_table(results: list[FileResult]) -> str:
    """All-fields accuracy per held-out family × rendering (family = the form id's prefix)."""
    renderings = list(dict.fromkeys(r.rendering for r in results))
    lines = ["| family | " + " | ".join(renderings) + " | all |", "|---|" + "---:|" * (len(renderings) + 1)]
    for name in HELD_OUT:
        cells = []
        for rendering in [*renderings, None]:
            c = Counts()
            for r in results:
                if r.form_id.startswith(name) and rendering in (None, r.rendering):
                    c.add(r.score.fields.all)
            cells.append(_pct(c))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ocr_samples(cache: Path, per_family: int, kinds: list[str]) -> tuple[Path, list[Sample]]:
    """The held-out forms rendered in a folder of `cache` named after their truth, so a changed
    generator renders afresh and an unchanged one reuses the files; (folder, samples)."""
    pairs = generate(list(HELD_OUT), per_family)
    digest = hashlib.sha256()
    for form, layout in pairs:
        digest.update(
            truth_document(form, layout, f"{form.family}/{form.form_id}").model_dump_json().encode()
        )
    root = cache / f"n{per_family}-{digest.hexdigest()[:12]}"
    manifest = root / "manifest.json"
    want = {(f.form_id, k) for f, _ in pairs for k in kinds}
    if manifest.exists():
        have = [s for s in load_manifest(root) if (s.form_id, s.rendering) in want]
        if len(have) == len(want):
            return root, have
    root.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, object]] = []
    for form, layout in pairs:
        entries += write_form(form, layout, root, kinds)
    write_json(manifest, entries)
    return root, load_manifest(root)
