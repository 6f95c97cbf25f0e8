import json

from models import CmpValue, Document, Field, Op
from models.canonical import canonical_schema


def test_field_value_keeps_numbers_and_indicator_values_typed():
    assert isinstance(Field(text="20", value=20).value, int)
    assert Field(text="3.5", value=3.5).value == 3.5
    parsed = Field.model_validate(
        {"text": "≥98%", "value": {"kind": "cmp", "op": "GE", "number": 98, "unit": "%"}}
    )
    assert parsed.value == CmpValue(op=Op.GE, number=98, unit="%")


def test_document_round_trips_through_json():
    doc = Document.model_validate(
        {
            "source": {"path": "a.png", "sha256": "0" * 64, "page_count": 1, "media_type": "image/png"},
            "engine": {"formtally": "0.1.0", "ocr": "rapidocr"},
            "forms": [
                {
                    "fields": {
                        "project_name": {"text": "社保经办机构业务经费", "value": "社保经办机构业务经费"}
                    }
                }
            ],
        }
    )
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc
    assert again.forms[0].fields.project_name is not None


def test_json_schema_names_the_contract_parts():
    schema = json.dumps(Document.model_json_schema(), ensure_ascii=False)
    for name in ("Form", "Field", "Finding", "IndicatorRow", "FundsRow", "Review", "Cell", "CmpValue"):
        assert name in schema


def test_canonical_schema_has_every_synonym_group_and_taxonomy():
    schema = canonical_schema()
    assert "调整后预算数" in schema.spec("funds_columns", "budget_full_year").synonyms
    assert "未完成原因分析" in schema.spec("indicator_columns", "deviation").synonyms
    assert "可持续影响指标" in schema.level2["效益指标"]
    assert [schema.grade_for(x) for x in (95, 85, 70, 10)] == ["优", "良", "中", "差"]
