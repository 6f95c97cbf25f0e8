from pathlib import Path

from extraction.assess import assess_form
from extraction.repair import candidate_texts, suggest_repairs
from models import Document
from models.paths import get_field, set_field
from verification import verify_form

RECORDS = Path(__file__).parents[1] / "fixtures" / "records"


def _seed_form(confidence: float):
    document = Document.model_validate_json((RECORDS / "seed_shizuishan_1.json").read_bytes())
    form = document.forms[0]
    field = get_field(form, "funds.total.exec_score")
    assert field is not None and field.text == "100"
    form = set_field(form, "funds.total.exec_score", field.model_copy(update={"confidence": confidence}))
    return form.model_copy(update={"findings": verify_form(form)})


def test_candidates_cover_confusions_and_decimal_points():
    texts = dict(candidate_texts("100", ["108"]))
    assert texts["108"] == "OCR 备选识别结果"
    assert "10.0" in texts and "1.00" in texts
    assert texts["700"] == "OCR 常见混淆 1/7"
    assert dict(candidate_texts("1.00", []))["100"] == "多识别小数点"


def test_low_confidence_misread_gets_the_fix_that_makes_rules_hold():
    findings = suggest_repairs(_seed_form(confidence=0.6))
    by_rule = {f.rule: f for f in findings}
    v3 = by_rule["V3"]
    assert [s.new_text for s in v3.suggestions] == ["10.0"]
    assert set(v3.suggestions[0].rules_fixed) == {"V3", "V5"}
    assert v3.suggestions[0].cell == "p0t0r5c7"
    assert by_rule["V9"].suggestions == []  # the total cannot be fixed by that cell


def test_confidently_printed_numbers_get_no_suggestion():
    findings = suggest_repairs(_seed_form(confidence=0.99))
    assert all(not f.suggestions for f in findings)


def test_suggestions_are_never_applied_to_the_record():
    form = _seed_form(confidence=0.6)
    assessed = assess_form(form, {})
    field = get_field(assessed, "funds.total.exec_score")
    assert field is not None and field.text == "100"
    assert any(f.suggestions for f in assessed.findings)


def test_assessment_lowers_confidence_of_numbers_in_errors_and_fills_review():
    form = _seed_form(confidence=0.99)
    assessed = assess_form(form, {})
    exec_score = get_field(assessed, "funds.total.exec_score")
    executed = get_field(assessed, "funds.total.executed")
    assert exec_score is not None and executed is not None
    assert exec_score.confidence < 0.7  # involved in V3/V5 errors
    assert executed.confidence == 1.0  # reconciled
    assert assessed.review.status == "needs_review"
    assert "p0t0r5c7" in assessed.review.low_confidence_cells
    assert assessed.review.risk >= 0.7
