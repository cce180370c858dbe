"""Every answer counted once and nobody singled out: double taps, resends, races, a shared
phone after sending, padding with made-up responses (security review F1, F2, F4, F11,
F12, F17, F21). The races run for real, against gunicorn with 4 workers on the test's own
database (SQLite, or PostgreSQL when DATABASE_URL is set)."""
import html
import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select, text

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.agreement import practice_key
from assessment.survey.questionnaire import SKIPPED, survey
from assessment.survey.models import (
    SurveyAnswer,
    SurveyResponse,
    SurveyStartCount,
    SurveyTally,
    SurveyWave,
)
from bench.survey_load import Phone, answers_for
from tests.conftest import csrf_token, log_in
from tests.live_gunicorn import at_once, gunicorn_server  # noqa: F401
from tests.survey_helpers import begin, hidden, phone, post_section
from tests.survey_helpers import full_answers as any_full_answers
from tests.survey_helpers import section_data as any_section_data

# These promises are about the engine, whatever the questionnaire: they run on waves of
# version 1 (which must keep working; bench/survey_load answers it), and v2's own pages
# are tested in test_survey_v2.py.
SURVEY = survey(1)
LAST = len(SURVEY.sections)


def full_answers(answers=None):
    return any_full_answers(answers, SURVEY)


def section_data(number, answers):
    return any_section_data(number, answers, SURVEY)
AGREEMENT_ITEMS = len(SURVEY.items("agreement"))


@pytest.fixture
def org(make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization)}


@pytest.fixture
def code(app, org):
    with app.app_context():
        wave = operations.open_wave(db.session.get(Organization, org["organization"].id),
                                    "Staff survey 2026", date.today() - timedelta(days=1),
                                    date.today() + timedelta(days=20), None, SURVEY)
        org["wave_id"] = wave.id
        return wave.code


def scalar(app, statement):
    with app.app_context():
        return db.session.scalar(statement)


def count(app, model, *where):
    return scalar(app, select(func.count()).select_from(model).where(*where))


def tally(app, item_id, value=None):
    """Answers counted for the item (or for one choice of it); skips are not answers."""
    where = [SurveyTally.item_id == item_id] + ([SurveyTally.value == value] if value else
                                                [SurveyTally.value != SKIPPED])
    return scalar(app, select(func.coalesce(func.sum(SurveyTally.count), 0)).where(*where))


def up_to_last_section(client, code):
    """A worker answers every section but the last; returns the response id."""
    response_id = begin(client, code)
    for number in range(1, LAST):
        assert post_section(client, number, response_id,
                            section_data(number, full_answers())).status_code == 302
    return response_id


def session_of(app, client) -> dict:
    """The worker's session as anyone holding the phone could decode it."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


# ------------------------------------------------------------------ sending once (F1)

def test_a_double_tap_on_send_counts_the_answers_once(app, code):
    client = phone(app)
    response_id = up_to_last_section(client, code)
    data = {"response_id": response_id, "csrf_token": csrf_token(client, "/survey/"),
            "q_role": "supervisor"}
    first = client.post(f"/survey/section/{LAST}", data=data)
    second = client.post(f"/survey/section/{LAST}", data=data)
    assert first.headers["Location"] == "/survey/thanks"
    assert second.status_code == 409
    assert count(app, SurveyResponse, SurveyResponse.submitted_on.is_not(None)) == 1
    assert tally(app, "role", "supervisor") == 1 and tally(app, "role_clear") == 1
    assert count(app, SurveyAnswer, SurveyAnswer.item_id == "role_clear") == 1
    assert tally(app, practice_key("process")) == 1


def test_an_answer_cannot_be_stored_twice(app, code):
    from sqlalchemy.exc import IntegrityError

    client = phone(app)
    response_id = up_to_last_section(client, code)
    post_section(client, LAST, response_id, {})
    with app.app_context():
        answer = db.session.scalar(select(SurveyAnswer).where(SurveyAnswer.item_id == "mentor"))
        db.session.add(SurveyAnswer(response_id=answer.response_id, item_id="mentor",
                                    value=answer.value))
        with pytest.raises(IntegrityError):
            db.session.commit()


# ------------------------------------------------------------------ after sending (F4, F11)

def test_after_sending_the_browser_keeps_nothing_that_leads_to_the_response(app, code):
    client = phone(app)
    response_id = up_to_last_section(client, code)
    resume_code = re.search(r'class="code">([A-Z0-9]{6})<', client.get(
        "/survey/section/1").get_data(as_text=True)).group(1)
    post_section(client, LAST, response_id, {})
    kept = session_of(app, client)
    assert "survey_response" not in kept and "survey_code" not in kept
    assert response_id not in str(kept) and resume_code not in str(kept)
    with app.app_context():  # nor does the database keep the keys the phone held
        response = db.session.scalar(select(SurveyResponse))
        assert (response.public_id, response.resume_digest, response.draft) == (None, None,
                                                                                None)


@pytest.mark.parametrize("holder", ["same phone", "another browser with the old id"])
def test_any_post_for_a_sent_response_gets_the_same_page_whatever_it_holds(app, code, holder):
    client = phone(app)
    response_id = up_to_last_section(client, code)
    post_section(client, LAST, response_id, {"q_gender": "woman"})
    poster = client if holder == "same phone" else phone(app)
    if poster is not client:
        poster.get(f"/s/{code}")
    token = csrf_token(poster, "/survey/")
    true_section_1 = section_data(1, full_answers())
    other_section_1 = section_data(1, full_answers({"q_role_clear": "disagree"}))
    guesses = [(1, true_section_1), (1, other_section_1), (2, {"q_mentor": "agree", "back": "1"}),
               (LAST, {}), (LAST, {"q_gender": "woman"}), (LAST, {"q_gender": "man"}),
               (4, {"q_intent_to_stay": "very_unlikely"})]
    pages = set()
    for number, data in guesses:
        response = poster.post(f"/survey/section/{number}",
                               data={"response_id": response_id, "csrf_token": token, **data})
        body = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
        pages.add((response.status_code, body))
    assert len(pages) == 1  # one answer for every guess: the stored answers stay unknown
    assert "Nothing new was saved" in html.unescape(pages.pop()[1])
    assert count(app, SurveyAnswer, SurveyAnswer.value.in_(["man", "very_unlikely"])) == 0


def test_save_and_go_back_on_a_sent_response_never_gives_a_500(app, code):
    client = phone(app)
    response_id = up_to_last_section(client, code)
    post_section(client, LAST, response_id, {})
    response = client.post("/survey/section/2", data={
        "response_id": response_id, "csrf_token": csrf_token(client, "/survey/"),
        "q_paths_defined": "strongly_disagree", "back": "1"})
    assert response.status_code == 409
    assert "Nothing new was saved" in response.get_data(as_text=True)


# ------------------------------------------------------------------ tokens (F21)

def test_going_back_checks_the_token_and_keeps_the_answers_when_it_expired(app, code):
    client = phone(app)
    response_id = begin(client, code)
    post_section(client, 1, response_id, section_data(1, full_answers()))
    data = {"response_id": response_id, "back": "1", "q_paths_defined": "strongly_disagree"}
    refused = client.post("/survey/section/2", data={**data, "csrf_token": "expired"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Your answers are still here." in page
    assert re.search(r'checked[^>]*value="strongly_disagree"|value="strongly_disagree"[^>]*checked',
                     page)
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert "paths_defined" not in operations.stored_answers(response, SURVEY.section(2))
    again = client.post("/survey/section/2", data={**data,
                                                   "csrf_token": hidden(page, "csrf_token")})
    assert again.headers["Location"] == "/survey/section/1"
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert operations.stored_answers(response, SURVEY.section(2)) == {
            "paths_defined": "strongly_disagree"}


def test_every_survey_post_without_its_token_changes_nothing(app, code):
    client = phone(app)
    response_id = begin(client, code)
    before = scalar(app, select(SurveyResponse.draft))
    for number in range(1, LAST + 1):
        for extra in ({}, {"back": "1"}):
            response = client.post(f"/survey/section/{number}", data={
                "response_id": response_id, **section_data(number, full_answers()), **extra})
            assert response.status_code == 400
    assert client.post("/survey/start", data={"response_id": response_id}).status_code == 400
    assert scalar(app, select(SurveyResponse.draft)) == before
    assert count(app, SurveyResponse) == 1


# ------------------------------------------------------------------ padding (F2)

def test_one_browser_sends_at_most_one_response_per_survey(app, code):
    client = phone(app)
    response_id = up_to_last_section(client, code)
    resume_elsewhere = re.search(r'class="code">([A-Z0-9]{6})<', client.get(
        "/survey/section/1").get_data(as_text=True)).group(1)
    post_section(client, LAST, response_id, {})
    page = html.unescape(client.get("/survey/").get_data(as_text=True))
    assert "Answers to this survey were already sent from this browser." in page
    assert "Yes, start the survey" not in page
    again = client.post("/survey/start", data={"response_id": "0b8f8a38-7d8a-4c8e-9a3c-"
                                                              "8f0b2d7c1e55",
                                               "csrf_token": csrf_token(client, "/survey/")})
    assert again.status_code == 409
    resumed = client.post("/survey/resume", data={"code": resume_elsewhere,
                                                  "csrf_token": csrf_token(client, "/survey/")})
    assert resumed.status_code == 409
    assert count(app, SurveyResponse) == 1


def test_starting_is_limited_per_client_and_per_wave_and_stores_no_address(app, code):
    app.config.update(SURVEY_STARTS_PER_CLIENT_HOUR=3, SURVEY_STARTS_PER_WAVE_HOUR=5)
    office = [app.test_client() for _ in range(4)]
    for client in office:
        client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for client in office[:3]:
        begin(client, code)
    office[3].get(f"/s/{code}")
    page = office[3].get("/survey/").get_data(as_text=True)
    refused = office[3].post("/survey/start", data={"response_id": hidden(page, "response_id"),
                                                    "csrf_token": hidden(page, "csrf_token"),
                                                    "consent": "y"})
    assert refused.status_code == 429
    assert "try again in an hour" in html.unescape(refused.get_data(as_text=True))
    assert count(app, SurveyResponse) == 3
    begin(phone(app), code)
    begin(phone(app), code)                      # the wave's 5th start this hour
    begin(phone(app), code)                      # the 6th is refused, from anywhere
    assert count(app, SurveyResponse) == 5
    with app.app_context():
        kept = " ".join(f"{row.key_digest} {row.hour}"
                        for row in db.session.scalars(select(SurveyStartCount)))
        assert "203.0.113.7" not in kept and code not in kept
        assert all(row.hour.minute == 0 and row.hour.second == 0
                   for row in db.session.scalars(select(SurveyStartCount)))


def test_counts_of_past_hours_are_deleted(app):
    from datetime import datetime

    from assessment.survey import limits

    keys = limits.StartKeys.of("secret", "WAVECODE", "198.51.100.4")
    with app.app_context():
        limits.count_start(keys, datetime(2026, 11, 23, 9, 59))
        limits.count_start(keys, datetime(2026, 11, 23, 9, 10))
        db.session.commit()
        assert limits.is_refused(keys, datetime(2026, 11, 23, 9, 30), per_client=2)
        limits.count_start(keys, datetime(2026, 11, 23, 10, 1))
        db.session.commit()
        assert not limits.is_refused(keys, datetime(2026, 11, 23, 10, 30), per_client=2)
        hours = set(db.session.scalars(select(SurveyStartCount.hour)))
    assert hours == {datetime(2026, 11, 23, 10, 0)}


def test_the_lead_sees_responses_started_and_sent_per_day(app, client, org, code):
    for _ in range(3):
        up_to_last_section(phone(app), code)
    sender = phone(app)
    post_section(sender, LAST, up_to_last_section(sender, code), {})
    with app.app_context():  # two of them started the day before
        for response in db.session.scalars(select(SurveyResponse).limit(2)):
            response.started_on = date.today() - timedelta(days=1)
        db.session.commit()
    log_in(client, org["lead"])
    page = html.unescape(client.get(f"/organizations/{org['organization'].id}/surveys/"
                                    f"{org['wave_id']}").get_data(as_text=True))
    table = page.split("day by day")[1].split("</table>")[0]
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    yesterday = format_date(date.today() - timedelta(days=1), "long", locale="en_US")
    today = format_date(date.today(), "long", locale="en_US")
    assert rows == ["Day Started Sent", f"{yesterday} 2 0", f"{today} 2 1"]
    assert not re.search(r"\d{1,2}:\d{2}", table)  # days only, never a time


# ------------------------------------------------------------------ no order (F17)

def test_keys_and_rows_say_nothing_about_who_answered_when(app, code):
    clients = [phone(app) for _ in range(3)]
    ids = [up_to_last_section(client, code) for client in clients]
    assert count(app, SurveyAnswer) == 0  # answers in progress are drafts, not rows
    for client, response_id in zip(clients, ids):
        post_section(client, LAST, response_id, {})
    with app.app_context():
        keys = list(db.session.scalars(select(SurveyResponse.id)))
        keys += list(db.session.scalars(select(SurveyAnswer.id)))
        assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)
        if db.engine.dialect.name == "sqlite":  # rows kept in key order, no rowid
            for table in ("survey_response", "survey_answer", "survey_open_answer"):
                sql = db.session.scalar(text(
                    "SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table})
                assert "WITHOUT ROWID" in sql
        # every count of the wave was made, at 0, when it opened: ids follow no answer
        tallies = db.session.execute(select(SurveyTally.id, SurveyTally.item_id,
                                            SurveyTally.value).order_by(SurveyTally.id)).all()
        assert [(i, v) for _id, i, v in tallies] == operations.tally_keys(SURVEY)


# ------------------------------------------------------------------ real races

def gunicorn_phone(base: str, code: str) -> tuple[Phone, str]:
    """A phone that opened the link and pressed Start; returns it and its response id."""
    worker = Phone(base)
    worker.get(f"/s/{code}")
    page = worker.get("/survey/")[1]
    response_id = hidden(page, "response_id")
    status, _ = worker.post("/survey/start", {"response_id": response_id, "consent": "y",
                                              "csrf_token": hidden(page, "csrf_token")})
    assert status == 302
    return worker, response_id


def section_post(worker: Phone, number: int) -> dict:
    page = worker.get(f"/survey/section/{number}")[1]
    return {"response_id": hidden(page, "response_id"), "csrf_token": hidden(page, "csrf_token"),
            **answers_for(number)}


def test_simultaneous_sends_of_one_response_count_it_exactly_once(app, code,
                                                                  gunicorn_server):  # noqa: F811
    base = gunicorn_server(workers=4)
    worker, _ = gunicorn_phone(base, code)
    for number in range(1, LAST):
        assert worker.post(f"/survey/section/{number}", section_post(worker, number))[0] == 302
    body = section_post(worker, LAST)
    results = at_once(8, lambda i: worker.post(f"/survey/section/{LAST}", body))
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * 7
    assert count(app, SurveyResponse, SurveyResponse.submitted_on.is_not(None)) == 1
    sent = sum(len(v) if isinstance(v, list) else 1
               for n in range(1, LAST + 1) for v in answers_for(n).values())
    assert count(app, SurveyAnswer) == sent
    assert tally(app, "role_clear") == 1 and tally(app, "barriers") == 2
    assert tally(app, "role", "peer_specialist") == 1
    for practice_id in ("process", "development", "budget"):
        assert tally(app, practice_key(practice_id)) == 1


def test_simultaneous_saves_of_a_section_then_sends_store_each_answer_once(
        app, code, gunicorn_server):  # noqa: F811
    base = gunicorn_server(workers=4)
    worker, _ = gunicorn_phone(base, code)
    assert worker.post("/survey/section/1", section_post(worker, 1))[0] == 302
    body = section_post(worker, 2)
    results = at_once(8, lambda i: worker.post("/survey/section/2", body))
    assert all(status == 302 for status, _ in results)
    for number in range(3, LAST + 1):
        assert worker.post(f"/survey/section/{number}", section_post(worker, number))[0] == 302
    with app.app_context():
        rows = db.session.execute(select(SurveyAnswer.item_id, func.count())
                                  .group_by(SurveyAnswer.item_id)).all()
    section_2 = {f"q_{item.id}" for item in SURVEY.section(2).items}
    assert {item: n for item, n in rows if f"q_{item}" in section_2} == {
        key[2:]: 1 for key in answers_for(2)}
    assert tally(app, "paths_defined") == 1


def test_simultaneous_starts_with_one_id_make_one_response_and_no_error(
        app, code, gunicorn_server):  # noqa: F811
    base = gunicorn_server(workers=4)
    worker = Phone(base)
    worker.get(f"/s/{code}")
    page = worker.get("/survey/")[1]
    body = {"response_id": hidden(page, "response_id"), "csrf_token": hidden(page, "csrf_token"),
            "consent": "y"}
    results = at_once(8, lambda i: worker.post("/survey/start", body))
    assert [status for status, _ in results] == [302] * 8
    assert count(app, SurveyResponse) == 1


def test_a_send_racing_the_closing_is_counted_before_it_or_not_at_all(
        app, client, org, code, gunicorn_server):  # noqa: F811
    base = gunicorn_server(workers=4)
    workers = [gunicorn_phone(base, code)[0] for _ in range(6)]
    for worker in workers:
        for number in range(1, LAST):
            assert worker.post(f"/survey/section/{number}", section_post(worker, number))[0] == 302
    bodies = [section_post(worker, LAST) for worker in workers]

    def act(i):
        if i < len(workers):
            return workers[i].post(f"/survey/section/{LAST}", bodies[i])[0]
        with app.app_context():
            return operations.close_wave(db.session.get(SurveyWave, org["wave_id"]),
                                         date.today())
    outcomes = at_once(len(workers) + 1, act)
    sent = sum(1 for status in outcomes[:-1] if status == 302)
    assert all(status in (302, 409) for status in outcomes[:-1])
    assert outcomes[-1] is True
    assert count(app, SurveyResponse, SurveyResponse.submitted_on.is_not(None)) == sent
    assert tally(app, "role_clear") == sent  # nothing counted after the closing
