"""Learning: a reviewer maps a label the mapper did not recognise to a canonical field; it is saved
as a synonym that the next `formtally scan` uses, and can be revoked."""

from __future__ import annotations

from models.canonical import LabelGroup, canonical_schema
from models.record import FormFields
from service.review.forms import correct, open_form, reviewer_name
from service.storage import StorageError, Store, SynonymInfo, add_synonym, list_synonyms, set_synonym_active

LABEL_GROUPS: tuple[LabelGroup, ...] = ("header", "funds_rows", "funds_columns", "indicator_columns")


def canonical_targets() -> dict[str, str]:
    """Synonym targets `<group>.<id>` → the label as printed on the form (group-qualified for the UI)."""
    schema = canonical_schema()
    names = {
        "header": "表头",
        "funds_rows": "资金行",
        "funds_columns": "资金列",
        "indicator_columns": "指标列",
    }
    return {
        f"{group}.{spec.id}": f"{names[group]} · {spec.label}"
        for group in LABEL_GROUPS
        for spec in schema.group(group)
    }


def learn_label(
    store: Store,
    form_id: int,
    label: str,
    canonical_path: str,
    *,
    author: str,
    expected_version: int,
    fill_field: bool = False,
) -> SynonymInfo:
    """Learn an unmapped label as a spelling of `canonical_path`; with `fill_field`, also put the
    unmapped row's text into the matching header field of this form (one logged edit)."""
    if canonical_path not in canonical_targets():
        raise StorageError(f"unknown canonical field {canonical_path}")
    with store.transaction() as session:
        learned = add_synonym(session, canonical_path, label, reviewer_name(author))
    group, _, field_id = canonical_path.partition(".")
    if fill_field and group == "header" and field_id in FormFields.model_fields:
        form = open_form(store, form_id).record
        row = next((u for u in form.unmapped if u.label == label), None)
        if row is not None and row.text:
            correct(
                store,
                form_id,
                f"fields.{field_id}",
                row.text,
                expected_version=expected_version,
                author=author,
                comment=f"未映射标签「{label}」映射为 {canonical_targets()[canonical_path]}",
            )
    return learned


def synonyms(store: Store) -> list[SynonymInfo]:
    with store.reader() as session:
        return list_synonyms(session)


def set_synonym(store: Store, synonym_id: int, active: bool, *, author: str) -> SynonymInfo:
    """Revoke (active=False) or restore a learned synonym; the row stays for the record."""
    with store.transaction() as session:
        return set_synonym_active(session, synonym_id, active, reviewer_name(author))
