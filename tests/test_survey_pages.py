"""The staff survey: a lead opens it, workers answer anonymously, results keep groups hidden."""
import html
import io
import logging
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.models import (
    SurveyAnswer,
    SurveyOpenAnswer,
    SurveyResponse,
    SurveyWave,
)
from tests.conftest import csrf_token, log_in, post_form
from assessment.survey.questionnaire import survey
from tests.survey_helpers import (
    SURVEY,
    agreement_answers,
    answer_all,
    begin,
    phone,
    post_section,
    section_data,
)


@pytest.fixture
def org(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization]), "admin": make_user("admin")}


@pytest.fixture
def wave(app, org):
    """wave(opens_on, closes_on, levels) -> the code of an open wave (linked to a rated cycle)."""
    def make(opens_on=None, closes_on=None, levels=None, questionnaire=None):
        with app.app_context():
            organization = db.session.get(Organization, org["organization"].id)
            cycle = capability.start_cycle(organization, "2026 baseline", date(2026, 1, 15))
            rater = capability.add_rater(cycle, "Team")
            for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids,
                                          levels or [3] * 7):
                capability.save_rating(rater, practice_id, level, "")
            made = operations.open_wave(organization, "Staff survey 2026",
                                        opens_on or date.today() - timedelta(days=1),
                                        closes_on or date.today() + timedelta(days=20), cycle,
                                        questionnaire)
            org["wave_id"], org["cycle_id"] = made.id, cycle.id
            return made.code
    return make


def shown_code(client) -> str:
    """The resume code the survey shows the worker."""
    page = client.get("/survey/section/1").get_data(as_text=True)
    return re.search(r'class="code">([A-Z0-9]{6})<', page).group(1)


def close(app, org):
    with app.app_context():
        operations.close_wave(db.session.get(SurveyWave, org["wave_id"]), date.today())


def reopen(app, org):
    """Test set-up only: the product never opens a closed survey again."""
    with app.app_context():
        wave = db.session.get(SurveyWave, org["wave_id"])
        wave.closes_on, wave.closed_on = date.today() + timedelta(days=5), None
        db.session.commit()


def drafts(app) -> list[str]:
    """The answers in progress, as kept on each response."""
    with app.app_context():
        return list(db.session.scalars(select(SurveyResponse.draft)))


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def results_page(client, org) -> str:
    return html.unescape(client.get(
        f"/organizations/{org['organization'].id}/surveys/{org['wave_id']}").get_data(
        as_text=True))


def test_a_lead_opens_a_survey_and_gets_a_short_link_and_a_bilingual_flyer(app, client, org):
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    response = post_form(client, base, {"name": "Staff survey 2026", "opens_on": "2026-11-01",
                                        "closes_on": "2026-12-15", "cycle_id": 0})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'(?:value="|>)(http://localhost/s/[A-Z0-9]{8})[<"]', page).group(1)
    assert len(link) < 40
    flyer = client.get(response.headers["Location"] + "/flyer.pdf")
    assert flyer.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(flyer.data))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert link in text and "Anonymous: we never ask your name" in text and "Anónima" in text
    assert "December 15, 2026" in text and "15 de diciembre de 2026" in text


def test_a_survey_needs_a_name_and_days_in_order(client, org):
    log_in(client, org["lead"])
    page = post_form(client, f"/organizations/{org['organization'].id}/surveys",
                     {"name": "", "opens_on": "2026-12-01", "closes_on": "2026-11-01",
                      "cycle_id": 0}).get_data(as_text=True)
    assert "Give the survey a name." in page
    assert "The last day must be on or after the first day." in page


def test_a_worker_opens_the_link_the_address_is_cleaned_and_the_note_explains_anonymity(
        app, wave):
    code = wave()
    client = phone(app)
    response = client.get(f"/s/{code}")
    assert response.status_code == 302 and response.headers["Location"] == "/survey/"
    page = html.unescape(client.get("/survey/", headers={"Accept-Language": "es"}).get_data(
        as_text=True))
    assert code not in page
    assert "Es anónima." in page and "La participación es voluntaria." in page
    assert "¿Acepta participar?" in page


def test_a_worker_answers_section_by_section_and_sends(app, wave):
    code = wave()
    client, response_id = answer_all(app, code, {"q_barriers": ["low_salary", "burnout"],
                                                 "q_one_change": "More training days"})
    assert "Thank you" in client.get("/survey/thanks").get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert response.submitted_on == date.today()
        values = {(a.item_id, a.value) for a in response.answers}
        written = db.session.scalars(select(SurveyOpenAnswer.value)).all()
    assert ("barriers", "low_salary") in values and ("barriers", "burnout") in values
    assert written == ["More training days"]  # kept apart from the other answers
    assert len({a for a, _ in values if a in {i.id for i in SURVEY.items("agreement")}}) == \
        len(SURVEY.items("agreement"))


def test_each_section_shows_progress_and_big_answer_choices(app, wave):
    client = phone(app)
    begin(client, wave())
    page = client.get("/survey/section/3").get_data(as_text=True)
    assert f"Section 3 of {len(SURVEY.sections)}" in page
    # three questions, six answers each, and "Prefer not to answer" on the one on stigma
    assert page.count('class="choice"') == 3 * 6 + 1
    assert "Does not apply" in page and "Prefer not to answer" in page


def test_a_double_tap_on_start_makes_one_response(app, wave):
    code = wave()
    client = phone(app)
    response_id = begin(client, code)
    client.post("/survey/start", data={"response_id": response_id,
                                       "csrf_token": csrf_token(client, "/survey/")})
    assert count(app, SurveyResponse) == 1


def test_a_skipped_question_is_not_asked_for_and_the_other_answers_are_kept(app, wave):
    client = phone(app)
    response_id = begin(client, wave(), language="es")
    data = section_data(1, agreement_answers())
    data.pop("q_full_scope_allowed")
    response = post_section(client, 1, response_id, data)
    assert response.headers["Location"] == "/survey/section/2"
    with app.app_context():
        kept = operations.stored_answers(db.session.scalar(select(SurveyResponse)),
                                         SURVEY.section(1))
    assert kept == {"role_clear": "agree", "coworkers_value": "agree"}


@pytest.mark.parametrize("field, value", [
    ("q_role_clear", "9"), ("q_role_clear", "agree'; --"), ("q_barriers", "aliens"),
    ("q_gender", "robot"), ("q_intent_to_stay", "maybe"),
])
def test_tampered_values_get_a_message_and_nothing_is_saved(app, wave, field, value):
    client = phone(app)
    response_id = begin(client, wave())
    answers = {**agreement_answers(), "q_intent_to_stay": "likely", field: value}
    section = next(s.number for s in SURVEY.sections if any(f"q_{i.id}" == field for i in s.items))
    for number in range(1, section):
        post_section(client, number, response_id, section_data(number, answers))
    before = drafts(app)
    response = post_section(client, section, response_id, section_data(section, answers))
    assert response.status_code == 400
    assert re.search(r"Choose (one of|only from) the answers shown|Please answer this question",
                     response.get_data(as_text=True))
    assert drafts(app) == before


def test_an_unknown_or_closed_wave_gets_a_clear_page(app, wave):
    assert "Open the survey link again" in app.test_client().get("/s/NOPE1234").get_data(
        as_text=True)
    code = wave(opens_on=date.today() - timedelta(days=30),
                closes_on=date.today() - timedelta(days=1))
    client = phone(app)
    client.get(f"/s/{code}")
    page = client.get("/survey/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Esta encuesta está cerrada" in page


def test_a_worker_stops_and_continues_later_with_the_code_on_another_phone(app, wave):
    code = wave()
    first = phone(app)
    response_id = begin(first, code)
    post_section(first, 1, response_id, section_data(1, agreement_answers()))
    page = first.get("/survey/section/2").get_data(as_text=True)
    resume_code = re.search(r'<strong class="code">([A-Z0-9]{6})</strong>', page).group(1)

    later = phone(app)
    later.get(f"/s/{code}")
    token = csrf_token(later, "/survey/")
    response = later.post("/survey/resume", data={"code": resume_code.lower(), "csrf_token": token})
    assert response.headers["Location"] == "/survey/section/2"
    page = later.get("/survey/section/1").get_data(as_text=True)
    assert page.count("checked") == len(SURVEY.section(1).items)


def test_a_wrong_or_expired_code_gets_a_clear_message(app, wave):
    code = wave()
    client = phone(app)
    response_id = begin(client, code)
    post_section(client, 1, response_id, section_data(1, agreement_answers()))
    resume_code = shown_code(client)
    other = phone(app)
    other.get(f"/s/{code}")
    token = csrf_token(other, "/survey/")
    page = other.post("/survey/resume", data={"code": "ZZZZZZ", "csrf_token": token}).get_data(
        as_text=True)
    assert "We could not find this code." in page
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        response.started_on = date.today() - timedelta(days=31)
        db.session.commit()
    page = other.post("/survey/resume", data={"code": resume_code, "csrf_token": token}).get_data(
        as_text=True)
    assert "This code has expired." in page


def test_a_form_sent_after_its_token_expired_comes_back_with_the_answers(app, wave):
    client = phone(app)
    response_id = begin(client, wave())
    data = section_data(1, agreement_answers("strongly_agree"))
    response = client.post("/survey/section/1",
                           data={"response_id": response_id, "csrf_token": "expired", **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your answers are still here." in page
    assert page.count("checked") == len(data)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    again = client.post("/survey/section/1", data={"response_id": response_id,
                                                   "csrf_token": token, **data})
    assert again.status_code == 302


def test_nothing_that_could_identify_a_worker_is_stored_or_logged(app, wave, caplog):
    with app.app_context():
        names = {column.name for column in SurveyResponse.__table__.columns}
        names |= {column.name for column in SurveyAnswer.__table__.columns}
        assert names == {"id", "wave_id", "public_id", "resume_digest", "language",
                         "started_on", "submitted_on", "draft", "response_id",
                         "item_id", "value"}
        for column in ("started_on", "submitted_on"):
            assert str(SurveyResponse.__table__.columns[column].type) == "DATE"
    with caplog.at_level(logging.DEBUG):
        client, response_id = answer_all(app, wave())
    assert response_id not in caplog.text


def test_results_stay_hidden_below_five_responses(app, client, org, wave):
    code = wave()
    for _ in range(4):
        answer_all(app, code)
    close(app, org)
    log_in(client, org["lead"])
    page = results_page(client, org)
    assert "The survey closed with fewer than 5 responses: no figures can be shown." in page
    assert "%" not in page.split("<h2>Responses</h2>")[1]
    assert "Survey link" not in page and "flyer" not in page  # nothing left to share


def test_results_show_shares_barriers_and_blind_spots_from_five_responses(app, client, org,
                                                                        wave):
    code = wave(levels=[4, 3, 3, 3, 3, 3, 1])  # the team rates "mapping" Well-Developed
    for n in range(6):
        answers = {"q_paths_defined": "disagree" if n < 4 else "agree",
                   "q_barriers": ["low_salary"] + (["burnout"] if n < 2 else [])}
        answer_all(app, code, answers, language="es" if n == 0 else None)
    log_in(client, org["coach"])
    page = results_page(client, org)
    assert "Figures are shown when the survey closes" in page and "33%" not in page
    close(app, org)
    page = results_page(client, org)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    mapping = next(r for r in rows if "Pathways mapped" in r)
    assert "33%" in mapping and "Blind spot" in mapping
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Low pay 6 (100%)" in text and "Burnout 2 (33%)" in text
    # 5 vs 1: Spanish hidden, so English too
    assert "English: fewer than 5 responses · Spanish: fewer than 5 responses" in text
    profile = html.unescape(client.get(
        f"/organizations/{org['organization'].id}/cycles/{org['cycle_id']}/profile").get_data(
        as_text=True))
    mapping_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", profile, re.S)
                       if "Pathways mapped" in r)
    assert "33%" in mapping_row and "Blind spot" in mapping_row


def test_a_lead_closes_the_survey_to_read_the_results(app, client, org, wave):
    code = wave()
    for _ in range(5):
        answer_all(app, code)
    log_in(client, org["lead"])
    response = post_form(client, f"/organizations/{org['organization'].id}/surveys/"
                                 f"{org['wave_id']}/close")
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "The survey is closed." in page and "Staff agreement by practice" in page
    fresh = phone(app)
    fresh.get(f"/s/{code}")
    assert "This survey is closed" in fresh.get("/survey/").get_data(as_text=True)


def test_breakdowns_hide_small_groups_and_the_next_smallest(app, client, org, wave):
    code = wave()
    roles = ["peer_specialist"] * 6 + ["supervisor"] * 5 + ["family_specialist"] * 2
    for role in roles:
        answer_all(app, code, {"q_role": role})
    close(app, org)
    log_in(client, org["lead"])
    page = results_page(client, org)
    role_block = page.split("What is your role?")[-1].split("<h3>")[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", role_block))
    assert "Peer support specialist · 6 people" in text
    hidden = text.split("Not shown")[1]
    assert "Supervisor or manager" in hidden                            # the next-smallest
    assert "Parent or family support specialist" in hidden
    assert "Supervisor or manager ·" not in text


def test_open_answers_need_ten_responses_and_only_lead_and_coach_read_them(app, client, org,
                                                                          wave):
    code = wave()
    for n in range(9):
        answer_all(app, code, {"q_one_change": f"Idea number {n}"})
    close(app, org)
    log_in(client, org["lead"])
    assert "Idea number" not in results_page(client, org)
    reopen(app, org)
    answer_all(app, code, {"q_one_change": "Idea number 9"})
    close(app, org)
    assert results_page(client, org).count("Idea number") == 10
    post_form(client, "/logout")
    log_in(client, org["admin"])
    assert "Idea number" not in results_page(client, org)


def test_the_plan_takes_blind_spots_into_account(app, client, org, wave):
    code = wave(levels=[4, 4, 4, 3, 4, 4, 4])
    for _ in range(5):
        answer_all(app, code, {"q_paths_defined": "strongly_disagree"})
    close(app, org)
    log_in(client, org["lead"])
    post_form(client, f"/organizations/{org['organization'].id}/cycles/{org['cycle_id']}"
                      "/plan/generate")
    page = html.unescape(client.get(
        f"/organizations/{org['organization'].id}/cycles/{org['cycle_id']}/plan").get_data(
        as_text=True))
    assert "Staff see it less well developed than the team does." in page
    pdf = client.get(f"/organizations/{org['organization'].id}/cycles/{org['cycle_id']}"
                     "/plan/pdf?lang=es")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
                    .split())
    assert "Encuesta del personal 2026" not in text  # the wave's own name is shown as given
    assert "Staff survey 2026" in text and "Punto ciego" in text and " 0% " in text


def test_many_workers_answering_at_once_store_exactly_one_response_each(app, wave):
    import threading

    from werkzeug.serving import make_server

    from bench.survey_load import run

    code = wave(questionnaire=survey(1))  # bench/survey_load answers version 1
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run(f"http://127.0.0.1:{server.server_port}", code, workers=20, concurrency=10)
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert result["errors"] == []
    assert count(app, SurveyResponse, SurveyResponse.submitted_on.is_not(None)) == 20
    assert count(app, SurveyResponse) == 20
    from assessment.survey.models import SurveyTally
    with app.app_context():  # every sent answer counted once in the tallies
        tallied = db.session.scalar(select(func.sum(SurveyTally.count)).where(
            SurveyTally.item_id == "role_clear"))
    assert tallied == 20


def test_wrong_codes_from_one_phone_do_not_lock_out_another(app, wave):
    code = wave()
    first = phone(app)
    response_id = begin(first, code)
    post_section(first, 1, response_id, section_data(1, agreement_answers()))
    resume_code = shown_code(first)
    guesser = phone(app)
    guesser.get(f"/s/{code}")
    token = csrf_token(guesser, "/survey/")
    for _ in range(20):
        guesser.post("/survey/resume", data={"code": "ZZZZZZ", "csrf_token": token},
                     environ_base={"REMOTE_ADDR": "127.0.0.9"})
    refused = guesser.post("/survey/resume", data={"code": resume_code, "csrf_token": token},
                           environ_base={"REMOTE_ADDR": "127.0.0.9"})
    assert refused.status_code == 429
    worker = phone(app)
    worker.get(f"/s/{code}")
    response = worker.post("/survey/resume", data={"code": resume_code,
                                                   "csrf_token": csrf_token(worker, "/survey/")})
    assert response.headers["Location"] == "/survey/section/2"


def test_going_back_saves_the_valid_answers_without_asking_for_the_rest(app, wave):
    client = phone(app)
    response_id = begin(client, wave())
    post_section(client, 1, response_id, section_data(1, agreement_answers()))
    growth = SURVEY.item_section("paths_defined")
    response = post_section(client, growth.number, response_id, {
        "q_paths_defined": "agree", "q_can_move_up": "bogus", "back": "1"})
    assert response.headers["Location"] == f"/survey/section/{growth.number - 1}"
    with app.app_context():
        kept = operations.stored_answers(db.session.scalar(select(SurveyResponse)), growth)
    assert kept == {"paths_defined": "agree"}  # "bogus" left out, nothing asked for


def test_the_code_of_a_sent_survey_is_forgotten_and_the_message_says_nothing_is_left_to_do(
        app, wave):
    code = wave()
    client = phone(app)
    response_id = begin(client, code)
    page = client.get("/survey/section/1").get_data(as_text=True)
    resume_code = re.search(r'class="code">([A-Z0-9]{6})<', page).group(1)
    answers = {**agreement_answers(), "q_intent_to_stay": "likely"}
    for number in range(1, len(SURVEY.sections) + 1):
        post_section(client, number, response_id, section_data(number, answers))
    other = phone(app)
    other.get(f"/s/{code}")
    response = other.post("/survey/resume", data={"code": resume_code,
                                                  "csrf_token": csrf_token(other, "/survey/")})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "If you already sent your answers, there is nothing more to do" in page
    assert "Continue where you left off" not in client.get("/survey/").get_data(as_text=True)


def test_the_development_server_does_not_log_survey_requests():
    import logging

    from assessment import _survey_requests_unlogged

    def line(path):
        return logging.LogRecord("werkzeug", logging.INFO, "", 0,
                                 '127.0.0.1 - - [23/Nov/2026 13:00:00] "%s" 200 -',
                                 (f"POST {path} HTTP/1.1",), None)
    assert not _survey_requests_unlogged(line("/survey/section/3"))
    assert not _survey_requests_unlogged(line("/s/ABCD2345"))
    assert _survey_requests_unlogged(line("/login"))
