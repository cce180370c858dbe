"""Export cells that a spreadsheet would run are neutralised; text survives as UTF-8."""
import csv
import io

import pytest

from assessment.coaching.export import neutralise, to_csv


@pytest.mark.parametrize("value", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx",
                                   "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Capacitación", "3 · Buen desarrollo", 2, -1, None, ""])
def test_ordinary_values_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_is_utf8_with_a_byte_order_mark_and_keeps_spanish():
    data = to_csv(["Organización", "Nivel"], [["Año ñandú", "=cmd|' /C calc'!A0"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Organización", "Nivel"], ["Año ñandú", "'=cmd|' /C calc'!A0"]]
