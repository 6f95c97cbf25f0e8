from extraction.mapping.fields import make_field, restore_dash
from models.record import Cell


def test_lone_dash_readings_become_the_printed_dash():
    for reading in ("一", "_", "-", "－", "—"):
        assert restore_dash(reading) == "—"
    assert restore_dash("一级") == "一级"
    assert restore_dash("10") == "10"


def test_funds_sub_row_dash_cell_is_kept_as_dash():
    cell = Cell(id="p0t0r5c6", row=5, col=6, bbox=(0, 0, 10, 10), text="一", confidence=0.8)
    field = make_field([cell], "funds.fiscal_current.exec_weight")
    assert field.text == "—" and field.value is None and field.cells == ["p0t0r5c6"]


def test_operator_column_reads_er_as_equals_and_specks_around_dash_are_dropped():
    from extraction.mapping.fields import repair_reading

    assert repair_reading("indicators[1].op", "二") == "="
    assert repair_reading("indicators[1].level3", "二") == "二"
    assert repair_reading("funds.fiscal_current.exec_score", "·一") == "—"
