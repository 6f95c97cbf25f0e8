"""总览: the numbers (service.review.overview) and the page, whose links open the filtered queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service import review
from service.review.overview import confidence_bands, per_minute
from tests.ui.conftest import Seeded, app_test
from tests.ui.seed import fixture_document


def test_overview_counts_match_the_store(seeded: Seeded) -> None:
    data = review.overview(seeded.store)
    forms = [review.open_form(seeded.store, i).record for i in seeded.forms.values()]
    by_rule = {(c.key, c.severity): c.count for c in data.findings_by_rule}
    expected: dict[tuple[str, str], int] = {}
    for form in forms:
        for f in form.findings:
            expected[(f.rule, f.severity)] = expected.get((f.rule, f.severity), 0) + 1
    assert by_rule == expected
    assert [c.key for c in data.findings_by_rule] == sorted(
        {c.key for c in data.findings_by_rule}, key=lambda r: int(r[1:])
    ) or len({c.key for c in data.findings_by_rule}) < len(data.findings_by_rule)
    assert sum(c.count for c in data.findings_by_department) == sum(len(f.findings) for f in forms)
    assert sum(c.count for c in data.forms_by_status) == 4 and data.sampled_forms == 4
    assert sum(c.count for c in data.throughput) == 4  # the four seeded documents finished just now


def test_confidence_bands_and_throughput_per_minute() -> None:
    record = fixture_document("seed_shizuishan_1").forms[0]
    record.fields.project_name.confidence = 0.5  # type: ignore[union-attr]
    bands = {c.key: c.count for c in confidence_bands([record.model_dump(mode="json")])}
    assert list(bands) == ["≥95%", "85–95%", "60–85%", "<60%"] and bands["<60%"] >= 1
    t0 = datetime(2026, 1, 1, 8, 0, 10, tzinfo=UTC)
    minutes = per_minute([t0, t0 + timedelta(seconds=20), t0 + timedelta(minutes=3)])
    assert [(c.key, c.count) for c in minutes] == [("08:00", 2), ("08:01", 0), ("08:02", 0), ("08:03", 1)]
    assert per_minute([]) == []


def test_overview_page_draws_the_charts_and_links_to_the_filtered_queue(seeded: Seeded) -> None:
    at = app_test().run()
    at.switch_page("views/overview.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "总览"
    assert {m.label: m.value for m in at.metric}["表单"] == "4"
    assert len(at.get("vega_lite_chart")) == 5  # rule, department, status, confidence, throughput
    at.button(key="link-查看 V3 执行率得分").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "审核队列"
    shown = set(at.dataframe[0].value["表单编号"])
    with_v3 = {
        i
        for i in seeded.forms.values()
        if "V3" in {f.rule for f in review.open_form(seeded.store, i).record.findings}
    }
    assert shown == with_v3 and seeded.forms["hebei_exec_86"] not in shown
