"""A lead types or uploads a period's workforce figures; bad input is named and nothing is saved."""
import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.workforce.models import WorkforcePeriod
from tests.conftest import csrf_token, log_in

ENTRY = {"year": "2025", "quarter": "0", "headcount_start": "40", "headcount_end": "44",
         "hires": "10", "internal_fills": "5", "promotions": "3",
         "separations_voluntary": "4", "separations_involuntary": "2", "retained": "35",
         "budgeted_positions": "50", "vacant_positions": "6"}


@pytest.fixture
def team(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


@pytest.fixture
def lead(client, team):
    log_in(client, team["lead"])
    return client


def url(team, tail=""):
    return f"/organizations/{team['organization'].id}/workforce{tail}"


def post(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kwargs)


def stored(app):
    with app.app_context():
        return list(db.session.scalars(select(WorkforcePeriod)))


def roster_csv(lines, header="Role,Start date,End date,Reason for leaving,Promotion dates,Hourly pay,Gender"):
    return (header + "\n" + "\n".join(lines) + "\n").encode()


BOUNDARY = "----roster-boundary-7f3a"


def multipart(fields: dict, filename: str, content: bytes) -> bytes:
    """The body a browser sends. Built here because the test client spools a large body to
    a temporary file that it never closes (a ResourceWarning, an error under this suite)."""
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             .encode() for name, value in fields.items()]
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="roster"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def upload(client, team, content, filename="roster.csv", **extra):
    fields = {"csrf_token": csrf_token(client), "year": "2025", "quarter": "0", **extra}
    return client.post(url(team, "/upload"), data=multipart(fields, filename, content),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_a_lead_types_a_year_and_reads_the_rates(app, lead, team):
    response = post(lead, url(team, "/enter"), ENTRY, follow_redirects=True)
    page = text(response)
    assert "Figures for 2025 saved." in page
    assert "87.5 %" in page     # retention 35 / 40
    assert "14.3 %" in page     # turnover 6 / 42
    assert "33.3 %" in page     # internal fill 5 / 15
    assert [(p.year, p.headcount_start, p.retained) for p in stored(app)] == [(2025, 40, 35)]


def test_an_unknown_figure_reads_no_figure_not_zero(app, lead, team):
    data = {**ENTRY, "retained": "", "budgeted_positions": "", "vacant_positions": ""}
    page = text(post(lead, url(team, "/enter"), data, follow_redirects=True))
    assert page.count("no figure") >= 2
    assert "Retention rate</dt><dd><span class=\"muted\">no figure" in page.replace("> <", "><")


@pytest.mark.parametrize("change, message", [
    ({"retained": "41"}, "retention rate would be over 100 %"),
    ({"vacant_positions": "51"}, "vacancy rate would be over 100 %"),
    ({"hires": "-2"}, "Enter a whole number, 0 or more."),
])
def test_impossible_figures_are_refused_with_what_to_do(app, lead, team, change, message):
    response = post(lead, url(team, "/enter"), {**ENTRY, **change})
    assert response.status_code == 400
    assert message in text(response)
    assert stored(app) == []


def test_the_same_period_twice_asks_before_replacing(app, lead, team):
    post(lead, url(team, "/enter"), ENTRY)
    response = post(lead, url(team, "/enter"), {**ENTRY, "retained": "30"})
    page = text(response)
    assert "Replace the figures for 2025?" in page
    assert [p.retained for p in stored(app)] == [35]
    draft = re.search(r'name="draft" value="([^"]+)"', page).group(1)
    post(lead, url(team, "/save"), {"draft": draft, "replace": "yes"})
    assert [p.retained for p in stored(app)] == [30]


def test_a_lead_uploads_a_roster_previews_then_saves_only_totals(app, lead, team):
    lines = [f"Peer specialist,1/1/2020,,,3/1/2025,{18 + n},F" for n in range(6)]
    lines += [f"Peer specialist,1/1/2020,,,,{20 + n},M" for n in range(5)]
    lines += ["Peer specialist,2/1/2019,6/30/2025,voluntary,,,M"]
    response = upload(lead, team, roster_csv(lines))
    page = text(response)
    assert response.status_code == 200
    assert "Nothing is saved yet." in page
    assert "Columns read: role, start date, end date, reason for leaving, promotion dates, hourly pay, gender." in page
    assert "left during the period" in page and "employed at the start and the end" in page
    assert stored(app) == []
    draft = re.search(r'name="draft" value="([^"]+)"', page).group(1)
    saved_page = text(post(lead, url(team, "/save"), {"draft": draft}, follow_redirects=True))
    assert "Figures for 2025 saved." in saved_page
    assert "the roster itself was not stored" in saved_page
    [row] = stored(app)
    assert (row.headcount_start, row.headcount_end, row.separations_voluntary, row.promotions) == (
        12, 11, 1, 6)
    assert str(row.median_pay_female) == "20.50"
    assert "Peer specialist,1/1/2020" not in repr(row.details)


def test_the_region_pay_shows_beside_the_organization_or_region_not_set(app, lead, team):
    post(lead, url(team, "/enter"), {**ENTRY, "median_pay_female": "18", "median_pay_male": "20"})
    assert "Region not set" in text(lead.get(url(team)))
    with app.app_context():
        db.session.get(Organization, team["organization"].id).hhs_region = 9
        db.session.commit()
    page = text(lead.get(url(team)))
    assert "Peer specialists in HHS region 9" in page
    assert "10.0 %" in page   # (20 - 18) / 20


def test_a_file_with_row_mistakes_saves_nothing_and_names_each(app, lead, team):
    response = upload(lead, team, roster_csv(["Peer,5/1/2024,4/1/2024,,,,", "Peer,1/1/2024,,,,abc,"]))
    page = text(response)
    assert response.status_code == 400
    assert "Row 2: the end date is before the start date." in page
    assert "Row 3: hourly pay “abc” is not a number." in page
    assert 'name="draft"' not in page
    assert stored(app) == []


@pytest.mark.parametrize("content, filename, message", [
    (b"", "roster.csv", "The file is empty."),
    (b"Name,Role,Start date\nAna,Peer,1/1/2020\n", "roster.csv",
     "These columns are not part of the template: Name."),
    (b"Role,End date\nPeer,1/1/2020\n", "roster.csv", "These columns are needed: start date."),
    (b"x" * (10 * 1024 * 1024 + 10), "roster.csv", "The file is larger than 10 MB."),
    (b"hello", "roster.pdf", "Upload a CSV file or an Excel workbook (.xlsx)."),
])
def test_bad_files_are_refused_in_plain_words(app, lead, team, content, filename, message):
    response = upload(lead, team, content, filename)
    assert response.status_code == 400
    assert message in text(response)
    assert stored(app) == []


def workbook(sheets=1, formula=False) -> bytes:
    book = Workbook()
    book.active.append(["Role", "Start date"])
    book.active.append(["Peer", "=DATE(2020,1,1)" if formula else "1/1/2020"])
    for n in range(1, sheets):
        book.create_sheet(f"Sheet {n + 1}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("content, message", [
    (workbook(formula=True), "The workbook has formulas (row 2)."),
    (workbook(sheets=2), "The workbook has 2 sheets."),
])
def test_spreadsheets_with_formulas_or_several_sheets_are_refused(app, lead, team, content, message):
    response = upload(lead, team, content, "roster.xlsx")
    assert response.status_code == 400
    assert message in text(response)


def test_a_tampered_draft_saves_nothing(app, lead, team):
    response = post(lead, url(team, "/save"), {"draft": "forged.value"}, follow_redirects=True)
    assert "Upload the file again" in text(response)
    assert stored(app) == []


def test_a_coach_reads_but_cannot_enter_figures(app, client, team):
    log_in(client, team["coach"])
    assert client.get(url(team)).status_code == 200
    assert client.get(url(team, "/enter")).status_code == 403
    assert client.get(url(team, "/upload")).status_code == 403


def test_the_template_downloads_in_spanish(app, lead, team):
    response = lead.get(url(team, "/roster-template-es.csv"))
    assert response.get_data().decode("utf-8-sig").startswith("Puesto,Trayectoria,Fecha de inicio")


def test_the_how_page_gives_each_formula(client):
    page = text(client.get("/how-workforce-figures-work"))
    assert "Promotions in the period ÷ average headcount × 100." in page
    assert "fewer than 5 people" in page


def test_the_organization_page_shows_the_trend_and_change_since_the_first_period(app, lead, team):
    post(lead, url(team, "/enter"), {**ENTRY, "year": "2024", "retained": "30"})
    post(lead, url(team, "/enter"), ENTRY)
    page = text(lead.get(f"/organizations/{team['organization'].id}"))
    assert "Change since 2024" in page
    assert "+12.5 points" in page   # retention 75.0 % -> 87.5 %
    assert "<svg" in page


def test_the_period_page_breaks_down_by_group_and_hides_small_groups(app, lead, team):
    lines = [f"Peer specialist,1/1/2020,,,,{18 + n},F" for n in range(6)]
    lines += [f"Peer specialist,1/1/2020,,,,{20 + n},M" for n in range(5)]
    lines += ["Peer specialist,1/1/2020,,,,25,Nonbinary"]
    page = text(upload(lead, team, roster_csv(lines)))
    draft = re.search(r'name="draft" value="([^"]+)"', page).group(1)
    saved_page = text(post(lead, url(team, "/save"), {"draft": draft}, follow_redirects=True))
    gender = saved_page.split("<h3>Gender</h3>")[1].split("<h3>")[0]
    assert "Women" in gender
    assert "2 groups hidden" in gender
    assert "Men" not in gender and "Nonbinary" not in saved_page


def test_a_roster_whose_positions_do_not_add_up_saves_nothing(app, lead, team):
    lines = [f"Peer,1/1/2020,,,,,F" for _ in range(6)]
    response = upload(lead, team, roster_csv(lines), budgeted_positions="5", vacant_positions="7")
    assert response.status_code == 400
    assert "vacancy rate would be over 100 %" in text(response)
    assert 'name="draft"' not in text(response)
    assert stored(app) == []


def test_an_upload_for_a_saved_period_asks_before_replacing(app, lead, team):
    post(lead, url(team, "/enter"), ENTRY)
    lines = [f"Peer,1/1/2020,,,,,F" for _ in range(6)]
    page = text(upload(lead, team, roster_csv(lines)))
    assert "you will be asked before they are replaced" in page
    draft = re.search(r'name="draft" value="([^"]+)"', page).group(1)
    ask = text(post(lead, url(team, "/save"), {"draft": draft}))
    assert "Replace the figures for 2025?" in ask
    assert [p.headcount_start for p in stored(app)] == [40]
    replace_draft = re.search(r'name="draft" value="([^"]+)"', ask).group(1)
    post(lead, url(team, "/save"), {"draft": replace_draft, "replace": "yes"})
    assert [(p.headcount_start, p.source) for p in stored(app)] == [(6, "roster")]


def test_a_draft_of_another_organization_is_refused(app, lead, team, make_organization):
    from assessment.workforce import operations
    from assessment.workforce.metrics import Counts, Period
    other = make_organization("Other")
    with app.app_context():
        draft = operations.make_draft(other, Period(2025), "entered", Counts(5, 5), {})
        token = operations.sign_draft(app.secret_key, draft)
    response = post(lead, url(team, "/save"), {"draft": token}, follow_redirects=True)
    assert "Upload the file again" in text(response)
    assert stored(app) == []


def test_pages_answer_in_spanish(app, lead, team):
    lead.post("/language", data={"csrf_token": csrf_token(lead), "lang": "es"})
    response = upload(lead, team, b"Nombre,Puesto,Fecha de inicio\nAna,Par,1/1/2020\n")
    page = text(response)
    assert "Estas columnas no son parte de la plantilla: Nombre." in page
    assert "Puesto, Trayectoria, Fecha de inicio" in page   # the expected ones, in Spanish


def test_a_file_far_over_the_limit_gets_the_too_large_page_not_an_error(app, lead, team):
    response = upload(lead, team, b"x" * (12 * 1024 * 1024))
    assert response.status_code == 413
    assert "What you sent is too large" in text(response)
    assert stored(app) == []


def test_a_roster_with_errors_comes_back_with_the_period_and_typed_figures_kept(app, lead, team):
    lines = ["Peer specialist,1/1/2020,6/30/2025,moved away,,18,F"]
    response = upload(lead, team, roster_csv(lines), year="2024", quarter="2",
                      budgeted_positions="14", best_practice="Peer specialist, 20")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Upload the corrected file" in page
    assert re.search(r'name="year"[^>]*value="2024"', page)
    assert re.search(r'<option selected value="2">|<option value="2" selected>', page)
    assert re.search(r'name="budgeted_positions"[^>]*value="14"', page)
    assert "Peer specialist, 20" in page
    assert stored(app) == []
