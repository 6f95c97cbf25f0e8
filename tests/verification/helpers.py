"""Small helpers for verification tests: build a form from a spec, vary it, summarise findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models.record import Finding, Form
from tests.fixtures.builders import FormSpec, FundsSpec, IndicatorSpec, build_form
from verification import PROFILES, RuleProfile, verify_form


def form_of(spec: FormSpec) -> Form:
    return build_form(spec)[0]


def findings_of(spec: FormSpec, profile: str | RuleProfile = "national") -> list[Finding]:
    chosen = PROFILES[profile] if isinstance(profile, str) else profile
    return verify_form(form_of(spec), chosen)


def keys(findings: list[Finding], severity: str | None = None) -> set[tuple[str, str]]:
    """(rule, primary path) of every finding, optionally of one severity only."""
    return {(f.rule, f.paths[0]) for f in findings if severity is None or f.severity == severity}


def with_funds(spec: FormSpec, index: int, **changes: Any) -> FormSpec:
    funds: list[FundsSpec] = list(spec.funds)
    funds[index] = replace(funds[index], **changes)
    return replace(spec, funds=funds)


def with_indicator(spec: FormSpec, index: int, **changes: Any) -> FormSpec:
    rows: list[IndicatorSpec] = list(spec.indicators)
    rows[index] = replace(rows[index], **changes)
    return replace(spec, indicators=rows)


def with_indicators(spec: FormSpec, changes: dict[int, dict[str, str]], **form_changes: Any) -> FormSpec:
    rows = list(spec.indicators)
    for i, change in changes.items():
        rows[i] = replace(rows[i], **change)
    return replace(spec, indicators=rows, **form_changes)
