"""Saving the same period from several requests at once keeps one row and never fails."""
from sqlalchemy import select

from assessment.extensions import db
from assessment.workforce.models import WorkforcePeriod
from tests.live_gunicorn import at_once, gunicorn_server, logged_in_phone, token_of  # noqa: F401
from tests.test_workforce_pages import ENTRY


def test_the_same_new_period_sent_four_times_at_once_is_saved_once(
        app, gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    path = f"/organizations/{organization.id}/workforce/enter"
    token = token_of(phone.get(path)[1])
    answers = at_once(4, lambda i: phone.post(path, {**ENTRY, "csrf_token": token,
                                                     "retained": str(30 + i)}))
    statuses = sorted(status for status, _body in answers)
    assert 500 not in statuses
    assert statuses.count(302) >= 1        # one saved...
    others = [body for status, body in answers if status == 200]
    assert all("Replace the figures for 2025?" in body for body in others)   # ...the rest ask
    with app.app_context():
        rows = db.session.scalars(select(WorkforcePeriod)).all()
    assert len(rows) == 1
