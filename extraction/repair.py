"""Arithmetic repair suggestions: where an error rule fails and changing one low-confidence
number (an OCR alternative, a common digit confusion, a lost or extra decimal point) makes rules
hold, offer the change on the findings it fixes. Nothing is ever applied to the record."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from models.field_values import is_numeric_path, parse_for_path
from models.paths import assign_field, iter_fields
from models.record import Field, Finding, Form, RepairSuggestion
from verification import PROFILES, RuleProfile, verify_form

# Digit pairs OCR confuses on printed forms; each maps to the readings worth trying.
CONFUSIONS: dict[str, str] = {
    "0": "86",
    "8": "036",
    "1": "7",
    "7": "1",
    "5": "6",
    "6": "58",
    "3": "8",
    "9": "0",
}
MAX_CONFIDENCE = 0.95  # only numbers the OCR was unsure of are candidates
MAX_PATHS = 8

FindingKey = tuple[str, tuple[str, ...]]


def _key(finding: Finding) -> FindingKey:
    return finding.rule, tuple(finding.paths)


def candidate_texts(text: str, alternatives: list[str]) -> Iterator[tuple[str, str]]:
    """(new text, reason) pairs for one printed number, most plausible first."""
    seen = {text}
    for alternative in alternatives:
        if alternative not in seen:
            seen.add(alternative)
            yield alternative, "OCR 备选识别结果"
    for i, char in enumerate(text):
        for other in CONFUSIONS.get(char, ""):
            candidate = text[:i] + other + text[i + 1 :]
            if candidate not in seen:
                seen.add(candidate)
                yield candidate, f"OCR 常见混淆 {char}/{other}"
    digits_at = [i for i, c in enumerate(text) if c.isdigit()]
    if "." not in text:
        for i in digits_at[1:]:
            if text[i - 1].isdigit():
                candidate = text[:i] + "." + text[i:]
                if candidate not in seen:
                    seen.add(candidate)
                    yield candidate, "漏识别小数点"
    elif text.count(".") == 1:
        candidate = text.replace(".", "")
        if candidate not in seen:
            yield candidate, "多识别小数点"


def suggest_repairs(
    form: Form,
    alternatives: Mapping[str, list[str]] | None = None,
    profile: RuleProfile | None = None,
    verify: Callable[[Form, RuleProfile], list[Finding]] = verify_form,
) -> list[Finding]:
    """form.findings with suggestions attached. A suggestion changes one number the OCR was unsure
    of, introduces no error, and fixes several error findings (or the only one there is)."""
    profile = profile or PROFILES["national"]
    errors = {_key(f) for f in form.findings if f.severity == "error"}
    if not errors:
        return list(form.findings)
    fields = dict(iter_fields(form))
    error_paths = [p for f in form.findings if f.severity == "error" for p in f.paths]
    candidates = [
        p for p in dict.fromkeys(error_paths) if p in fields and is_numeric_path(p) and fields[p].text.strip()
    ]
    candidates = [p for p in candidates if fields[p].confidence < MAX_CONFIDENCE]
    candidates.sort(key=lambda p: fields[p].confidence)
    needed = min(2, len(errors))
    alternatives = alternatives or {}
    by_finding: dict[FindingKey, list[RepairSuggestion]] = {}
    for path in candidates[:MAX_PATHS]:
        others = [a for cell in fields[path].cells for a in alternatives.get(cell, [])]
        for suggestion, fixed in _try_path(form, path, fields[path], others, errors, profile, verify):
            if len(fixed) < needed:
                continue
            for key in fixed:
                by_finding.setdefault(key, []).append(suggestion)
    return [f.model_copy(update={"suggestions": _best(by_finding.get(_key(f), []))}) for f in form.findings]


def _try_path(
    form: Form,
    path: str,
    field: Field,
    alternatives: list[str],
    errors: set[FindingKey],
    profile: RuleProfile,
    verify: Callable[[Form, RuleProfile], list[Finding]],
) -> Iterator[tuple[RepairSuggestion, set[FindingKey]]]:
    trial = form.model_copy(deep=True)
    for text, reason in candidate_texts(field.text, alternatives):
        value = parse_for_path(path, text, funds_unit=form.funds.unit or "万元")
        if value is None:
            continue
        assign_field(trial, path, field.model_copy(update={"text": text, "value": value}))
        after = {_key(f) for f in verify(trial, profile) if f.severity == "error"}
        fixed = errors - after
        introduced = after - errors
        if fixed and not introduced:
            rules = sorted({rule for rule, _ in fixed})
            yield (
                RepairSuggestion(
                    path=path,
                    cell=field.cells[0] if field.cells else None,
                    old_text=field.text,
                    new_text=text,
                    rules_fixed=rules,
                    reason=reason,
                ),
                fixed,
            )
    assign_field(trial, path, field)


def _best(suggestions: list[RepairSuggestion]) -> list[RepairSuggestion]:
    return sorted(suggestions, key=lambda s: -len(s.rules_fixed))[:3]
