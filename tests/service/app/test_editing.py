"""The editing use cases: one re-verification with the profile the form's extraction recorded,
and the review risk refreshed with it."""

from __future__ import annotations

import pytest

from extraction.assess import reassess_review
from models.paths import iter_fields
from service import app
from service.app import editing
from service.storage import FormQuery, PageImageRef, Store, get_form, list_forms, save_result, upsert_document
from tests.service.conftest import sample_document


def _stored(store: Store, profile: str) -> int:
    document = sample_document(4)
    document.engine.profile = profile
    with store.transaction() as s:
        row, _ = upsert_document(
            s, sha256=document.source.sha256, path="/scans/a.png", media_type="image/png", size_bytes=1
        )
        save_result(s, row.id, document, [PageImageRef(index=0, sha256="ab" * 32, width=1000, height=1400)])
    with store.reader() as s:
        return list_forms(s, FormQuery(document_id=row.id))[0].id


def test_every_reverification_uses_the_recorded_profile(sqlite_store: Store, monkeypatch) -> None:
    form_id = _stored(sqlite_store, "exec20")
    used: list[str] = []
    real = editing.reverifier
    monkeypatch.setattr(
        editing, "reverifier", lambda profile="national": used.append(profile) or real(profile)
    )
    first = app.correct(
        sqlite_store,
        form_id,
        [app.Edit(path="fields.impl_unit", new="甲"), app.Edit(path="fields.grade", new="优")],
        expected_version=0,
        author="li",
    )
    app.undo(sqlite_store, first[0].id, expected_version=2, author="li")
    assert used == ["exec20", "exec20"]  # one re-verification per action, never the default profile


def test_an_edit_refreshes_the_review_risk(sqlite_store: Store) -> None:
    form_id = _stored(sqlite_store, "national")
    with sqlite_store.reader() as s:
        before = get_form(s, form_id)
    path, field = min(iter_fields(before.record), key=lambda pf: pf[1].confidence)
    assert field.confidence < 0.9
    app.correct(sqlite_store, form_id, [app.Edit(path=path, new=field.text)], expected_version=0, author="li")
    with sqlite_store.reader() as s:
        after = get_form(s, form_id)
    assert after.summary.risk == after.record.review.risk == reassess_review(after.record).review.risk
    assert after.summary.risk != before.summary.risk
    assert after.record.review.status == "in_review"  # the reviewer's status is kept


def test_a_change_needs_a_reviewer_name(sqlite_store: Store) -> None:
    form_id = _stored(sqlite_store, "national")
    with pytest.raises(app.editing.StorageError):
        app.correct(
            sqlite_store, form_id, [app.Edit(path="fields.grade", new="优")], expected_version=0, author=" "
        )
