"""True records and honest labels: a survey closed early keeps its real days everywhere,
closing asks first, and every page says what it can and cannot show (walkthrough
findings 4, 13, 14, 24; domain review 5.1 and 5.7)."""
import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.models import SurveyWave
from assessment.survey.report import (
    OPEN,
    SHOWN,
    TOO_FEW,
    release_state,
    staff_agreement,
    wave_report,
)
from tests.conftest import log_in, post_form
from tests.survey_helpers import agreement_answers, answer_all, phone

TODAY = date.today()
OPENED = TODAY - timedelta(days=9)
PLANNED_END = TODAY + timedelta(days=12)


def long_en(day: date) -> str:
    return format_date(day, "long", locale="en_US")


def long_es(day: date) -> str:
    return format_date(day, "long", locale="es_US")


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


@pytest.fixture
def org(make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


@pytest.fixture
def wave(app, org):
    """An open wave from OPENED to PLANNED_END, linked to a rated cycle."""
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        cycle = capability.start_cycle(organization, "2026 baseline", date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Team")
        for practice_id in capability.cycle_rubric(cycle).practice_ids:
            capability.save_rating(rater, practice_id, 3, "")
        made = operations.open_wave(organization, "Spring pulse", OPENED, PLANNED_END, cycle)
        org.update(wave_id=made.id, code=made.code, cycle_id=cycle.id)
        return made.id


def page(client, org, suffix=""):
    return client.get(f"/organizations/{org['organization'].id}/surveys{suffix}")


def close_now(client, org):
    return post_form(client, f"/organizations/{org['organization'].id}/surveys/"
                             f"{org['wave_id']}/close")


def test_closing_asks_first_on_a_page_of_its_own(app, client, org, wave):
    log_in(client, org["lead"])
    confirm = page(client, org, f"/{org['wave_id']}/close")
    text = text_of(confirm.get_data(as_text=True))
    assert confirm.status_code == 200
    assert "Close “Spring pulse” now?" in text and "stops taking answers at once" in text
    assert "Today is recorded as its closing day." in text
    with app.app_context():
        assert db.session.get(SurveyWave, wave).closed_on is None  # asking changed nothing
    assert f'href="/organizations/{org["organization"].id}/surveys/{wave}"' in \
        confirm.get_data(as_text=True)  # Cancel goes back


def test_closing_early_keeps_the_opening_day_and_records_the_closing_day(app, client, org,
                                                                       wave):
    log_in(client, org["lead"])
    assert close_now(client, org).status_code == 302
    with app.app_context():
        closed = db.session.get(SurveyWave, wave)
        assert (closed.opens_on, closed.closes_on, closed.closed_on) == (
            OPENED, PLANNED_END, TODAY)
        assert closed.last_day == TODAY and not closed.is_open(TODAY)
    expected = (f"Open from {long_en(OPENED)}; closed early on {long_en(TODAY)} "
                f"(it was planned to close after {long_en(PLANNED_END)}).")
    assert expected in text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    listing = text_of(page(client, org).get_data(as_text=True))
    assert expected in listing and "Closed: no more answers · 0 responses" in listing
    worker = phone(app)
    worker.get(f"/s/{org['code']}")
    closed_page = text_of(worker.get("/survey/", headers={"Accept-Language": "es"}).get_data(
        as_text=True))
    assert (f"La encuesta estuvo abierta del {long_es(OPENED)} al {long_es(TODAY)}."
            in closed_page)


def test_closing_stops_answers_and_releases_the_results_at_once(app, client, org, wave):
    for _ in range(5):
        answer_all(app, org["code"])
    late = phone(app)
    late.get(f"/s/{org['code']}")
    log_in(client, org["lead"])
    with app.app_context():
        assert release_state(db.session.get(SurveyWave, wave), TODAY) == OPEN
    close_now(client, org)
    assert "This survey is closed" in late.get("/survey/").get_data(as_text=True)
    with app.app_context():
        closed = db.session.get(SurveyWave, wave)
        assert release_state(closed, TODAY) == SHOWN
        assert staff_agreement(closed, TODAY)["process"] == 1.0
    results = text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    assert "Staff agreement by practice" in results


def test_a_survey_that_closed_with_fewer_than_5_says_so_and_hides_its_link_and_flyer(
        app, client, org, wave):
    for _ in range(2):
        answer_all(app, org["code"])
    log_in(client, org["lead"])
    close_now(client, org)
    results = page(client, org, f"/{wave}").get_data(as_text=True)
    assert ("The survey closed with fewer than 5 responses: no figures can be shown."
            in text_of(results))
    assert "results appear once 5 people" not in results
    assert "survey-link" not in results and "flyer.pdf" not in results
    flyer = page(client, org, f"/{wave}/flyer.pdf")
    assert flyer.mimetype == "text/html" and "has no flyer" in flyer.get_data(as_text=True)
    with app.app_context():
        assert release_state(db.session.get(SurveyWave, wave), TODAY) == TOO_FEW
        assert wave_report(db.session.get(SurveyWave, wave), TODAY).state == TOO_FEW


def test_while_open_figures_say_they_are_shown_when_the_survey_closes(app, client, org, wave):
    for _ in range(6):
        answer_all(app, org["code"])
    log_in(client, org["lead"])
    results = text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    assert "Figures are shown when the survey closes" in results
    assert "fewer than 5" not in results and "%" not in results.split("Responses")[1]
    with app.app_context():
        report = wave_report(db.session.get(SurveyWave, wave), TODAY)
    assert report.state == OPEN and report.respondents == 6
    assert all(row.staff_share is None and row.respondents is None for row in report.practices)


def test_the_survey_list_shows_each_surveys_status_dates_and_responses(app, client, org, wave):
    for _ in range(3):
        answer_all(app, org["code"])
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        operations.open_wave(organization, "Autumn pulse", TODAY + timedelta(days=30),
                             TODAY + timedelta(days=44), None)
        operations.open_wave(organization, "2025 survey", date(2025, 3, 1), date(2025, 3, 21),
                             None)
    log_in(client, org["lead"])
    cards = [text_of(card) for card in re.findall(r'<li class="card">(.*?)</li>',
                                                   page(client, org).get_data(as_text=True),
                                                   re.S)]
    spring = next(c for c in cards if "Spring pulse" in c)
    autumn = next(c for c in cards if "Autumn pulse" in c)
    old = next(c for c in cards if "2025 survey" in c)
    assert "Open: taking answers · 3 responses" in spring
    assert f"closes after {long_en(PLANNED_END)}" in spring
    assert "Not open yet · 0 responses" in autumn
    assert "Closed: no more answers · 0 responses" in old
    assert "Was open from March 1, 2025 to March 21, 2025." in old


def test_the_flyer_carries_the_name_one_qr_code_for_both_languages_and_true_dates(
        app, client, org, wave):
    log_in(client, org["lead"])
    flyer = page(client, org, f"/{wave}/flyer.pdf")
    assert flyer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(flyer.data))
    assert len(reader.pages) == 1
    placed = []  # (text, x, y) of each line drawn

    def keep(text, cm, tm, font, size):
        if text.strip():  # the line's start on the page: its text matrix, then the page's
            placed.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                           tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))
    reader.pages[0].extract_text(visitor_text=keep)
    text = " ".join(t for t, _x, _y in placed)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert "Spring pulse" in text and "Harbor Peer Collective" in text
    assert f"Open from {long_en(OPENED)} to {long_en(PLANNED_END)}." in text
    assert f"Abierta del {long_es(OPENED)} al {long_es(PLANNED_END)}." in text
    link, link_x, link_y = next((t, x, y) for t, x, y in placed if "/s/" in t)
    english = next((x, y) for t, x, y in placed if t.startswith("Scan the code below"))
    spanish = next((x, y) for t, x, y in placed if t.startswith("Escanee el código de abajo"))
    assert english[0] < width / 2 < spanish[0]    # the two languages side by side
    assert english[1] == spanish[1] > link_y      # both point down to the same code
    assert text.count("/s/") == 1                 # one link, under both columns
    assert link_x < width / 2 < link_x + len(link) * 11  # it spans the middle of the page
    assert min(y for _t, _x, y in placed) < height / 3  # the bottom third is used


def test_the_coachs_survey_export_shows_the_true_days_and_people_based_agreement(
        app, client, org, wave):
    for n in range(6):
        answer_all(app, org["code"], {"q_paths_defined": "agree" if n < 2 else "disagree"})
    log_in(client, org["lead"])
    close_now(client, org)
    post_form(client, "/logout")
    log_in(client, org["coach"])
    export = client.get("/coach/export/survey.csv")
    rows = list(csv.reader(io.StringIO(export.data.decode("utf-8-sig"))))
    header, row = rows[0], next(r for r in rows[1:] if r[1] == "Spring pulse")
    record = dict(zip(header, row))
    assert record["First day"] == OPENED.isoformat() and record["Last day"] == TODAY.isoformat()
    assert record["Status"] == "closed" and record["Responses"] == "6"
    mapping = next(k for k in header if "Pathways" in k)
    assert record[mapping] == "33"


def test_staff_agreement_counts_people_not_answers(app, org, wave):
    # "development" has four questions. Four people agree on all of them; two agree on
    # two and strongly disagree on two (average 2.5); a seventh finds none apply.
    development = {"q_peer_mentor_early", "q_can_move_up", "q_mentor", "q_training_advances"}
    split = {key: ("agree" if n % 2 else "strongly_disagree")
             for n, key in enumerate(sorted(development))}
    for n in range(6):
        answer_all(app, org["code"], split if n < 2 else {})
    mostly_na = {key: "not_applicable" for key in development}
    answer_all(app, org["code"], mostly_na)  # answered none of them: not counted
    with app.app_context():
        wave_row = db.session.get(SurveyWave, wave)
        operations.close_wave(wave_row, TODAY)
        report = wave_report(wave_row, TODAY)
    row = next(r for r in report.practices if r.practice_id == "development")
    # answers: 4 x 4 agree + 2 x 2 agree = 20 of 24 (83%); people: 4 of 6 (67%)
    assert (row.staff_share, row.respondents) == (4 / 6, 6)
    assert report.respondents == 7


def test_a_split_with_every_group_hidden_reads_as_one_line(app, client, org, wave):
    from tests.survey_helpers import SURVEY

    splits = SURVEY.items("demographic")
    for n in range(6):  # every question answered, spread 2 / 2 / 2: no group of 5
        answer_all(app, org["code"], {f"q_{item.id}": item.choice_ids()[n % 3]
                                      for item in splits})
    log_in(client, org["lead"])
    close_now(client, org)
    results = text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    by_group = results.split("By group")[1].split("What one change would help")[0]
    assert "No group can be shown: each has fewer than 5 people" in by_group
    assert "fewer than 5 responses" not in by_group
    assert not any(item.text.en in by_group for item in splits)  # one line, not 45


def test_a_split_whose_groups_are_all_hidden_gets_one_line_among_shown_ones(app, client, org,
                                                                          wave):
    for n in range(10):
        answer_all(app, org["code"], {"q_role": ["peer_specialist", "supervisor",
                                                 "family_specialist"][n % 3],
                                      "q_lived_experience": "yes" if n < 5 else "no"})
    log_in(client, org["lead"])
    close_now(client, org)
    results = text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    by_group = results.split("Answers to each question")[1]
    role = by_group.split("What is your role?")[1].split("How long have you worked here?")[0]
    assert role.strip() == ("No group of this question can be shown: each has fewer than 5 "
                            "people, or would single someone out.")
    assert "Yes · 5 people" in results and "No · 5 people" in results


def test_answer_bars_are_drawn_without_style_attributes_and_keep_the_figures_as_text(
        app, client, org, wave):
    for n in range(5):
        answer_all(app, org["code"], {"q_intent_to_stay": "likely" if n < 4 else "not_sure"})
    log_in(client, org["lead"])
    close_now(client, org)
    body = page(client, org, f"/{wave}").get_data(as_text=True)
    assert "style=" not in body and "<script" not in body
    block = body.split("How likely are you to still work here")[1].split("</ul>")[0]
    assert '<rect class="bar-fill" width="80.0"' in block and "4 (80%)" in text_of(block)
    assert 'aria-hidden="true"' in block


def test_a_worker_who_comes_before_the_first_day_is_told_when_it_opens(app, org):
    with app.app_context():
        later = operations.open_wave(db.session.get(Organization, org["organization"].id),
                                     "Autumn pulse", TODAY + timedelta(days=3),
                                     TODAY + timedelta(days=20), None)
        code = later.code
    worker = phone(app)
    worker.get(f"/s/{code}")
    text = text_of(worker.get("/survey/").get_data(as_text=True))
    assert "This survey is not open yet" in text
    assert f"It opens on {long_en(TODAY + timedelta(days=3))}." in text
    assert "This survey is closed" not in text


def test_a_practice_nobody_could_answer_says_so_instead_of_fewer_than_5_responses(
        app, client, org, wave):
    for _ in range(6):  # none of them could answer either of "mapping"'s two questions
        answer_all(app, org["code"], {"q_paths_defined": "not_applicable",
                                      "q_next_step_known": "not_applicable"})
    log_in(client, org["lead"])
    close_now(client, org)
    results = page(client, org, f"/{wave}").get_data(as_text=True)
    mapping = text_of(next(row for row in re.findall(r"<tr>(.*?)</tr>", results, re.S)
                           if "Pathways mapped" in row))
    assert "fewer than 5 people counted" in mapping and "%" not in mapping
    post_form(client, "/logout")
    log_in(client, org["coach"])
    rows = list(csv.reader(io.StringIO(client.get("/coach/export/survey.csv").data.decode(
        "utf-8-sig"))))
    record = dict(zip(rows[0], rows[1]))
    assert record[next(k for k in rows[0] if "Pathways" in k)] == "fewer than 5 people counted"
    assert record[next(k for k in rows[0] if "Process" in k)] == "100"


def test_the_reports_f3_case_on_the_results_page_shows_one_split_of_the_two(app, client, org,
                                                                            wave):
    people = ([("supervisor", "yes", "agree")] * 5 + [("peer_specialist", "yes", "disagree")]
              + [("peer_specialist", "no", "agree")] * 5)
    for role, lived, choice in people:
        answer_all(app, org["code"], {"q_role": role, "q_lived_experience": lived,
                                      **{k: choice for k in agreement_answers()}})
    log_in(client, org["lead"])
    close_now(client, org)
    results = text_of(page(client, org, f"/{wave}").get_data(as_text=True))
    by_group = results.split("Answers to each question")[1]
    role = by_group.split("What is your role?")[1].split("How long have you worked here?")[0]
    lived = by_group.split("Do you have lived experience")[1].split("What one change")[0]
    hidden = "No group of this question can be shown"
    assert (hidden in role) != (hidden in lived)  # one of the two, never both shown


def test_the_flyer_stays_on_one_page_with_long_names():
    from assessment.survey.flyer import flyer_pdf

    document = flyer_pdf(
        "Puentes de Esperanza – Servicios de Pares del Valle de San Fernando",
        "Encuesta al personal 2026 / Staff survey 2026 (all programs)",
        "https://career-pathways.example-organization.org/s/ABCD2345",
        ("November 23, 2026", "December 14, 2026"),
        ("23 de noviembre de 2026", "14 de diciembre de 2026"))
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Nadie puede ver quién dijo qué." in text and "ABCD2345" in text


def test_a_closed_waves_rows_are_written_again_shuffled_under_new_keys_with_the_same_figures(
        app, client, org, wave):
    from sqlalchemy import select

    from assessment.extensions import db
    from assessment.survey import operations as surveys
    from assessment.survey.models import SurveyAnswer, SurveyOpenAnswer, SurveyResponse
    from assessment.survey.models import SurveyWave as Wave

    for n in range(10):  # written answers are shown from 10 people on
        answer_all(app, org["code"], {"q_one_change": f"Idea {n}"})

    def rows():
        with app.app_context():
            return ({r.id for r in db.session.scalars(select(SurveyResponse))},
                    sorted((a.item_id, a.value) for a in db.session.scalars(select(SurveyAnswer))),
                    {a.id for a in db.session.scalars(select(SurveyAnswer))},
                    sorted(a.value for a in db.session.scalars(select(SurveyOpenAnswer))))
    log_in(client, org["lead"])
    before = rows()
    figures = page(client, org, f"/{wave}").get_data(as_text=True)  # open: nothing rewritten
    assert rows() == before
    with app.app_context():
        surveys.close_wave(db.session.get(Wave, wave), date.today())
    after = rows()
    assert after[0].isdisjoint(before[0]) and after[2].isdisjoint(before[2])  # new keys
    assert (after[1], after[3]) == (before[1], before[3])                     # same answers
    assert len(after[0]) == 10
    with app.app_context():
        assert db.session.get(Wave, wave).sealed
    results = page(client, org, f"/{wave}").get_data(as_text=True)
    assert "Responses" in results and "Idea 9" in results
    assert figures != results  # released now
