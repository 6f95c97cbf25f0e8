"""formtally verification: rules V1–V12 of form.md §4 as pure functions over a `Form`.

verify_form(form, PROFILES["national"]) -> list[Finding]
verify_document(document, profile) -> Document   # a copy, every form's findings replaced
"""

from __future__ import annotations

from models.record import Document, Finding, Form
from verification.profiles import PROFILES, ExecStep, RuleProfile
from verification.rules import CHECKS
from verification.view import build_view

_RULE_ORDER = {f"V{i}": i for i in range(1, 13)}


def verify_form(form: Form, profile: RuleProfile = PROFILES["national"]) -> list[Finding]:
    """Every finding of rules V1–V12 on `form`, in rule order. Pure: the form is not changed."""
    view = build_view(form, profile)
    findings = [finding for check in CHECKS for finding in check(view)]
    findings.sort(key=lambda f: _RULE_ORDER.get(f.rule, 99))  # stable: keeps each rule's own order
    return findings


def verify_document(document: Document, profile: RuleProfile = PROFILES["national"]) -> Document:
    """A copy of `document` with every form's findings recomputed under `profile`."""
    verified = document.model_copy(deep=True)  # the caller's document stays as it was, shared parts too
    for form in verified.forms:
        form.findings = verify_form(form, profile)
    return verified


__all__ = ["PROFILES", "ExecStep", "RuleProfile", "verify_document", "verify_form"]
