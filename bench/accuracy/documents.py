"""Long documents: the generated department report (samplegen.report), born digital and scanned.

Forms are matched to the truth by their first page: found / missed / false forms, whether a found
form has exactly its pages, its field accuracy; and pages per second by how the pages were read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field

from bench.metrics.fields import score_fields
from extraction.pipeline import ExtractOptions, extract_file
from models.record import Document, Form
from samplegen.report import build_report

VERSIONS = ("digital", "scanned")


class FormResult(BaseModel):
    first_page: int
    truth_pages: list[int]
    pred_pages: list[int] | None  # None: missed
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


class DocumentRun(BaseModel):
    version: str
    pages: int
    seconds: float
    text_sources: dict[str, int] = Field(default_factory=dict)
    forms: list[FormResult] = Field(default_factory=list)
    false_forms: list[list[int]] = Field(default_factory=list)  # pages of forms not in the truth
    wrong: list[str] = Field(default_factory=list)

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def counts(self) -> tuple[int, int, int]:
        found = sum(1 for f in self.forms if f.pred_pages is not None)
        return found, len(self.forms) - found, len(self.false_forms)

    def field_accuracy(self) -> float | None:
        right, total = sum(f.right for f in self.forms), sum(f.total for f in self.forms)
        return right / total if total else None


def _alone(document: Document, form: Form | None) -> Document:
    return document.model_copy(update={"forms": [form] if form is not None else []})


def score_document(version: str, pred: Document, truth: Document, seconds: float) -> DocumentRun:
    run = DocumentRun(version=version, pages=len(pred.pages), seconds=seconds)
    for page in pred.pages:
        key = page.text_source or "failed"
        run.text_sources[key] = run.text_sources.get(key, 0) + 1
    by_first = {min(f.pages): f for f in pred.forms if f.pages}
    for form in truth.forms:
        got = by_first.pop(min(form.pages), None)
        score = score_fields(_alone(pred, got), _alone(truth, form))
        result = FormResult(
            first_page=min(form.pages), truth_pages=form.pages, pred_pages=got.pages if got else None
        )
        result.right, result.total = score.all.right, score.all.total
        run.forms.append(result)
        run.wrong += [f"p{min(form.pages) + 1} {w.path}: {w.truth!r} → {w.pred!r}" for w in score.wrong]
    run.false_forms = [f.pages for f in by_first.values()]
    return run


def run_documents(
    folder: Path, short: bool = False, versions: tuple[str, ...] = VERSIONS
) -> list[DocumentRun]:
    """Each version of the report extracted once (single-threaded OCR, as in bench/speed)."""
    build_report(folder, short=short)
    options = ExtractOptions(threads=1, time_limit_s=None)
    runs = []
    for version in versions:
        truth = Document.model_validate_json((folder / f"{version}.truth.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        pred = extract_file(folder / f"{version}.pdf", options)
        seconds = time.perf_counter() - started
        runs.append(score_document(version, pred, truth, seconds))
        print(f"  report {version}: {seconds:.0f} s", file=sys.stderr)
    return runs


def _pct(value: float | None) -> str:
    return f"{value:.4f}" if value is not None else "–"


def documents_table(runs: list[DocumentRun]) -> str:
    lines = [
        "| version | pages | read as | forms found | missed | false | pages exact | field accuracy | pages/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        found, missed, false = run.counts()
        exact = sum(1 for f in run.forms if f.pred_pages == f.truth_pages)
        sources = ", ".join(f"{k} {v}" for k, v in sorted(run.text_sources.items()))
        lines.append(
            f"| {run.version} | {run.pages} | {sources} | {found}/{len(run.forms)} | {missed} | {false} | "
            f"{exact}/{len(run.forms)} | {_pct(run.field_accuracy())} | {run.pages_per_s:.2f} |"
        )
    return "\n".join(lines)


def forms_table(runs: list[DocumentRun]) -> str:
    lines = ["| version | truth pages | found pages | fields right | accuracy |", "|---|---|---|---|---|"]
    for run in runs:
        for f in run.forms:
            found = "missed" if f.pred_pages is None else ",".join(str(p + 1) for p in f.pred_pages)
            truth = ",".join(str(p + 1) for p in f.truth_pages)
            lines.append(f"| {run.version} | {truth} | {found} | {f.right}/{f.total} | {_pct(f.accuracy)} |")
    return "\n".join(lines)


def speed_line(runs: list[DocumentRun]) -> str:
    rates = {r.version: r.pages_per_s for r in runs}
    if rates.get("digital") and rates.get("scanned"):
        ratio = rates["digital"] / rates["scanned"]
        return f"digital {rates['digital']:.2f} pages/s, scanned {rates['scanned']:.2f} pages/s: {ratio:.1f}× faster"
    return ", ".join(f"{k} {v:.2f} pages/s" for k, v in rates.items())


def report(runs: list[DocumentRun]) -> str:
    wrong = [f"- {r.version} {w}" for r in runs for w in r.wrong[:20]]
    parts = [documents_table(runs), forms_table(runs), speed_line(runs)]
    if wrong:
        parts.append("Wrong fields (first 20 per version):\n\n" + "\n".join(wrong))
    return "\n\n".join(parts)
