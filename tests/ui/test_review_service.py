"""service.review (what the pages call) and the pure helpers of ui/, without Streamlit."""

from __future__ import annotations

import pytest

from service import review
from service.review import Edit, QueueFilters
from service.storage import FormLocked, VersionConflict, list_corrections
from tests.ui.conftest import Seeded
from tests.ui.seed import fixture_document
from ui.labels import path_label
from ui.overlay import cell_states
from ui.tables import edits_from_state, form_tables, funds_table, review_items


def test_queue_walks_riskiest_first_and_skips_closed_forms(seeded: Seeded) -> None:
    ids = review.queue_ids(seeded.store, QueueFilters())
    f = seeded.forms
    assert ids[0] == f["seed_shizuishan_3"] and ids[-1] == f["hebei_exec_86"]
    assert review.neighbours(seeded.store, QueueFilters(), ids[0]) == (None, ids[1])
    assert review.next_to_review(seeded.store, QueueFilters()) == ids[0]
    review.decide(seeded.store, ids[1], "approved", expected_version=0, reviewer="张三")
    assert review.next_to_review(seeded.store, QueueFilters(), after=ids[0]) == ids[2]  # approved: skipped
    counts = review.queue_counts(seeded.store, QueueFilters(year=2022))
    assert counts["approved"] == 1 and counts["total"] == 3
    options = review.filter_options(seeded.store)
    assert options.years == [2022, 2019] and options.reviewers == ["张三"] and "V3" in options.rules


def test_correct_many_is_all_or_nothing(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    edits = [
        Edit(path="funds.total.exec_score", old="100", new="10"),
        Edit(path="fields.grade", old="", new="优"),
    ]
    done = review.correct_many(seeded.store, form_id, edits, expected_version=0, author="张三")
    assert [c.form_version for c in done] == [1, 2]
    with pytest.raises(VersionConflict):
        review.correct_many(seeded.store, form_id, edits, expected_version=1, author="李四")
    review.decide(seeded.store, form_id, "approved", expected_version=2, reviewer="张三")
    with pytest.raises(FormLocked):
        review.correct(seeded.store, form_id, "fields.grade", "良", expected_version=3, author="李四")
    with seeded.store.reader() as session:
        assert [c.author for c in list_corrections(session, form_id=form_id)] == ["张三", "张三", "张三"]


def test_learning_a_label_can_fill_the_field(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_2"]
    review.learn_label(
        seeded.store,
        form_id,
        "填报单位",
        "header.impl_unit",
        author="张三",
        expected_version=0,
        fill_field=True,
    )
    form = review.open_form(seeded.store, form_id)
    assert form.summary.version == 1 and form.record.fields.impl_unit is not None
    assert form.record.fields.impl_unit.text == "石嘴山市社会保险事业管理中心"
    (learned,) = review.synonyms(seeded.store)
    review.set_synonym(seeded.store, learned.id, False, author="李四")
    assert not review.synonyms(seeded.store)[0].active


def test_tables_map_every_editable_cell_to_its_record_path() -> None:
    form = fixture_document("seed_shizuishan_1").forms[0]
    funds = funds_table(form)
    assert funds.paths[(0, "得分")] == "funds.total.exec_score"
    assert funds.frame.at[0, "得分"] == "100"
    edits = edits_from_state(funds, {"0": {"得分": "10 ", "项目": "ignored: read-only"}, 1: {"分值": "—"}})
    assert edits == [Edit(path="funds.total.exec_score", old="100", new="10")]
    names = [t.name for t in form_tables(form)]
    assert names == ["check", "header", "funds", "goals", "level1", "indicators", "totals"]
    first_path, _ = review_items(form)[0]
    assert first_path == "funds.total.exec_score"  # in an error finding and least confident
    assert cell_states(form, fixture_document("seed_shizuishan_1").tables)["p0t0r5c7"].state == "error"


def test_path_labels_read_like_the_paper_form() -> None:
    form = fixture_document("seed_shizuishan_1").forms[0]
    assert path_label("funds.total.exec_score") == "年度资金总额 · 得分"
    assert path_label("fields.competent_dept") == "主管部门"
    assert path_label("indicators[3].score", form) == "指标第4行（成本指标） · 得分"
    assert path_label("level1_weights.产出指标") == "产出指标（分值）"


def test_scan_progress_counts_files_and_measures_rate_and_time_left(seeded: Seeded) -> None:
    from datetime import UTC, datetime, timedelta

    from service.storage import upsert_document
    from ui.panels.progress import progress_text

    done = review.scan_progress(seeded.store)
    assert (done.total, done.done, done.pending, done.active) == (4, 4, 0, False)
    with seeded.store.transaction() as session:
        for i in range(6):  # a background scan has registered six more files, not extracted yet
            upsert_document(
                session, sha256=f"{i:064x}", path=f"/scans/q{i}.png", media_type="image/png", size_bytes=1
            )
    # the four seeded documents finished just now; an hour later there is no recent rate to show
    later = review.scan_progress(seeded.store, now=datetime.now(UTC) + timedelta(hours=1))
    assert (later.total, later.done, later.pending, later.active) == (10, 4, 6, True)
    now = review.scan_progress(seeded.store, now=datetime.now(UTC) + timedelta(seconds=1))
    assert now.files_per_minute is not None and now.files_per_minute > 0
    assert now.seconds_left == pytest.approx(6 / now.files_per_minute * 60)
    text = progress_text(now)
    assert text.startswith("已处理 4 / 10 个文件") and "个/分钟" in text and "剩余约" in text


def test_demo_scans_one_clean_rendering_of_each_sample_form_first() -> None:
    from service.demo import SAMPLES, first_renderings

    first = first_renderings(SAMPLES)
    forms = sorted(p.name for p in SAMPLES.iterdir() if (p / "truth.json").exists())
    assert [name.split("/")[0] for name in first] == forms
    assert all(name.split("/")[1].startswith("clean.") for name in first)  # clean.png, clean.pdf
