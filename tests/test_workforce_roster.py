"""Reading a roster (headers in either language, US dates, refusals) and aggregating it
under the small-group rule."""
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from assessment.workforce import aggregate
from assessment.workforce.metrics import Period
from assessment.workforce.roster import RosterError, read_file, template_csv

D = Decimal
HEADER_EN = "Role,Start date,End date,Reason for leaving,Promotion dates,Hourly pay,Gender\n"
HEADER_ES = "Puesto;Fecha de inicio;Fecha de salida;Motivo de salida;Fechas de ascenso;Pago por hora;Género\n"


def csv_file(text: str) -> bytes:
    return text.encode("utf-8")


def test_english_and_spanish_headers_and_us_dates_read_the_same():
    english = read_file("r.csv", csv_file(HEADER_EN + "Peer specialist,3/4/2021,6/30/25,voluntary,1/15/2025,$18.50,F\n"))
    spanish = read_file("r.csv", csv_file(HEADER_ES + "Peer specialist;2021-03-04;06/30/2025;voluntaria;2025-01-15;18.50;mujer\n"))
    assert english.problems == [] and spanish.problems == []
    a, b = english.people[0], spanish.people[0]
    assert (a.start, a.end, a.reason, a.promotions, a.hourly_pay, a.gender) == (
        date(2021, 3, 4), date(2025, 6, 30), "voluntary", (date(2025, 1, 15),), D("18.50"),
        "female")
    assert (b.start, b.end, b.reason, b.promotions, b.hourly_pay, b.gender) == (
        a.start, a.end, a.reason, a.promotions, a.hourly_pay, a.gender)


def test_unknown_columns_are_refused_by_name():
    with pytest.raises(RosterError) as error:
        read_file("r.csv", csv_file("Name,Role,Start date\nAna,Peer,1/1/2020\n"))
    assert error.value.problem.code == "unknown_columns"
    assert error.value.problem.value == "Name"


def test_missing_columns_are_named():
    with pytest.raises(RosterError) as error:
        read_file("r.csv", csv_file("Role,End date\nPeer,1/1/2020\n"))
    assert (error.value.problem.code, error.value.problem.value) == ("missing_columns",
                                                                     "start_date")


def test_end_before_start_and_bad_values_are_row_problems():
    roster = read_file("r.csv", csv_file(
        HEADER_EN + "Peer,5/1/2024,4/1/2024,,,,\nPeer,13/45/2024,,,,,\nPeer,1/1/2024,,,,-3,\n"))
    assert [(p.row, p.code, p.column) for p in roster.problems] == [
        (2, "end_before_start", "end_date"), (3, "bad_date", "start_date"),
        (4, "bad_pay", "hourly_pay")]
    assert roster.people == []


@pytest.mark.parametrize("content", [b"", b"   \n", HEADER_EN.encode()])
def test_an_empty_file_is_refused(content):
    with pytest.raises(RosterError) as error:
        read_file("r.csv", content)
    assert error.value.problem.code in ("empty", "no_rows")


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(RosterError) as error:
        read_file("r.csv", b"x" * (10 * 1024 * 1024 + 1))
    assert error.value.problem.code == "too_large"


def xlsx(sheets: int = 1, formula: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Puesto", "Fecha de inicio"])
    sheet.append(["Peer", "=TODAY()" if formula else "1/2/2020"])
    for n in range(1, sheets):
        book.create_sheet(f"Other {n}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_spreadsheet_is_read():
    roster = read_file("r.xlsx", xlsx())
    assert roster.people[0].start == date(2020, 1, 2)


def test_a_spreadsheet_with_formulas_or_several_sheets_is_refused():
    with pytest.raises(RosterError) as error:
        read_file("r.xlsx", xlsx(formula=True))
    assert error.value.problem.code == "formula"
    with pytest.raises(RosterError) as error:
        read_file("r.xlsx", xlsx(sheets=2))
    assert error.value.problem.code == "several_sheets"


def test_the_template_has_every_header_in_its_language():
    assert template_csv("es").decode("utf-8-sig").startswith("Puesto,Trayectoria,Fecha de inicio")
    assert template_csv("en").decode("utf-8-sig").startswith("Role,Track,Start date")


# ---------------------------------------------------------------- aggregation

def roster_of(lines: list[str]):
    return read_file("r.csv", csv_file(HEADER_EN + "\n".join(lines) + "\n")).people


def test_who_counts_where_in_a_period():
    people = roster_of([
        "Peer,1/1/2020,,,3/1/2025,20,M",          # stayed, promoted in 2025
        "Peer,6/1/2025,,,,18,F",                  # hired
        "Peer,1/1/2019,5/1/2025,involuntary,,,",  # left
        "Peer,2/1/2025,3/1/2025,voluntary,,,",    # hired and left
        "Peer,1/1/2026,,,,,",                     # outside 2025
    ])
    period = Period(2025)
    assert [aggregate.row_outcome(p, period) for p in people] == [
        "stayed", "hired", "left", "hired_and_left", "outside"]
    counts = aggregate.counts_of(people, period)
    assert (counts.headcount_start, counts.headcount_end, counts.hires, counts.retained,
            counts.separations_voluntary, counts.separations_involuntary,
            counts.promotions) == (2, 2, 2, 1, 1, 1, 1)


def test_pay_medians_and_breakdowns_hide_groups_under_five():
    lines = [f"Peer,1/1/2020,,,,{18 + n},F" for n in range(6)]       # 6 women
    lines += [f"Peer,1/1/2020,,,,{20 + n},M" for n in range(5)]      # 5 men
    lines += ["Peer,1/1/2020,,,,25,Nonbinary"]                       # 1 person
    summary = aggregate.summarize(roster_of(lines), Period(2025))
    assert summary["pay"]["overall"]["female"] == "20.50"
    assert summary["pay"]["overall"]["male"] == "22.00"
    gender = summary["breakdowns"]["gender"]
    # The single person is hidden; the hidden total (1) would be found by subtraction,
    # so the next-smallest group (the 5 men) is hidden too.
    assert [g["group"] for g in gender["groups"]] == ["female"]
    assert gender["hidden"] == 2
    assert "Nonbinary" not in repr(summary["breakdowns"])


def test_a_small_role_gets_no_pay_or_caseload_figure():
    lines = [f"Peer,1/1/2020,,,,{18 + n},F" for n in range(4)]
    summary = aggregate.summarize(roster_of(lines), Period(2025))
    assert summary["pay"]["roles"][0]["female"] is None
    assert summary["breakdowns"]["role"]["groups"] == []


def test_complementary_suppression_across_splits():
    # Role and gender each have groups of 5+, but together they would isolate 2 people:
    # 8 peer women, 2 peer men, 6 supervisor men. Role shows (8+2=10 and 6); gender
    # shows (8 and 8); the cells peer-men (2) would then be worked out, so gender hides.
    lines = ([f"Peer,1/1/2020,,,,,F" for _ in range(8)] + [f"Peer,1/1/2020,,,,,M" for _ in range(2)]
             + [f"Supervisor,1/1/2020,,,,,M" for _ in range(6)])
    summary = aggregate.summarize(roster_of(lines), Period(2025))
    assert [g["group"] for g in summary["breakdowns"]["role"]["groups"]] == ["Peer", "Supervisor"]
    assert summary["breakdowns"]["gender"]["groups"] == []


def test_control_characters_are_dropped_and_long_names_cut():
    people = read_file("r.csv", ("Role,Start date,Gender\n" + "Peer\x00 lead,1/1/2020," + "x" * 500
                                 + "\n").encode()).people
    assert people[0].role == "Peer lead"
    assert len(people[0].gender) == 120


def test_a_damaged_workbook_is_refused_in_plain_words():
    good = xlsx()
    damaged = io.BytesIO()
    import zipfile
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            target.writestr(name, b"<worksheet><sheetData><row" if "sheet1" in name else body)
    for content in (damaged.getvalue(), b"PK\x03\x04 not really a zip"):
        with pytest.raises(RosterError) as error:
            read_file("r.xlsx", content)
        assert error.value.problem.code == "not_spreadsheet"


def test_common_spanish_reasons_for_leaving_are_read():
    roster = read_file("r.csv", csv_file(
        HEADER_ES + "Par;2021-03-04;06/30/2025;Renunció;;18.50;mujer\n"
        "Par;2021-03-04;06/30/2025;Despedido;;18.50;hombre\n"))
    assert roster.problems == []
    assert [person.reason for person in roster.people] == ["voluntary", "involuntary"]


def test_an_unknown_reason_for_leaving_is_named_not_counted_as_neither():
    roster = read_file("r.csv", csv_file(
        HEADER_EN + "Peer specialist,3/4/2021,6/30/25,moved away,,$18.50,F\n"))
    assert [(p.code, p.row, p.column, p.value) for p in roster.problems] == [
        ("bad_reason", 2, "reason", "moved away")]
