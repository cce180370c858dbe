"""Staff survey v2 as a worker and a lead meet it: skipping, consent, "Save and finish
later", pages named for the survey with a page on anonymity, bad input answered in the
worker's language with the answers kept, and the lead's results, exports and comparison
(walkthrough findings 13, 17, 18, 23; issue 11)."""
import csv
import html
import io
import json
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.models import SurveyAnswer, SurveyResponse, SurveyTally
from assessment.survey.questionnaire import SKIPPED, survey
from tests.conftest import csrf_token, log_in
from tests.survey_helpers import answer_all, begin, hidden, phone, post_section

V1, V2 = survey(1), survey(2)
TODAY = date.today()


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


@pytest.fixture
def org(make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


@pytest.fixture
def open_wave(app, org):
    """open_wave(questionnaire, name, opens_on, cycle=False) -> the wave's code."""
    def make(questionnaire=V2, name="Staff survey 2026", opens_on=None, cycle=False):
        with app.app_context():
            organization = db.session.get(Organization, org["organization"].id)
            linked = None
            if cycle:
                linked = capability.start_cycle(organization, "2026 baseline", TODAY)
                rater = capability.add_rater(linked, "Team")
                for practice_id in capability.cycle_rubric(linked).practice_ids:
                    capability.save_rating(rater, practice_id, 3, "")
            wave = operations.open_wave(organization, name, opens_on or TODAY - timedelta(days=1),
                                        TODAY + timedelta(days=20), linked, questionnaire)
            org.setdefault("waves", []).append(wave.id)
            org["wave_id"] = wave.id
            return wave.code
    return make


def scalar(app, statement):
    with app.app_context():
        return db.session.scalar(statement)


def draft(app) -> dict:
    return json.loads(scalar(app, select(SurveyResponse.draft)) or "{}")


def number_of(item_id: str, questionnaire=V2) -> int:
    return questionnaire.item_section(item_id).number


def close(app, org, wave_id=None):
    with app.app_context():
        from assessment.survey.models import SurveyWave
        operations.close_wave(db.session.get(SurveyWave, wave_id or org["wave_id"]), TODAY)


def results_url(org, wave_id=None, suffix=""):
    return f"/organizations/{org['organization'].id}/surveys/{wave_id or org['wave_id']}{suffix}"


# ------------------------------------------------------------------ worker pages

@pytest.mark.parametrize("language, name", [("en", "Staff survey"),
                                            ("es", "Encuesta del personal")])
def test_worker_pages_are_named_for_the_staff_survey_and_link_to_anonymity(app, open_wave,
                                                                           language, name):
    client = phone(app)
    begin(client, open_wave(), language=language)
    for path in ("/survey/", "/survey/section/1"):
        page = client.get(path).get_data(as_text=True)
        assert f'class="brand" href="/survey/">{name}<' in page
        assert f"· {name}</title>" in page
        assert "/survey/anonymity" in page and "/how-scores-work" not in page
        assert "Career Pathways Assessment" not in page
        assert "Evaluación de trayectorias profesionales" not in page


def test_the_anonymity_page_says_plainly_what_is_kept_in_both_languages(app, open_wave):
    client = phone(app)
    client.get(f"/s/{open_wave()}")
    english = text_of(client.get("/survey/anonymity").get_data(as_text=True))
    assert "What we never keep" in english and "groups of 5 people or more" in english
    spanish = text_of(client.get("/survey/anonymity",
                                 headers={"Accept-Language": "es"}).get_data(as_text=True))
    assert "Cómo sus respuestas siguen siendo anónimas" in spanish
    assert "Lo que nunca guardamos" in spanish
    assert app.test_client().get("/survey/anonymity").status_code == 200  # no survey needed


def test_each_section_shows_its_place_and_says_questions_may_be_skipped(app, open_wave):
    client = phone(app)
    begin(client, open_wave(), language="es")
    page = text_of(client.get("/survey/section/3").get_data(as_text=True))
    assert f"Sección 3 de {len(V2.sections)}" in page
    assert "Puede dejar sin contestar cualquier pregunta." in page
    assert "Guardar y continuar más tarde" in page


# ------------------------------------------------------------------ consent

def test_starting_without_ticking_consent_is_refused_in_spanish_and_makes_nothing(app, open_wave):
    client = phone(app)
    begin(client, open_wave(), language="es", consent=False)
    assert scalar(app, select(func.count()).select_from(SurveyResponse)) == 0
    page = client.get("/survey/").get_data(as_text=True)
    response_id, token = hidden(page, "response_id"), hidden(page, "csrf_token")
    refused = client.post("/survey/start", data={"response_id": response_id, "csrf_token": token})
    assert refused.status_code == 400
    assert "Para participar, marque la casilla" in html.unescape(refused.get_data(as_text=True))
    assert scalar(app, select(func.count()).select_from(SurveyResponse)) == 0


def test_a_v1_wave_starts_with_its_button_alone(app, open_wave):
    client = phone(app)
    begin(client, open_wave(V1), consent=False)
    assert scalar(app, select(func.count()).select_from(SurveyResponse)) == 1


# ------------------------------------------------------------------ skipping

def test_skipped_questions_are_sent_as_skipped_never_as_answers(app, open_wave):
    code = open_wave()
    client = phone(app)
    response_id = begin(client, code)
    for section in V2.sections:
        data = {f"q_{i.id}": "agree" for i in section.items if i.type == "agreement"}
        data.pop("q_role_clear", None)                  # skipped
        post_section(client, section.number, response_id, data)  # intent, barriers skipped
    assert scalar(app, select(SurveyResponse.submitted_on)) == TODAY
    with app.app_context():
        answered = set(db.session.scalars(select(SurveyAnswer.item_id)))
        tallies = {(t.item_id, t.value): t.count for t in db.session.scalars(select(SurveyTally))}
    assert "role_clear" not in answered and "intent_to_stay" not in answered
    assert "coworkers_value" in answered
    assert tallies[("role_clear", SKIPPED)] == 1 and tallies[("intent_to_stay", SKIPPED)] == 1
    assert tallies[("barriers", SKIPPED)] == 1 and tallies[("coworkers_value", SKIPPED)] == 0
    assert sum(n for (item, value), n in tallies.items()
               if item == "role_clear" and value != SKIPPED) == 0


def test_results_count_skips_apart_and_shares_use_those_who_answered(app, client, org,
                                                                      open_wave):
    code = open_wave()
    for n in range(6):
        answer_all(app, code, {"q_intent_to_stay": "likely"} if n < 4 else
                   {"q_intent_to_stay": None})
    close(app, org)
    log_in(client, org["lead"])
    page = text_of(client.get(results_url(org)).get_data(as_text=True))
    each = page.split("Answers to each question")[1]
    intent = each.split("How likely are you to still work here")[1][:600]
    assert "Likely 4 (100%)" in intent
    assert "2 people skipped this question; shares are of those who answered." in intent


# ------------------------------------------------------------------ save and finish later

def test_save_and_finish_later_keeps_the_answers_and_shows_the_code_with_what_to_do(
        app, open_wave):
    code = open_wave()
    client = phone(app)
    response_id = begin(client, code, language="es")
    shown_code = re.search(r'class="code">([A-Z0-9]{6})<',
                           client.get("/survey/section/1").get_data(as_text=True)).group(1)
    post_section(client, 1, response_id, {"q_role_clear": "agree"})
    later = post_section(client, 2, response_id, {"q_someone_accountable": "disagree",
                                                  "later": "1"})
    assert later.status_code == 200
    page = text_of(later.get_data(as_text=True))
    assert "Sus respuestas están guardadas" in page and shown_code in page
    assert "Escriba el código" in page and "Continuar con su código" in page
    assert draft(app)["role_clear"] == "agree"
    assert draft(app)["someone_accountable"] == "disagree"
    assert scalar(app, select(SurveyResponse.submitted_on)) is None  # not sent
    # another phone, with the code: back to the section where the worker stopped
    other = phone(app)
    other.get(f"/s/{code}")
    resumed = other.post("/survey/resume", data={"code": shown_code.lower(),
                                                 "csrf_token": csrf_token(other, "/survey/")})
    assert resumed.headers["Location"] == "/survey/section/2"
    again = other.get("/survey/section/2").get_data(as_text=True)
    assert re.search(r'checked[^>]*value="disagree"|value="disagree"[^>]*checked', again)


def test_a_section_skipped_whole_counts_as_done_when_resuming(app, open_wave):
    code = open_wave()
    client = phone(app)
    response_id = begin(client, code)
    shown_code = re.search(r'class="code">([A-Z0-9]{6})<',
                           client.get("/survey/section/1").get_data(as_text=True)).group(1)
    post_section(client, 1, response_id, {})       # nothing answered: moved on
    post_section(client, 2, response_id, {})
    other = phone(app)
    other.get(f"/s/{code}")
    resumed = other.post("/survey/resume", data={"code": shown_code,
                                                 "csrf_token": csrf_token(other, "/survey/")})
    assert resumed.headers["Location"] == "/survey/section/3"


# ------------------------------------------------------------------ bad input

def test_a_v2_wave_answered_with_v1_item_ids_says_so_in_spanish_and_keeps_its_own_answers(
        app, open_wave):
    client = phone(app)
    response_id = begin(client, open_wave(), language="es")
    response = post_section(client, 1, response_id, {"q_role_clear": "agree",
                                                     "q_full_scope": "agree",
                                                     "q_can_advance": "disagree"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "pertenecen a otra encuesta o a otra versión" in page
    assert re.search(r'checked[^>]*value="agree"|value="agree"[^>]*checked', page)
    assert draft(app).get("role_clear") == "agree"
    assert "full_scope" not in draft(app) and "can_advance" not in draft(app)


def test_a_page_of_another_survey_open_in_another_tab_is_saved_to_that_survey(
        app, open_wave):
    v1_code, v2_code = open_wave(V1, "Old survey"), open_wave(V2, "New survey")
    client = phone(app)
    v1_id = begin(client, v1_code)
    v1_token = csrf_token(client, "/survey/section/1")
    client.get(f"/s/{v2_code}")                  # the new survey's link, in another tab
    saved = client.post("/survey/section/1", data={"response_id": v1_id,
                                                   "csrf_token": v1_token,
                                                   "q_full_scope": "agree"})
    assert saved.status_code == 302
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse).where(
            SurveyResponse.public_id == v1_id))
        assert json.loads(response.draft)["full_scope"] == "agree"
        assert response.wave.code == v1_code


@pytest.mark.parametrize("field, value", [("q_role_clear", "9"), ("q_barriers", "aliens"),
                                          ("q_hours", "always"),
                                          ("q_intent_to_stay", "<script>")])
def test_tampered_values_get_a_spanish_message_and_the_page_keeps_the_other_answers(
        app, open_wave, field, value):
    client = phone(app)
    response_id = begin(client, open_wave(), language="es")
    number = number_of(field[2:])
    item_ids = [i.id for i in V2.section(number).items]
    other = next((i for i in V2.section(number).items
                  if f"q_{i.id}" != field and i.choice_ids()), None)
    keep = {f"q_{other.id}": other.choice_ids()[0]} if other else {}
    response = post_section(client, number, response_id, {**keep, field: value})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert re.search(r"Elija (una de las|solo entre las) respuestas", page), page[-2000:]
    if other:  # the page comes back with the worker's other answers still chosen
        assert re.search(rf'checked[^>]*value="{other.choice_ids()[0]}"|'
                         rf'value="{other.choice_ids()[0]}"[^>]*checked', page)
    assert not set(item_ids) & set(draft(app))  # nothing wrong was stored


def test_nonsense_posts_never_give_a_500(app, open_wave):
    client = phone(app)
    response_id = begin(client, open_wave())
    for number in (1, 5, len(V2.sections), 99):
        for data in ({"q_role_clear": ["agree", "disagree"]}, {"q_barriers": "x" * 5000},
                     {"q_" + "z" * 300: "1"}, {"later": "1", "q_one_change": "y" * 2000},
                     {"back": "1", "q_role": "peer_specialist"}):
            status = post_section(client, number, response_id, data).status_code
            assert status in (200, 302, 400, 404), (number, data, status)


# ------------------------------------------------------------------ results for the lead

def many(app, code, rows):
    for answers in rows:
        answer_all(app, code, answers)


def test_intent_and_barriers_are_broken_down_by_role_and_tenure_with_small_groups_hidden(
        app, client, org, open_wave):
    code = open_wave()
    many(app, code, [{"q_role": "peer_specialist", "q_tenure": "over_3",
                      "q_barriers": ["caseload"]}] * 6
         + [{"q_role": "supervisor", "q_tenure": "over_3"}] * 2)
    close(app, org)
    log_in(client, org["lead"])
    page = text_of(client.get(results_url(org)).get_data(as_text=True))
    part = page.split("Intent to stay and barriers, by role and by time here")[1]
    part = part.split("Answers to each question")[0]
    assert "By: What is your role?" in part and "By: How long have you worked here?" in part
    assert "Supervisor or manager" not in part  # 2 people: hidden
    assert "No group of this question can be shown" in part  # role: peers alone would tell
    assert "More than 3 years · 8 people" in part


def test_the_lead_gets_a_results_csv_and_pdf_under_the_same_rules(app, client, org, open_wave):
    code = open_wave()
    log_in(client, org["lead"])
    early = client.get(results_url(org, suffix="/results.csv")).data.decode("utf-8-sig")
    assert "Figures are shown when the survey closes." in early and "Low pay" not in early
    many(app, code, [{"q_role": "peer_specialist", "q_barriers": ["low_salary"],
                      "q_one_change": f"Idea {n}"} for n in range(6)]
         + [{"q_role": "supervisor"}])
    close(app, org)
    rows = list(csv.reader(io.StringIO(
        client.get(results_url(org, suffix="/results.csv")).data.decode("utf-8-sig"))))
    flat = [" | ".join(row) for row in rows]
    assert any(line.startswith("Low pay | 6 |") or "| Low pay | 6 |" in line for line in flat)
    assert any("Staff agreement by practice" in line for line in flat)
    assert not any("Supervisor or manager" in line for line in flat)  # a group of 1
    assert not any("Idea 1" in line for line in flat)                # fewer than 10
    assert any("Written answers are shown once 10 people" in line for line in flat)
    pdf = client.get(results_url(org, suffix="/results.pdf"))
    assert pdf.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Staff agreement by practice" in text and "Supervisor or manager" not in text
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    log_in(client, org["coach"])
    assert client.get(results_url(org, suffix="/results.csv")).status_code == 200


def test_written_answers_reach_the_export_from_10_responses(app, client, org, open_wave):
    code = open_wave()
    many(app, code, [{"q_one_change": f"Idea {n}"} for n in range(10)])
    close(app, org)
    log_in(client, org["lead"])
    exported = client.get(results_url(org, suffix="/results.csv")).data.decode("utf-8-sig")
    assert "Idea 3" in exported


def test_a_v1_and_a_v2_wave_of_one_organization_compare_on_their_shared_items(
        app, client, org, open_wave):
    old = open_wave(V1, "2025 survey", opens_on=TODAY - timedelta(days=300))
    many(app, old, [{"q_role_clear": "disagree"}] * 5)
    close(app, org)
    old_id = org["wave_id"]
    new = open_wave(V2, "2026 survey")
    many(app, new, [{}] * 5)
    close(app, org)
    log_in(client, org["lead"])
    page = text_of(client.get(results_url(org)).get_data(as_text=True))
    compared = page.split("Compared with “2025 survey”")[1]
    row = re.search(r"My role and what I am expected to do are clear\. (\S+) (\S+)", compared)
    assert row.groups() == ("0%", "100%")
    assert re.search(r"I can use all the skills my role calls for\. \S+ no longer asked",
                     compared)
    assert re.search(r"I have chances to move up here\. not asked then \S+", compared)
    assert re.search(r"What makes it hard to grow in your career here\?: Too many cases or too "
                     r"much work not asked then", compared)
    old_page = text_of(client.get(results_url(org, old_id)).get_data(as_text=True))
    assert "Compared with" not in old_page  # nothing earlier to compare with
