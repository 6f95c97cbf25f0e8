"""The reviewer's page (AppTest and the pure helpers): confidence on a calm → loud scale, the wide
findings (V4, V9) marking their total with the cells on demand, the reviewer's name kept in the URL,
the queue naming folder and file, the scan in a sticky pane beside the editors, and scan progress."""

from __future__ import annotations

from models.paths import get_field
from models.record import Finding
from service import review
from tests.ui.conftest import Seeded, app_test, open_review
from ui.overlay import cell_states
from ui.tables import Marks, confidence_label, marked


def test_confidence_reads_calm_when_high_and_loud_when_low() -> None:
    assert confidence_label(0.9999) == "高 99.9%"  # never rounded up to 100%, never alarming
    assert confidence_label(0.9) == "较高 90.0%"
    assert confidence_label(0.7) == "⚠ 低 70.0%"
    assert confidence_label(0.41) == "‼ 很低 41.0%"
    assert confidence_label(None) is None


def test_wide_findings_mark_the_total_and_keep_their_cells(seeded: Seeded) -> None:
    form = review.open_form(seeded.store, seeded.forms["seed_shizuishan_1"]).record
    total_weight, total_score = get_field(form, "fields.total_weight"), get_field(form, "fields.total_score")
    assert total_weight is not None and total_score is not None
    v4 = Finding(
        rule="V4",
        severity="error",
        message="分值合计",
        paths=[f"indicators[{i}].weight" for i in range(len(form.indicators))],
        cells=[c for ind in form.indicators if ind.weight for c in ind.weight.cells],
    )
    assert len(v4.cells) > 3
    assert marked(v4, form) == (["fields.total_weight"], total_weight.cells)
    form.findings = [v4]
    states = cell_states(form, review.open_form(seeded.store, seeded.forms["seed_shizuishan_1"]).tables)
    assert {c for c, s in states.items() if s.state == "error"} == set(total_weight.cells)
    assert set(Marks.of(form).errors) == {"fields.total_weight"}  # no weight flagged, none to check
    narrow = v4.model_copy(update={"rule": "V5"})
    assert marked(narrow, form) == (v4.paths, v4.cells)


def test_review_page_lists_the_cells_of_a_wide_finding_on_demand(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1")
    form = review.open_form(seeded.store, seeded.forms["seed_shizuishan_1"]).record
    wide = [(i, f) for i, f in enumerate(form.findings) if f.rule in ("V4", "V9")]
    assert wide, [f.rule for f in form.findings]
    shown = [c.value for c in at.caption]
    assert any(text.startswith("标记：总分") for text in shown), shown
    lists = at.get("popover")  # one per wide finding: its cells, listed when opened
    assert len(lists) == sum(1 for _, f in wide if len(f.paths) > 1)
    assert any("指标第1行" in m.value for p in lists for m in p.markdown)


def test_confidence_column_is_text_on_the_scale(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1")
    check = next(e for e in at.data_editor if e.key and e.key.startswith("ed-check-"))
    values = list(check.value["置信度"])
    assert values and all(isinstance(v, str) and v.endswith("%") for v in values)
    assert any(v.startswith(("⚠", "‼")) for v in values)  # the seeded low-confidence values are loud


def test_reviewer_name_is_kept_in_the_url_and_comes_back_on_reload(seeded: Seeded) -> None:
    at = app_test()
    at.session_state["reviewer"] = "赵六"
    at.run()
    assert at.query_params["reviewer"] == "赵六"
    reloaded = app_test()  # a reload: a new session, the URL as it was
    reloaded.query_params["reviewer"] = "赵六"
    reloaded.run()
    assert not reloaded.exception
    assert reloaded.session_state["reviewer"] == "赵六"
    assert reloaded.text_input(key="reviewer_input").value == "赵六"
    assert not [c for c in reloaded.caption if "填写审核人后才能修改" in c.value]


def test_queue_shows_folder_file_and_form_not_a_path(seeded: Seeded) -> None:
    at = app_test().run()
    frame = at.dataframe[0].value
    assert {"文件夹", "文件", "表"} <= set(frame.columns)
    assert set(frame["文件夹"]) == {"scans"} and set(frame["文件"]) == {
        "seed_shizuishan_1.png", "seed_shizuishan_2.png", "seed_shizuishan_3.png", "hebei_exec_86.png",
    }  # fmt: skip
    assert all("/" not in name for name in frame["文件"])


def test_scan_pane_is_sticky_beside_the_editors(seeded: Seeded) -> None:
    at = open_review(seeded, "seed_shizuishan_1")
    styles = [h.proto.body for h in at.get("html")]
    assert any("position: sticky" in s and "st-key-scan-pane" in s for s in styles)
    # the editors are in the right column, the scan alone in the left one (a split view)
    (left,) = [c for c in at.columns if round(c.weight, 2) == 0.55]
    (right,) = [c for c in at.columns if round(c.weight, 2) == 0.45]
    assert not left.data_editor and len(right.data_editor) >= 5  # check, 表头, 资金, 目标, 指标…
    assert left.image


def test_sidebar_shows_the_progress_of_a_running_scan(seeded: Seeded) -> None:
    from service.storage import upsert_document

    quiet = app_test().run()
    assert not [c for c in quiet.sidebar.caption if c.value.startswith("已处理")]
    with seeded.store.transaction() as session:
        for i in range(3):
            upsert_document(
                session, sha256=f"{i:064x}", path=f"/scans/q{i}.png", media_type="image/png", size_bytes=1
            )
    at = app_test().run()
    assert not at.exception
    assert [c.value for c in at.sidebar.caption if c.value.startswith("已处理 4 / 7 个文件")]
