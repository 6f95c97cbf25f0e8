"""The review app under Streamlit's AppTest: queue, edit, re-verification, version conflict, locking,
undo, suggestions and learned synonyms, on a store seeded from the fixture records."""

from __future__ import annotations

from service import review
from service.storage import list_corrections, list_synonyms
from tests.ui.conftest import Seeded, app_test, edit_cell, finding_rules, messages, open_review


def test_queue_counts_orders_by_risk_and_filters(seeded: Seeded) -> None:
    at = app_test().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["全部表单"] == "4" and metrics["含错误"] == "3" and metrics["待审核"] == "3"
    (table, *_) = at.dataframe
    ids = list(table.value["表单编号"])
    errors = list(table.value["错误"])
    assert errors == sorted(errors, reverse=True)  # errors first
    assert ids[0] == seeded.forms["seed_shizuishan_3"] and ids[-1] == seeded.forms["hebei_exec_86"]

    at.selectbox(key="f_rule").set_value("V3 执行率得分").run()
    filtered = set(at.dataframe[0].value["表单编号"])
    assert seeded.forms["hebei_exec_86"] not in filtered and seeded.forms["seed_shizuishan_1"] in filtered
    assert {m.label: m.value for m in at.metric}["全部表单"] == str(len(filtered))


def test_next_form_button_opens_the_riskiest_open_form(seeded: Seeded) -> None:
    at = app_test().run()
    at.button(key="next_review").click().run()
    assert not at.exception
    form_id = seeded.forms["seed_shizuishan_3"]
    assert at.session_state["form_id"] == form_id
    assert at.title[0].value == review.open_form(seeded.store, form_id).summary.project_name


def test_edit_is_logged_and_reverified(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1")
    assert {"V3", "V5"} <= set(finding_rules(at))

    at = edit_cell(at, "funds", 0, "得分", "10")  # 年度资金总额 · 得分: 100 → 10
    assert not at.exception, at.exception
    rules = finding_rules(at)
    assert "V3" not in rules and "V5" not in rules and "V4" in rules
    assert any("V3 执行率得分、V5 得分不超过分值 已消除" in m for m in messages(at))
    with seeded.store.reader() as session:
        (entry,) = list_corrections(session, form_id=form_id)
    assert (entry.author, entry.path, entry.old_text, entry.new_text) == (
        "张三",
        "funds.total.exec_score",
        "100",
        "10",
    )
    recent = next(d.value for d in at.dataframe if "字段" in d.value.columns)  # 最近修改, by the findings
    assert list(recent.iloc[0][["审核人", "字段", "原值", "新值"]]) == [
        "张三",
        "年度资金总额 · 得分",
        "100",
        "10",
    ]


def test_suggestion_is_a_one_click_fix_and_undo_restores(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1")
    (suggestion, *_) = [b for b in at.button if b.label.startswith("采纳：年度资金总额 · 得分 100 → 10.0")]
    suggestion.click().run()
    assert "V3" not in finding_rules(at) and "V5" not in finding_rules(at)

    (undo,) = [b for b in at.button if b.label.startswith("撤销最近一次修改")]
    undo.click().run()
    assert {"V3", "V5"} <= set(finding_rules(at))
    with seeded.store.reader() as session:
        log = list_corrections(session, form_id=form_id)
    assert [e.action for e in log] == ["edit", "undo"] and "采纳修复建议" in (log[0].comment or "")
    assert review.open_form(seeded.store, form_id).record.funds.rows[0].exec_score.text == "100"  # type: ignore[union-attr]


def test_version_conflict_refuses_the_stale_edit_with_a_message(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1", reviewer="张三")
    # 李四 saves first, on the same version 张三 is looking at.
    review.correct(seeded.store, form_id, "funds.total.exec_score", "10.0", expected_version=0, author="李四")

    at = edit_cell(at, "funds", 0, "得分", "10")
    assert not at.exception
    (error,) = [m for m in at.error if "修改未保存" in m.value]
    assert "李四" in error.value and "重新载入" in error.value
    current = review.open_form(seeded.store, form_id)
    assert current.summary.version == 1 and current.record.funds.rows[0].exec_score.text == "10.0"  # type: ignore[union-attr]
    funds = next(e for e in at.data_editor if e.key and e.key.startswith("ed-funds-"))
    assert funds.value.iloc[0]["得分"] == "10.0"  # reloaded: shows 李四's value

    at = edit_cell(at, "funds", 0, "得分", "10")  # on the reloaded screen the edit goes through
    assert review.open_form(seeded.store, form_id).summary.version == 2


def test_approved_form_is_locked_until_reopened(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1")
    at.button(key=f"approve-{form_id}-v0").click().run()
    assert review.open_form(seeded.store, form_id).summary.locked
    assert all(e.proto.disabled for e in at.data_editor if e.key and e.key.startswith("ed-"))
    assert any("锁定" in m for m in messages(at))

    at.button(key=f"reopen-{form_id}-v1").click().run()
    summary = review.open_form(seeded.store, form_id).summary
    assert not summary.locked and summary.review_status == "in_review"


def test_reject_needs_a_comment_and_edits_need_a_reviewer(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1")
    at.button(key=f"reject-{form_id}-v0").click().run()
    assert any("退回时请填写审核意见" in m for m in messages(at))
    at.text_area(key=f"comment-{form_id}").input("得分与执行率不符，请核实原表").run()
    at.button(key=f"reject-{form_id}-v0").click().run()
    assert review.open_form(seeded.store, form_id).summary.review_status == "rejected"

    anonymous = open_review(seeded, "seed_shizuishan_2", reviewer=None)
    assert any("审核人" in m for m in messages(anonymous))
    assert all(e.proto.disabled for e in anonymous.data_editor if e.key and e.key.startswith("ed-"))


def test_mapping_an_unmapped_label_learns_a_revocable_synonym(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_2"]
    at = open_review(seeded, "seed_shizuishan_2")
    at.selectbox(key=f"map-{form_id}-0").set_value("header.impl_unit").run()
    at.button(key=f"learn-{form_id}-v0-0").click().run()
    with seeded.store.reader() as session:
        (synonym,) = list_synonyms(session)
    assert (synonym.canonical_path, synonym.spelling, synonym.active) == (
        "header.impl_unit",
        "填报单位",
        True,
    )

    at.switch_page("views/learning.py").run()
    assert not at.exception
    assert "填报单位" in set(at.dataframe[0].value["标签写法"])
    at.button(key=f"syn-{synonym.id}-True").click().run()
    with seeded.store.reader() as session:
        assert not list_synonyms(session)[0].active


def test_a_stale_button_is_refused_too(seeded: Seeded) -> None:
    form_id = seeded.forms["seed_shizuishan_1"]
    at = open_review(seeded, "seed_shizuishan_1", reviewer="张三")
    review.correct(seeded.store, form_id, "fields.grade", "优", expected_version=0, author="李四")
    at.button(key=f"approve-{form_id}-v0").click().run()  # drawn for version 0, clicked after 李四 saved
    assert any("修改未保存" in m and "李四" in m for m in messages(at))
    summary = review.open_form(seeded.store, form_id).summary
    assert summary.review_status != "approved" and not summary.locked
