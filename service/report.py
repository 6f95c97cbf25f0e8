"""Readable summaries for a terminal: the findings of a result (`formtally verify`) and of a scan
(`formtally scan`, `formtally demo`), each rule named as the form does (`V3 执行率得分`)."""

from __future__ import annotations

from models.record import Document, Form
from verification.names import rule_label

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _form_heading(form: Form) -> str:
    name = form.fields.project_name.text if form.fields.project_name else "(no project name)"
    errors = sum(1 for f in form.findings if f.severity == "error")
    warnings = sum(1 for f in form.findings if f.severity == "warning")
    return (
        f"form {form.id} · {name} · pages {', '.join(map(str, form.pages)) or '-'} · "
        f"{errors} errors, {warnings} warnings · review status {form.review.status}"
    )


def document_summary(document: Document) -> list[str]:
    """One heading per form, then one line per finding: rule, severity, message, cells."""
    lines = [f"{document.source.path}: {len(document.forms)} form(s)"]
    for form in document.forms:
        lines.append(_form_heading(form))
        if not form.findings:
            lines.append("  no findings: every rule holds")
        for finding in sorted(form.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9)):
            cells = ", ".join(finding.cells) or "-"
            lines.append(f"  {rule_label(finding.rule)}  [{finding.severity}]  {finding.message}")
            lines.append(f"      cells: {cells}")
    return lines
