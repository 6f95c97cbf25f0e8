import pytest

from models.paths import PathError, get_field, iter_fields, set_field
from models.record import Field, Form, FormFields, FundsBlock, FundsRow, IndicatorRow


def _form() -> Form:
    return Form(
        fields=FormFields(total_score=Field(text="100", value=100)),
        funds=FundsBlock(
            rows=[
                FundsRow(row="total", label="年度资金总额", executed=Field(text="80")),
                FundsRow(row="other", label="单位资金", executed=Field(text="1")),
                FundsRow(row="other", label="其他资金", executed=Field(text="2")),
            ]
        ),
        indicators=[IndicatorRow(score=Field(text="20"), extra={"是否核心指标": Field(text="是")})],
        level1_weights={"产出指标": Field(text="50", value=50)},
    )


def test_iter_fields_names_every_field_in_paper_order():
    paths = [p for p, _ in iter_fields(_form())]
    assert paths == [
        "fields.total_score",
        "funds.total.executed",
        "funds.other.executed",
        "funds.other[1].executed",
        "level1_weights.产出指标",
        "indicators[0].score",
        "indicators[0].extra.是否核心指标",
    ]


def test_set_field_copies_and_replaces_only_that_field():
    form = _form()
    updated = set_field(form, "funds.other[1].executed", Field(text="9"))
    assert get_field(updated, "funds.other[1].executed") == Field(text="9")
    assert get_field(updated, "funds.other.executed") == Field(text="1")
    assert get_field(form, "funds.other[1].executed") == Field(text="2")


def test_set_field_on_empty_slot_and_extra():
    form = set_field(_form(), "indicators[0].weight", Field(text="20"))
    form = set_field(form, "indicators[0].extra.得分系数", Field(text="100%"))
    assert get_field(form, "indicators[0].weight") == Field(text="20")
    assert get_field(form, "indicators[0].extra.得分系数") == Field(text="100%")


@pytest.mark.parametrize(
    "path", ["indicators[3].score", "funds.carryover.executed", "fields.nope", "indicators[0].bogus", "x"]
)
def test_bad_paths_raise(path):
    with pytest.raises(PathError):
        get_field(_form(), path)
