"""A double tap on a form that makes something new makes it once: gunicorn with 4 workers
on the test's database, the same page's form sent 8 times at the same moment."""
import re
from datetime import date

from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle, Rater
from assessment.comments.models import Comment
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey.models import SurveyWave
from tests.live_gunicorn import at_once, gunicorn_server, logged_in_phone  # noqa: F401


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def form_of(page: str) -> dict:
    """The hidden fields of the page's first form that makes something new."""
    form = next(form for form in re.findall(r"<form.*?</form>", page, re.S)
                if 'name="once"' in form)
    # As a browser sends it: unticked boxes and unchosen radio buttons are left out.
    inputs = [tag for tag in re.findall(r"<input[^>]*>", form)
              if not re.search(r'type="(checkbox|radio)"', tag) or " checked" in tag]
    return dict(re.search(r'name="([^"]+)"[^>]*value="([^"]*)"', tag).groups()
                for tag in inputs if re.search(r'name="([^"]+)"[^>]*value="([^"]*)"', tag))


def test_eight_taps_on_each_create_button_make_one_of_each_and_no_error(
        app, gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization()
    lead = make_user("lead", organization)
    with app.app_context():
        cycle_id = capability.start_cycle(db.session.get(Organization, organization.id),
                                          "2026", date(2026, 1, 15)).id
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    org = f"/organizations/{organization.id}"
    cases = [
        (f"{org}/cycles/{cycle_id}", f"{org}/cycles/{cycle_id}", {"name": "Rosa, supervisor"},
         Rater, 1),
        (f"{org}/surveys", f"{org}/surveys", {"name": "Staff survey", "opens_on": "2026-02-01",
                                              "closes_on": "2026-02-20", "cycle_id": "0"},
         SurveyWave, 1),
        (f"{org}/cycles/{cycle_id}/profile", f"{org}/cycles/{cycle_id}/comments",
         {"body": "Could we add a training line?"}, Comment, 1),
        # last: a new cycle starts only once the open one is closed (closed below)
        (f"{org}/cycles/new", f"{org}/cycles/new", {"name": "2027", "starts_on": "2027-01-15"},
         AssessmentCycle, 2),
    ]
    for page_url, action, typed, model, expected in cases:
        if model is AssessmentCycle:
            with app.app_context():
                capability.close_cycle(db.session.get(AssessmentCycle, cycle_id))
        fields = {**form_of(phone.get(page_url)[1]), **typed}
        statuses = at_once(8, lambda _i: phone.post(action, fields)[0])
        assert set(statuses) == {302}, (action, statuses)
        assert count(app, model) == expected, action
