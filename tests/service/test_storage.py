"""Storage on SQLite and (when FORMTALLY_TEST_PG_URL is set) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from models.record import Finding, Form
from service.storage import (
    FormLocked,
    FormQuery,
    PageImageRef,
    StorageError,
    Store,
    VersionConflict,
    active_synonyms,
    add_synonym,
    apply_correction,
    delete_synonym,
    document_record,
    get_form,
    list_corrections,
    list_forms,
    list_synonyms,
    mark_failed,
    save_result,
    set_review,
    set_synonym_active,
    undo_correction,
    upsert_document,
)
from service.storage.engine import current_revision, head_revision, migrate
from service.storage.jobs import LeaseLost, complete_job, enqueue_job, lease_job, reap_jobs
from service.storage.schema import Base
from service.storage.tokens import authenticate, create_token, revoke_token
from tests.service.conftest import sample_document


def _add(store: Store, seed: int, path: str = "/scans/a.png") -> tuple[int, int]:
    """Store a sample document; returns (document id, its form id)."""
    document = sample_document(seed, path)
    with store.transaction() as s:
        row, created = upsert_document(
            s, sha256=document.source.sha256, path=path, media_type="image/png", size_bytes=10
        )
        assert created
        save_result(s, row.id, document, [PageImageRef(index=0, sha256="ab" * 32, width=1000, height=1400)])
        doc_id = row.id
    with store.reader() as s:
        (form,) = list_forms(s, FormQuery(document_id=doc_id))
    return doc_id, form.id


def test_migrations_reach_head_and_match_the_models(store: Store) -> None:
    assert current_revision(store.engine) == head_revision() == "0001"
    migrate(store.engine)  # a second upgrade is a no-op
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_sqlite_runs_in_wal_mode(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert sqlite_store.config.db_url.endswith("/data/formtally.db")


def test_upsert_by_sha_records_aliases(store: Store) -> None:
    with store.transaction() as s:
        first, created = upsert_document(
            s, sha256="a" * 64, path="/x/1.png", media_type="image/png", size_bytes=3
        )
        again, created_again = upsert_document(
            s, sha256="a" * 64, path="/y/copy.png", media_type="image/png", size_bytes=3
        )
        assert created and not created_again and first.id == again.id
        assert again.path == "/x/1.png" and again.status == "queued"
        mark_failed(s, first.id, "LoadError: truncated")
    with store.reader() as s:
        from service.storage.documents import document_paths, get_document

        assert document_paths(s, first.id) == ["/x/1.png", "/y/copy.png"]
        assert get_document(s, first.id).error == "LoadError: truncated"


def test_save_result_versions_and_current_forms(store: Store) -> None:
    doc_id, form_id = _add(store, 1)
    with store.transaction() as s:
        result = save_result(s, doc_id, sample_document(1), [])
        assert result.version == 2
    with store.reader() as s:
        forms = list_forms(s, FormQuery(document_id=doc_id))
        assert len(forms) == 1 and forms[0].id != form_id and forms[0].result_id == result.id
        record = document_record(s, doc_id)
        assert record.source.sha256 == sample_document(1).source.sha256 and len(record.forms) == 1


def test_list_forms_filters(store: Store) -> None:
    ids = {seed: _add(store, seed, f"/archive/{2020 + seed % 2}/{seed}.png") for seed in range(6)}
    with store.reader() as s:
        everything = list_forms(s)
        assert len(everything) == 6
        assert everything == sorted(everything, key=lambda f: (-f.error_count, -f.risk, f.document_id))
        for form in everything:
            record = get_form(s, form.id).record
            assert list_forms(s, FormQuery(department=form.department, year=form.fiscal_year))
            if any(f.rule == "V3" for f in record.findings):
                assert form.id in {f.id for f in list_forms(s, FormQuery(rule="V3"))}
        v3 = list_forms(s, FormQuery(rule="V3"))
        assert all(any(f.rule == "V3" for f in get_form(s, x.id).record.findings) for x in v3)
        folder = list_forms(s, FormQuery(folder="/archive/2021/"))
        assert {f.document_id for f in folder} == {ids[seed][0] for seed in (1, 3, 5)}
        assert len(list_forms(s, FormQuery(text="项目", limit=2))) == 2
        assert list_forms(s, FormQuery(status="approved")) == []


def _reverify(form: Form) -> Form:
    """Stand-in for the verifier: V3 holds once indicator 0 scores 10."""
    keep = [f for f in form.findings if f.rule != "V3"]
    score = form.indicators[0].score
    if score is not None and score.value != 10:
        keep.append(Finding(rule="V3", severity="error", message="得分应为 10", cells=score.cells))
    return form.model_copy(update={"findings": keep})


def test_corrections_versions_undo_and_locking(store: Store) -> None:
    seed = next(i for i in range(50) if any(f.rule == "V3" for f in sample_document(i).forms[0].findings))
    _, form_id = _add(store, seed)  # this one prints 100 where 10 belongs (V3)
    with store.transaction() as s:
        edit = apply_correction(
            s,
            form_id,
            "indicators[0].score",
            "10",
            value=10.0,
            expected_version=0,
            author="li",
            reverify=_reverify,
        )
    assert (edit.old_text, edit.new_text, edit.form_version, edit.cell) == ("100", "10", 1, "p0t0r3c3")
    assert edit.engine_version == "0.1.0-fake"
    with store.reader() as s:
        detail = get_form(s, form_id)
        assert detail.summary.version == detail.record.review.version == 1
        assert (
            detail.record.indicators[0].score is not None
            and detail.record.indicators[0].score.confidence == 1.0
        )
        assert form_id not in {f.id for f in list_forms(s, FormQuery(rule="V3"))}
        assert detail.summary.review_status == "in_review" and detail.summary.reviewer == "li"
    with pytest.raises(VersionConflict, match="changed by someone else"), store.transaction() as s:
        apply_correction(
            s, form_id, "fields.impl_unit", "某中心", value="某中心", expected_version=0, author="wang"
        )
    with pytest.raises(StorageError, match="no such field path"), store.transaction() as s:
        apply_correction(s, form_id, "fields.nonsense", "x", value="x", expected_version=1, author="li")
    with store.transaction() as s:
        undo = undo_correction(s, edit.id, expected_version=1, author="li", reverify=_reverify)
    assert (undo.action, undo.new_text, undo.undoes_id, undo.form_version) == ("undo", "100", edit.id, 2)
    with store.reader() as s:
        assert form_id in {f.id for f in list_forms(s, FormQuery(rule="V3"))}
    with store.transaction() as s:
        set_review(s, form_id, "approved", expected_version=2, reviewer="zhao", comment="ok")
    with pytest.raises(FormLocked), store.transaction() as s:
        apply_correction(s, form_id, "fields.impl_unit", "x", value="x", expected_version=3, author="li")
    with store.transaction() as s:
        set_review(s, form_id, "in_review", expected_version=3, reviewer="zhao", comment="reopened")
        apply_correction(
            s, form_id, "fields.impl_unit", "某中心", value="某中心", expected_version=4, author="li"
        )
    with store.reader() as s:
        log = list_corrections(s, form_id=form_id)
        assert [c.action for c in log] == ["edit", "undo", "review", "review", "edit"]
        assert [c.form_version for c in log] == [1, 2, 3, 4, 5]
        assert [c.new_text for c in log if c.action == "review"] == ["approved", "in_review"]
        assert len(list_corrections(s, form_id=form_id, path="indicators[0].score")) == 2


def test_synonyms_crud(store: Store) -> None:
    with store.transaction() as s:
        one = add_synonym(s, "header.impl_unit", " 项目实施单位 ", "li")
        add_synonym(s, "header.impl_unit", "执行单位", "li")
        add_synonym(s, "header.competent_dept", "主管单位", "wang")
        assert add_synonym(s, "header.impl_unit", "项目实施单位", "li").id == one.id
    with store.transaction() as s:
        set_synonym_active(s, one.id, False, "zhao")
        assert active_synonyms(s) == {
            "header.competent_dept": ("主管单位",),
            "header.impl_unit": ("执行单位",),
        }
        assert len(list_synonyms(s)) == 3
        revived = add_synonym(s, "header.impl_unit", "项目实施单位", "li")
        assert revived.active and revived.changed_by == "li"
        delete_synonym(s, one.id)
        assert len(list_synonyms(s, active_only=True)) == 2


def test_tokens_and_jobs(store: Store) -> None:
    with store.transaction() as s:
        secret, token = create_token(s, "records system", "uploader")
        assert authenticate(s, secret) is not None and authenticate(s, secret + "x") is None
        revoke_token(s, token.id)
        assert authenticate(s, secret) is None
        job = enqueue_job(s, payload={"upload": "abc"})
        leased = lease_job(s, "worker-1", lease=timedelta(seconds=-1))  # expires at once: a dead worker
        assert leased is not None and leased.id == job.id and leased.attempts == 1
        again = lease_job(s, "worker-2")
        assert again is not None and again.lease_owner == "worker-2" and again.attempts == 2
        assert lease_job(s, "worker-3") is None
        with pytest.raises(LeaseLost):  # the first worker's lease ran out: its outcome is not written
            complete_job(s, job.id, "worker-1")
        complete_job(s, job.id, "worker-2")
        assert lease_job(s, "worker-3") is None


def test_the_reaper_fails_jobs_out_of_attempts(store: Store) -> None:
    from service.storage.schema import JobRow

    with store.transaction() as s:
        job = enqueue_job(s, max_attempts=1)
        assert lease_job(s, "worker-1", lease=timedelta(seconds=-1)) is not None  # then the worker died
        assert lease_job(s, "worker-2") is None  # out of attempts: never leased again
        assert reap_jobs(s) == 1
        row = s.get(JobRow, job.id, populate_existing=True)
        assert row is not None and row.status == "failed" and row.error.startswith("WorkerDied")


def test_correction_text_is_parsed_by_the_value_grammar(sqlite_store: Store) -> None:
    pytest.importorskip("models.parsing", reason="models.parsing is not written yet")
    _, form_id = _add(sqlite_store, 3)
    with sqlite_store.transaction() as s:
        apply_correction(s, form_id, "indicators[0].score", "12", expected_version=0, author="li")
        apply_correction(s, form_id, "indicators[0].target", "≥95%", expected_version=1, author="li")
    with sqlite_store.reader() as s:
        row = get_form(s, form_id).record.indicators[0]
    assert row.score is not None and row.score.value == 12
    assert row.target is not None and row.target.model_dump(mode="json")["value"]["number"] == 95
