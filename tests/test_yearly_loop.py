"""The yearly loop: the re-assessment date, a new cycle bringing last year's team, and the
coach's needs-attention flags and survey figure."""
import html
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle, Rater
from assessment.capability.yearly import (
    DUE,
    NOT_DUE,
    OVERDUE,
    Earlier,
    due_state,
    earlier_cycles,
    next_reassessment,
    reassess_on,
)
from assessment.comments import operations as comments
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey.choice import WaveFacts, for_cycle, for_organization
from assessment.survey.operations import close_wave, open_wave
from tests.conftest import log_in, post_form
from tests.survey_helpers import agreement_answers, answer_all

TODAY = date(2027, 3, 1)


# ------------------------------------------------------------------ the rules


def test_a_cycle_is_due_again_a_year_after_it_closed():
    assert reassess_on(date(2026, 3, 15)) == date(2027, 3, 15)
    assert reassess_on(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize("due_on, state", [
    (TODAY + timedelta(days=61), NOT_DUE),
    (TODAY + timedelta(days=60), DUE),
    (TODAY, DUE),
    (TODAY - timedelta(days=1), OVERDUE),
    (None, NOT_DUE),
])
def test_due_from_60_days_before_and_overdue_the_day_after(due_on, state):
    assert due_state(due_on, TODAY) == state


def test_the_latest_closing_counts_and_an_open_cycle_means_nothing_is_due():
    due = next_reassessment([date(2025, 1, 5), date(2026, 1, 10)], TODAY)
    assert (due.due_on, due.state) == (date(2027, 1, 10), OVERDUE)
    assert next_reassessment([date(2025, 1, 5), None], TODAY).state == NOT_DUE
    assert next_reassessment([], TODAY).due_on is None


def test_results_compare_with_the_cycle_just_before_and_with_the_first():
    assert earlier_cycles([4, 7, 9], 9) == Earlier(previous=7, baseline=4)
    assert earlier_cycles([4, 7, 9], 7) == Earlier(previous=None, baseline=4)
    assert earlier_cycles([4, 7, 9], 4) == Earlier(previous=None, baseline=None)


def facts(wave_id, cycle_id=None, respondents=0, closed=True):
    closes_on = TODAY - timedelta(days=1) if closed else TODAY + timedelta(days=9)
    return WaveFacts(wave_id, cycle_id, closes_on, None, respondents)


def test_the_organizations_survey_is_its_latest_cycles_else_the_latest_with_5_responses():
    main, pulse = facts(1, cycle_id=10, respondents=12), facts(2, respondents=2)
    assert for_organization([pulse, main], 10, TODAY) == main       # linked, not the latest
    older = facts(3, respondents=6)
    assert for_organization([pulse, older], 10, TODAY) == older     # nothing linked
    assert for_organization([pulse], None, TODAY) == pulse          # the only one
    assert for_organization([], None, TODAY) is None
    # several linked: the one with figures out and the most responses
    assert for_cycle([facts(4, 10, 5), facts(5, 10, 9), facts(6, 10, 3)], TODAY).id == 5


# ------------------------------------------------------------------ pages


@pytest.fixture
def harbor(make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


def closed_cycle(app, organization, name="2026 baseline", closed_on=date(2026, 1, 31),
                 raters=("Maria, supervisor", "Luis, peer staff"), levels=None):
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), name,
                                       closed_on - timedelta(days=20))
        for name_ in raters:
            rater = capability.add_rater(cycle, name_)
            for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids,
                                          (levels or {}).get(name_, [2] * 7)):
                capability.save_rating(rater, practice_id, level, "")
        capability.close_cycle(cycle)
        cycle.closed_at = datetime.combine(closed_on, datetime.min.time())
        db.session.commit()
        return cycle.id


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_new_cycle_brings_the_ticked_raters_of_the_last_one_with_new_links(app, client,
                                                                             harbor):
    organization = harbor["organization"]
    last = closed_cycle(app, organization)
    with app.app_context():
        old = {r.name: (r.id, r.token) for r in db.session.get(AssessmentCycle, last).raters}
    log_in(client, harbor["lead"])
    url = f"/organizations/{organization.id}/cycles/new"
    page = client.get(url).get_data(as_text=True)
    assert "Bring these raters from “2026 baseline”" in html.unescape(page)
    assert "Maria, supervisor" in page and "Luis, peer staff" in page
    response = post_form(client, url, {"name": "2027 follow-up", "starts_on": "2027-01-15",
                                       "raters": [str(old["Maria, supervisor"][0])]})
    assert response.status_code == 302
    page = text_of(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "started with 1 rater from the last cycle, each with a new link" in page
    with app.app_context():
        new = db.session.scalar(select(AssessmentCycle).where(
            AssessmentCycle.name == "2027 follow-up"))
        assert [r.name for r in new.raters] == ["Maria, supervisor"]
        assert new.raters[0].token != old["Maria, supervisor"][1]
        assert new.raters[0].ratings == []
    assert old["Maria, supervisor"][1] not in page


def test_no_new_cycle_starts_while_one_is_open(app, client, harbor):
    organization = harbor["organization"]
    with app.app_context():
        capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                               date(2026, 1, 15))
    log_in(client, harbor["lead"])
    url = f"/organizations/{organization.id}/cycles/new"
    assert "“2026” is still open. Close it before you start a new cycle." in html.unescape(
        client.get(url).get_data(as_text=True))
    response = post_form(client, url, {"name": "2027", "starts_on": "2027-01-15"},
                         follow_redirects=True)
    assert response.status_code == 200
    assert "“2026” is still open. Close it before you start a new cycle." in html.unescape(
        response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AssessmentCycle)) == 1


def test_a_rater_of_another_organizations_cycle_is_refused_in_the_readers_language(
        app, client, harbor, make_organization):
    organization = harbor["organization"]
    closed_cycle(app, organization)
    other = make_organization("Elsewhere")
    closed_cycle(app, other, raters=("Someone else",))
    with app.app_context():
        theirs = db.session.scalar(select(Rater.id).where(Rater.name == "Someone else"))
    log_in(client, harbor["lead"])
    url = f"/organizations/{organization.id}/cycles/new"
    post_form(client, "/language", {"lang": "es", "next": "/"})
    for bad in (str(theirs), "abc", "²", "99999999999"):
        response = post_form(client, url, {"name": "2027", "starts_on": "2027-01-15",
                                           "raters": [bad]})
        assert response.status_code == 400, bad
        assert "no están en el equipo de su último ciclo" in html.unescape(
            response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AssessmentCycle)) == 2
        assert db.session.scalar(select(func.count()).where(Rater.name == "Someone else")) == 1


def test_the_organization_page_shows_when_the_yearly_assessment_is_due_and_overdue(
        app, client, harbor):
    organization = harbor["organization"]
    log_in(client, harbor["lead"])
    url = f"/organizations/{organization.id}"
    cycle_id = closed_cycle(app, organization, closed_on=date.today() - timedelta(days=330))
    due_on = reassess_on(date.today() - timedelta(days=330))
    page = text_of(client.get(url).get_data(as_text=True))
    assert "The yearly self-assessment is due on" in page
    assert f"{due_on:%B} {due_on.day}, {due_on.year}" in page
    with app.app_context():
        db.session.get(AssessmentCycle, cycle_id).closed_at = datetime.now() - timedelta(
            days=400)
        db.session.commit()
    page = text_of(client.get(url).get_data(as_text=True))
    assert "The yearly self-assessment was due on" in page
    cycle_page = text_of(client.get(f"{url}/cycles/{cycle_id}").get_data(as_text=True))
    assert "The next yearly self-assessment is due on" in cycle_page


def test_the_coach_sees_overdue_assessments_low_agreement_and_blind_spots(app, client, harbor):
    organization = harbor["organization"]
    cycle_id = closed_cycle(
        app, organization, closed_on=date.today() - timedelta(days=400),
        levels={"Maria, supervisor": [1, 3, 3, 3, 3, 3, 3],
                "Luis, peer staff": [4, 3, 3, 3, 3, 3, 3]})
    with app.app_context():
        wave = open_wave(db.session.get(Organization, organization.id), "Staff 2026",
                         date.today() - timedelta(days=3), date.today() + timedelta(days=3),
                         db.session.get(AssessmentCycle, cycle_id))
        code, wave_id = wave.code, wave.id
    for _ in range(5):
        answer_all(app, code, agreement_answers("disagree"))
    with app.app_context():
        close_wave(db.session.get(type(wave), wave_id), date.today())
    log_in(client, harbor["coach"])
    page = text_of(client.get("/coach/").get_data(as_text=True))
    assert "Yearly assessment overdue" in page
    assert "Low agreement among raters: 1" in page  # 1 against 4
    assert "Blind spots: 2, 3, 4, 5, 6, 7" in page  # rated 3, staff disagree
    filtered = text_of(client.get("/coach/?need=blind_spot").get_data(as_text=True))
    assert "Showing 1 of 1 organizations." in filtered
    summary = client.get("/coach/export/summary.csv").data.decode("utf-8-sig").splitlines()
    due_on = reassess_on(date.today() - timedelta(days=400))
    assert summary[0].endswith("Staff survey responses,Staff survey,Next yearly self-assessment")
    assert summary[1].endswith(f",5,Staff 2026,{due_on.isoformat()}")


def test_the_dashboard_counts_the_latest_cycles_survey_not_a_later_small_pulse(
        app, client, harbor):
    organization = harbor["organization"]
    cycle_id = closed_cycle(app, organization, closed_on=date.today())
    with app.app_context():
        org = db.session.get(Organization, organization.id)
        main = open_wave(org, "Main survey", date.today() - timedelta(days=9),
                         date.today() + timedelta(days=3), db.session.get(AssessmentCycle,
                                                                          cycle_id))
        main_code, main_id = main.code, main.id
    for _ in range(6):
        answer_all(app, main_code)
    with app.app_context():
        close_wave(db.session.get(type(main), main_id), date.today())
        pulse = open_wave(db.session.get(Organization, organization.id), "Pulse",
                          date.today(), date.today() + timedelta(days=3), None)
        pulse_code, pulse_id = pulse.code, pulse.id
    for _ in range(2):
        answer_all(app, pulse_code)
    with app.app_context():
        close_wave(db.session.get(type(pulse), pulse_id), date.today())
    log_in(client, harbor["coach"])
    page = text_of(client.get("/coach/").get_data(as_text=True))
    assert " 6 Main survey " in page and "Pulse" not in page
    lead = app.test_client()
    log_in(lead, harbor["lead"])
    org_page = text_of(lead.get(f"/organizations/{organization.id}").get_data(as_text=True))
    assert "Staff survey results: Main survey" in org_page


def test_the_organization_page_lists_every_thread_waiting_and_lands_on_its_heading(
        app, client, harbor):
    organization = harbor["organization"]
    cycle_id = closed_cycle(app, organization)
    with app.app_context():
        from assessment.auth.models import User
        from assessment.planning import operations as plans
        cycle = db.session.get(AssessmentCycle, cycle_id)
        coach, lead = db.session.get(User, harbor["coach"].id), db.session.get(
            User, harbor["lead"].id)
        plan = plans.create_plan(cycle, lead, None, date.today())[0]
        item_id = plan.items[0].id
        comments.add(cycle, coach, "Who leads this? Name a person.", practice_id="accountability")
        comments.add(cycle, coach, "Suggest naming the HR lead here.", plan_item_id=item_id)
        comments.add(cycle, coach, "Budget line?", practice_id="budget")
        comments.add(cycle, lead, "Yes, in July.", practice_id="budget")  # answered
    log_in(client, harbor["lead"])
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    text = text_of(page)
    assert "2 comments waiting for your answer" in text
    assert "Suggest naming the HR lead here." in text and "Who leads this?" in text
    assert "Budget line?" not in text
    links = re.findall(r'<a href="([^"]+)">Read and answer', page)
    assert len(links) == 2
    assert f"Implementation plan of 2026 baseline" in text
    for link in links:
        path, anchor = html.unescape(link).split("#")
        target = client.get(path).get_data(as_text=True)
        heading = re.search(rf'<h[23] id="{anchor}">(.*?)</h[23]>', target, re.S)
        assert heading, anchor  # the link lands on the heading of what it is about
    coach_client = app.test_client()
    log_in(coach_client, harbor["coach"])
    coach_page = text_of(coach_client.get(f"/organizations/{organization.id}").get_data(
        as_text=True))
    assert "1 comment waiting for your answer" in coach_page and "Yes, in July." in coach_page
