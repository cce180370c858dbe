"""The cycle results page reads what it shows in a fixed number of statements, and the
closed staff survey's report it shows is kept per process without ever showing stale
figures."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from assessment import demo
from assessment.auth.models import User
from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle
from assessment.comments import operations as comments
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import report as survey_report
from tests.conftest import post_form

# What the page reads: the login session with its user, the organization, the cycle,
# the organization's cycles, the ratings of this cycle and the earlier ones it is
# compared with (once, for the profiles and the notes), the raters' counts, the linked
# surveys with their counts, the closed survey's counts, and the comments with their
# authors.
PROFILE_STATEMENTS = 9


def harbor(app) -> dict:
    """The demo's Harbor organization: a baseline, a follow-up linked to a closed survey
    with 12 responses, and a comment thread."""
    with app.app_context():
        demo.load("pbkdf2:sha256:1000")
        organization = db.session.scalar(select(Organization).filter_by(
            name=demo.ORGANIZATIONS[0][0]))
        cycle = db.session.scalars(select(AssessmentCycle).filter_by(
            organization_id=organization.id).order_by(AssessmentCycle.starts_on.desc())).first()
        return {"organization_id": organization.id, "cycle_id": cycle.id,
                "url": f"/organizations/{organization.id}/cycles/{cycle.id}/profile"}


def logged_in_lead(client):
    post_form(client, "/login", {"email": demo.ORGANIZATIONS[0][1],
                                 "password": demo.DEMO_PASSWORD})
    return client


def statements_of(app, client, url: str) -> tuple[int, str]:
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def the_cycle(facts):
    return db.session.get(AssessmentCycle, facts["cycle_id"])


def the_wave(facts):
    return survey_report.survey_for_cycle(the_cycle(facts), date.today())


def test_the_results_page_reads_a_fixed_number_of_statements_however_many_comments(
        app, client):
    facts = harbor(app)
    logged_in_lead(client)
    client.get(facts["url"])  # the first reading may seal the survey
    reached, page = statements_of(app, client, facts["url"])
    assert "Staff who agree" in page and "Could the board add a training line" in page
    assert reached <= PROFILE_STATEMENTS, reached
    with app.app_context():  # more comments, by more people, on every practice
        cycle = the_cycle(facts)
        organization = db.session.get(Organization, facts["organization_id"])
        for n in range(4):
            author = User(email=f"colleague{n}@example.org", name=f"Colleague {n}",
                          role="lead", organization=organization, password_hash="x")
            db.session.add(author)
            db.session.commit()
            for practice_id in capability.cycle_rubric(cycle).practice_ids:
                comments.add(cycle, author, f"Note {n} on {practice_id}",
                             practice_id=practice_id)
    again, page = statements_of(app, client, facts["url"])
    assert "Colleague 3" in page and "Note 3 on budget" in page
    assert again == reached


def test_a_closed_surveys_kept_report_is_the_report_built_afresh(app):
    facts = harbor(app)
    with app.test_request_context():
        wave, today = the_wave(facts), date.today()
        kept = survey_report.wave_report(wave, today)
        assert survey_report.wave_report(wave, today) is kept  # read from the cache
        survey_report._SEALED_REPORTS.clear()
        assert survey_report.wave_report(wave, today) == kept
        assert kept.state == survey_report.SHOWN and kept.respondents == 12


def test_a_response_sent_as_the_survey_closed_shows_at_once(app, client):
    """A send that raced the closing (committed after the report was kept) is counted."""
    facts = harbor(app)
    logged_in_lead(client)
    with app.test_request_context():
        wave, today = the_wave(facts), date.today()
        before = survey_report.wave_report(wave, today)
        demo._answer_survey(wave, random.Random(1), "en", today - timedelta(days=45))
        after = survey_report.wave_report(wave, today)
    assert (before.respondents, after.respondents) == (12, 13)
    assert after != before
    page = client.get(facts["url"]).get_data(as_text=True)
    assert "of 13 people" in page and "of 12 people" not in page


def test_a_new_rating_changes_the_teams_level_beside_the_kept_survey_figures(app, client):
    facts = harbor(app)
    logged_in_lead(client)
    with app.test_request_context():
        wave, today = the_wave(facts), date.today()
        before = {row.practice_id: row for row in survey_report.wave_report(wave, today).practices}
        cycle = the_cycle(facts)
        for rater in cycle.raters:  # every rater now says Fully Developed for budget
            capability.save_rating(rater, "budget", 4, "")
        after = {row.practice_id: row for row in survey_report.wave_report(wave, today).practices}
    assert before["budget"].team_level != 4 and after["budget"].team_level == 4
    assert after["budget"].staff_share == before["budget"].staff_share
    assert after["budget"].blind_spot == (after["budget"].staff_share < 0.5)


def test_an_open_surveys_report_is_never_kept(app):
    facts = harbor(app)
    with app.test_request_context():
        cycle = the_cycle(facts)
        from assessment.survey import operations as surveys
        today = date.today()
        wave = surveys.open_wave(cycle.organization, "Pulse", today - timedelta(days=1),
                                 today + timedelta(days=5), cycle)
        survey_report._SEALED_REPORTS.clear()
        first = survey_report.wave_report(wave, today)
        demo._answer_survey(wave, random.Random(2), "en", today)
        second = survey_report.wave_report(wave, today)
        assert (first.respondents, second.respondents) == (0, 1)
        assert not survey_report._SEALED_REPORTS
