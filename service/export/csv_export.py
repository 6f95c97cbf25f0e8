"""CSV export: forms.csv, indicators.csv and findings.csv (columns documented in docs/exports.md).

UTF-8 with a byte-order mark, so Excel shows the Chinese text; read with encoding "utf-8-sig".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from models.record import INDICATOR_COLUMNS, Field
from service.export.files import atomic_write, safe_cell
from service.export.select import ExportDocument, ExportForm

FORM_COLUMNS = (
    "document_id", "form_id", "form_key", "source_path", "sha256", "pages", "kind", "layout",
    "fiscal_year", "project_name", "competent_dept", "impl_unit", "budget_full_year", "executed",
    "exec_rate", "total_weight", "total_score", "grade", "review_status", "risk", "version",
    "reviewer", "error_count", "warning_count", "rules", "engine_version",
)  # fmt: skip
INDICATOR_CSV_COLUMNS = (
    "document_id", "form_id", "row", *INDICATOR_COLUMNS, "target_value", "actual_value",
    "weight_value", "score_value", "min_confidence", "cells",
)  # fmt: skip
FINDING_COLUMNS = (
    "document_id", "form_id", "rule", "severity", "message", "cells", "paths", "expected", "found",
    "suggestions",
)  # fmt: skip


def _text(field: Field | None) -> str:
    return field.text if field is not None else ""


def _value(field: Field | None) -> Any:
    if field is None or field.value is None:
        return ""
    dumped = field.model_dump(mode="json")["value"]
    return json.dumps(dumped, ensure_ascii=False) if isinstance(dumped, dict) else dumped


def _form_row(doc: ExportDocument, form: ExportForm) -> dict[str, Any]:
    record, summary = form.record, form.summary
    total = record.funds.row("total")
    return {
        "document_id": doc.info.id,
        "form_id": summary.id,
        "form_key": summary.form_key,
        "source_path": doc.name,
        "sha256": doc.info.sha256,
        "pages": ";".join(str(p) for p in record.pages),
        "kind": record.kind,
        "layout": record.layout,
        "fiscal_year": summary.fiscal_year if summary.fiscal_year is not None else "",
        "project_name": _text(record.fields.project_name),
        "competent_dept": _text(record.fields.competent_dept),
        "impl_unit": _text(record.fields.impl_unit),
        "budget_full_year": _value(total.budget_full_year) if total else "",
        "executed": _value(total.executed) if total else "",
        "exec_rate": _value(total.exec_rate) if total else "",
        "total_weight": _value(record.fields.total_weight),
        "total_score": _value(record.fields.total_score),
        "grade": _text(record.fields.grade),
        "review_status": summary.review_status,
        "risk": summary.risk,
        "version": summary.version,
        "reviewer": summary.reviewer or "",
        "error_count": summary.error_count,
        "warning_count": summary.warning_count,
        "rules": ";".join(sorted({f.rule for f in record.findings})),
        "engine_version": doc.document.engine.formtally,
    }


def _indicator_rows(doc: ExportDocument, form: ExportForm) -> Iterable[dict[str, Any]]:
    for index, row in enumerate(form.record.indicators):
        fields = {c: row.column(c) for c in INDICATOR_COLUMNS}
        present = [f for f in fields.values() if f is not None]
        yield {
            "document_id": doc.info.id,
            "form_id": form.summary.id,
            "row": index,
            **{c: _text(f) for c, f in fields.items()},
            "target_value": _value(row.target),
            "actual_value": _value(row.actual),
            "weight_value": _value(row.weight),
            "score_value": _value(row.score),
            "min_confidence": min((f.confidence for f in present), default=""),
            "cells": ";".join(dict.fromkeys(c for f in present for c in f.cells)),
        }


def _finding_rows(doc: ExportDocument, form: ExportForm) -> Iterable[dict[str, Any]]:
    for finding in form.record.findings:
        dumped = finding.model_dump(mode="json")
        yield {
            "document_id": doc.info.id,
            "form_id": form.summary.id,
            "rule": finding.rule,
            "severity": finding.severity,
            "message": finding.message,
            "cells": ";".join(finding.cells),
            "paths": ";".join(finding.paths),
            "expected": json.dumps(dumped["expected"], ensure_ascii=False),
            "found": json.dumps(dumped["found"], ensure_ascii=False),
            "suggestions": json.dumps(dumped["suggestions"], ensure_ascii=False)
            if finding.suggestions
            else "",
        }


def _safe(row: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}


def export_csv(documents: Iterable[ExportDocument], out: Path) -> list[Path]:
    """Write the three CSV files into the directory `out`."""
    buffers = {name: io.StringIO() for name in ("forms", "indicators", "findings")}
    writers = {
        "forms": csv.DictWriter(buffers["forms"], FORM_COLUMNS),
        "indicators": csv.DictWriter(buffers["indicators"], INDICATOR_CSV_COLUMNS),
        "findings": csv.DictWriter(buffers["findings"], FINDING_COLUMNS),
    }
    for writer in writers.values():
        writer.writeheader()
    for doc in documents:
        for form in doc.forms:
            writers["forms"].writerow(_safe(_form_row(doc, form)))
            writers["indicators"].writerows(_safe(r) for r in _indicator_rows(doc, form))
            writers["findings"].writerows(_safe(r) for r in _finding_rows(doc, form))
    written = []
    for name, buffer in buffers.items():
        target = out / f"{name}.csv"
        atomic_write(target, buffer.getvalue().encode("utf-8-sig"))
        written.append(target)
    return written
