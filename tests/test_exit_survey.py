"""The exit survey: a lead opens it as its own wave for staff who are leaving; they say
why, in English or Spanish, skipping what they want; results follow the survey's rules."""
import html
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.instruments import EXIT_ID, exit_survey, instrument
from assessment.survey.models import (
    SurveyAnswer,
    SurveyOpenAnswer,
    SurveyResponse,
    SurveyWave,
)
from tests.conftest import csrf_token, log_in, post_form
from tests.survey_helpers import begin, hidden, phone, post_section

EXIT = exit_survey()


@pytest.fixture
def org(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


def open_exit_wave(app, org) -> dict:
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        wave = operations.open_wave(organization, "Leavers 2026",
                                    date.today() - timedelta(days=1),
                                    date.today() + timedelta(days=30), None, EXIT)
        return {"code": wave.code, "id": wave.id}


EXIT_ANSWERS = {
    1: {"q_reasons": ["pay", "no_way_up"], "q_reasons_other": "The commute was long."},
    2: {"q_career_part": "a_lot", "q_career_factors": ["no_way_up", "pay"],
        "q_would_have_kept": ["better_pay", "promotion"],
        "q_one_change": "A clear step up after two years."},
    3: {"q_next_step": "behavioral_health", "q_role": "peer_specialist", "q_tenure": "1_to_3"},
}


def leave(app, wave_code: str, answers: dict | None = None, language: str | None = None):
    """A leaving worker answers every section (or what `answers` holds) and sends."""
    client = phone(app)
    response_id = begin(client, wave_code, language)
    for number in range(1, len(EXIT.sections) + 1):
        data = (answers if answers is not None else EXIT_ANSWERS).get(number, {})
        response = post_section(client, number, response_id, data)
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return client


def close(app, wave_id: int):
    with app.app_context():
        operations.close_wave(db.session.get(SurveyWave, wave_id), date.today())


def page_of(client, org, wave_id: int) -> str:
    return html.unescape(client.get(
        f"/organizations/{org['organization'].id}/surveys/{wave_id}").get_data(as_text=True))


def test_the_exit_survey_asks_why_what_would_have_kept_them_career_paths_and_what_next():
    ids = {item.id for item in EXIT.items()}
    assert {"reasons", "reasons_other", "would_have_kept", "career_part", "career_factors",
            "next_step", "role", "tenure"} <= ids
    assert {"no_way_up", "pay", "training"} <= set(EXIT.item("career_factors").choice_ids())
    assert EXIT.title.en == "Exit survey" and EXIT.title.es == "Encuesta de salida"
    # Every question can be skipped, and every text is in both languages.
    assert not any(item.required for item in EXIT.items())
    for item in EXIT.items():
        assert item.text.en and item.text.es
        assert all(choice.text.en and choice.text.es for choice in item.choices)


def test_a_lead_opens_an_exit_survey_as_its_own_wave(app, client, org):
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    response = post_form(client, base, {"name": "Leavers 2026", "opens_on": "2026-11-01",
                                        "closes_on": "2099-12-15", "cycle_id": 0,
                                        "kind": EXIT_ID})
    assert response.status_code == 302
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "Exit survey" in page and "Leavers 2026" in page
    with app.app_context():
        wave = db.session.scalar(select(SurveyWave))
        assert (wave.questionnaire_id, wave.questionnaire_version, wave.cycle_id) == (
            EXIT_ID, 1, None)


def test_an_exit_survey_on_a_cycle_is_refused_with_a_clear_message_and_the_form_kept(
        app, client, org):
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, org["organization"].id),
                                       "2026 baseline", date(2026, 1, 15))
        cycle_id = cycle.id
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    response = post_form(client, base, {"name": "Leavers on a cycle", "opens_on": "2026-11-01",
                                        "closes_on": "2099-12-15", "cycle_id": cycle_id,
                                        "kind": EXIT_ID})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "An exit survey is not compared with a cycle's ratings" in page
    assert 'value="Leavers on a cycle"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyWave)) == 0


def test_an_unknown_kind_of_survey_is_refused_with_a_clear_message(client, org):
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    response = post_form(client, base, {"name": "X", "opens_on": "2026-11-01",
                                        "closes_on": "2099-12-15", "cycle_id": 0,
                                        "kind": "capability"})
    assert response.status_code == 400
    assert "Choose which survey to open." in response.get_data(as_text=True)


def test_a_leaving_worker_answers_in_spanish_and_can_skip_every_question(app, org):
    wave = open_exit_wave(app, org)
    client = phone(app)
    client.post("/language", data={"lang": "es", "next": "/", "csrf_token": csrf_token(client)})
    client.get(f"/s/{wave['code']}")
    start = html.unescape(client.get("/survey/").get_data(as_text=True))
    assert "Encuesta de salida" in start and "lo que le habría hecho quedarse" in start
    response_id = begin(client, wave["code"])
    first = html.unescape(client.get("/survey/section/1").get_data(as_text=True))
    assert "¿Por qué se va o por qué se fue?" in first
    for number in range(1, len(EXIT.sections) + 1):
        assert post_section(client, number, response_id, {}).status_code == 302
    assert "Gracias" in client.get("/survey/thanks").get_data(as_text=True)
    with app.app_context():
        sent = db.session.scalar(select(SurveyResponse))
        assert sent.submitted_on == date.today() and sent.language == "es"
        assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_exit_answers_are_stored_and_counted_as_the_exit_survey_items(app, org):
    wave = open_exit_wave(app, org)
    leave(app, wave["code"])
    with app.app_context():
        stored = set(db.session.execute(select(SurveyAnswer.item_id, SurveyAnswer.value)).all())
        assert ("reasons", "pay") in stored and ("career_part", "a_lot") in stored
        assert ("role", "peer_specialist") in stored
        written = set(db.session.scalars(select(SurveyOpenAnswer.value)))
        assert written == {"The commute was long.", "A clear step up after two years."}


def test_staff_survey_items_posted_to_an_exit_wave_are_not_stored(app, org):
    wave = open_exit_wave(app, org)
    client = phone(app)
    response_id = begin(client, wave["code"])
    response = post_section(client, 1, response_id,
                            {"q_role_clear": "agree", "q_reasons": ["pay"]})
    assert response.status_code == 400
    assert "belong to another survey" in html.unescape(response.get_data(as_text=True))
    for number in range(1, len(EXIT.sections) + 1):
        data = {1: {"q_reasons": ["pay"]}}.get(number, {})
        assert post_section(client, number, response_id, data).status_code == 302
    with app.app_context():
        assert set(db.session.execute(select(SurveyAnswer.item_id, SurveyAnswer.value))) == {
            ("reasons", "pay")}


def test_a_choice_of_another_questionnaire_gets_a_clear_message_and_keeps_the_answers(app, org):
    wave = open_exit_wave(app, org)
    client = phone(app)
    response_id = begin(client, wave["code"])
    response = post_section(client, 2, response_id, {
        "q_career_part": "strongly_agree", "q_one_change": "Kept text"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Choose one of the answers shown." in page and "Kept text" in page


def test_a_page_of_the_staff_survey_posted_after_opening_the_exit_survey_is_saved_to_its_own(
        app, org):
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        staff = operations.open_wave(organization, "Staff 2026", date.today(),
                                     date.today() + timedelta(days=9), None)
        staff_code = staff.code
    exit_wave = open_exit_wave(app, org)
    client = phone(app)
    staff_response = begin(client, staff_code)
    page = client.get("/survey/section/1").get_data(as_text=True)
    token = hidden(page, "csrf_token")
    client.get(f"/s/{exit_wave['code']}")   # a second tab opens the exit survey
    response = client.post("/survey/section/1", data={
        "response_id": staff_response, "csrf_token": token, "q_role_clear": "agree",
        "q_full_scope_allowed": "agree", "q_coworkers_value": "agree"})
    assert response.status_code == 302 and response.location.endswith("/survey/section/2")
    followed = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "This page belongs to the survey “Staff 2026”" in followed
    with app.app_context():
        draft = db.session.scalar(select(SurveyResponse.draft).where(
            SurveyResponse.public_id == staff_response))
        assert '"role_clear": "agree"' in draft


def test_exit_results_are_hidden_until_the_wave_closes(app, client, org):
    wave = open_exit_wave(app, org)
    for _ in range(5):
        leave(app, wave["code"])
    log_in(client, org["lead"])
    page = page_of(client, org, wave["id"])
    assert "Figures are shown when the survey closes" in page
    assert "The pay was too low to live on" not in page


def test_a_closed_exit_wave_with_fewer_than_5_responses_shows_no_figure(app, client, org):
    wave = open_exit_wave(app, org)
    for _ in range(4):
        leave(app, wave["code"])
    close(app, wave["id"])
    log_in(client, org["lead"])
    page = page_of(client, org, wave["id"])
    assert "fewer than 5 responses: no figures can be shown" in page
    assert "The pay was too low to live on" not in page


def test_a_closed_exit_wave_shows_why_people_left_and_hides_small_groups(app, client, org):
    wave = open_exit_wave(app, org)
    for _ in range(5):
        leave(app, wave["code"])
    leave(app, wave["code"], {3: {"q_role": "supervisor"}})
    close(app, wave["id"])
    log_in(client, org["lead"])
    page = page_of(client, org, wave["id"])
    assert "The pay was too low to live on" in page and "5 (100%)" in page  # of those who answered
    assert "Yes, a lot" in page
    # Role: 5 peer specialists and 1 supervisor; the supervisor's group is too small,
    # and so is the next-smallest, so neither can be worked out.
    assert "Peer support specialist: 5 people" not in page
    assert "Supervisor or manager: 1 person" not in page
    # Written answers: only from 10 responses.
    assert "Written answers are shown once 10 people have answered" in page
    assert "The commute was long." not in page


def test_written_exit_answers_are_shown_to_the_lead_from_10_responses(app, client, org):
    wave = open_exit_wave(app, org)
    for _ in range(10):
        leave(app, wave["code"])
    close(app, wave["id"])
    log_in(client, org["lead"])
    page = page_of(client, org, wave["id"])
    assert "The commute was long." in page and "A clear step up after two years." in page
    assert "1 to 3 years: 10 people" in page


def test_exit_waves_are_left_out_of_the_coach_survey_export_and_counts(app, client, org):
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        operations.open_wave(organization, "Staff 2026", date.today() - timedelta(days=3),
                             date.today() + timedelta(days=9), None)
    wave = open_exit_wave(app, org)
    leave(app, wave["code"])
    log_in(client, org["coach"])
    export = client.get("/coach/export/survey.csv")
    assert export.status_code == 200
    text_sent = export.get_data(as_text=True)
    assert "Staff 2026" in text_sent and "Leavers 2026" not in text_sent


def test_instrument_picks_the_questionnaire_a_wave_asks():
    assert instrument(EXIT_ID, 1).id == EXIT_ID
    assert instrument("staff-survey", 1).id == "staff-survey"


def test_an_exit_waves_flyer_says_exit_survey_in_both_languages(app, client, org):
    wave = open_exit_wave(app, org)
    log_in(client, org["lead"])
    flyer = client.get(f"/organizations/{org['organization'].id}/surveys/{wave['id']}/flyer.pdf")
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(flyer.data)).pages)
    assert "Exit survey" in printed and "Encuesta de salida" in printed
    assert "Staff survey: growing" not in printed


def test_exit_survey_pages_name_the_exit_survey_and_speak_to_someone_leaving(app, org):
    wave = open_exit_wave(app, org)
    client = phone(app)
    client.get(f"/s/{wave['code']}")
    start = html.unescape(client.get("/survey/").get_data(as_text=True))
    assert "<title>" in start and "· Exit survey</title>" in start
    assert "It would like to know why, and what would have kept you" in start
    assert "grow their careers" not in start
    client = leave(app, wave["code"])
    thanks = html.unescape(client.get("/survey/thanks").get_data(as_text=True))
    assert "We wish you well in what comes next." in thanks
