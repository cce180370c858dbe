"""No log line holds a survey answer, a response's key or anything that names it, error
logs included (security review F16)."""
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from assessment.errors import scrubbed_traceback
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from tests.survey_helpers import (
    SURVEY,
    begin,
    full_answers,
    phone,
    post_section,
    section_data,
)

SECRET_ANSWER = "My supervisor Ana shouts at me"


@pytest.fixture
def code(app, make_organization):
    organization = make_organization("Harbor Peer Collective")
    with app.app_context():
        return operations.open_wave(db.session.get(Organization, organization.id), "2026",
                                    date.today(), date.today() + timedelta(days=9), None).code


def test_database_errors_never_quote_the_values_sent(app):
    with app.app_context():
        with pytest.raises(Exception) as error:
            db.session.execute(text("SELECT no_such_column FROM survey_wave WHERE name = :v"),
                               {"v": SECRET_ANSWER})
        db.session.rollback()
    assert SECRET_ANSWER not in str(error.value)
    assert "hidden" in str(error.value)


def test_an_error_during_a_survey_request_is_logged_without_answers_or_keys(
        app, code, caplog, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: logged, then a 500 page
    client = phone(app)
    response_id = begin(client, code)
    learning = SURVEY.item_section("one_change").number
    for number in range(1, learning):
        post_section(client, number, response_id, section_data(number, full_answers()))

    def broken(response, section, answers):
        # What a failing database driver says: the statement's values and the row's key.
        raise RuntimeError(f"value {answers['one_change']!r} for response {response.id} "
                           f"({response.public_id}) at 15:50:09.294")
    monkeypatch.setattr(operations, "save_section", broken)
    with caplog.at_level(logging.DEBUG):
        failed = post_section(client, learning, response_id, {"q_one_change": SECRET_ANSWER})
    assert failed.status_code == 500
    logged = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "Exception on a staff-survey page (respond.section)" in logged
    assert "builtins.RuntimeError (message withheld)" in logged
    for secret in (SECRET_ANSWER, response_id, "15:50:09", f"/survey/section/{learning}"):
        assert secret not in logged
    with app.app_context():
        internal = db.session.scalar(text("SELECT id FROM survey_response"))
    assert internal not in logged


def test_a_scrubbed_traceback_keeps_where_but_not_what():
    try:
        try:
            raise ValueError("answer: strongly disagree")
        except ValueError as cause:
            raise KeyError("response 1292") from cause
    except KeyError as error:
        scrubbed = scrubbed_traceback(error)
    assert "ValueError" in scrubbed and "KeyError" in scrubbed
    assert "test_a_scrubbed_traceback_keeps_where_but_not_what" in scrubbed
    assert "strongly disagree" not in scrubbed and "1292" not in scrubbed


def test_a_normal_survey_run_logs_nothing_that_names_a_response(app, code, caplog):
    with caplog.at_level(logging.DEBUG):
        client = phone(app)
        response_id = begin(client, code)
        for number in range(1, len(SURVEY.sections) + 1):
            post_section(client, number, response_id,
                         section_data(number, full_answers({"q_one_change": SECRET_ANSWER})))
    assert response_id not in caplog.text and SECRET_ANSWER not in caplog.text
