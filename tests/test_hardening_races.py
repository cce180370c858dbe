"""F12: the same action sent many times at once, to gunicorn with 4 workers on the test's
own database (SQLite, or PostgreSQL when DATABASE_URL is set), answers as if it ran once:
one row, the others told it exists, never a 500."""
from datetime import date

from sqlalchemy import func, select

from assessment.auth.models import User
from assessment.capability import operations as capability
from assessment.capability.models import PracticeScore, Rater, Rating
from assessment.extensions import db
from assessment.organizations.models import Organization
from bench.survey_load import Phone
from tests.live_gunicorn import (  # noqa: F401
    at_once,
    gunicorn_server,
    logged_in_phone,
    token_of,
)

AT_ONCE = 10



def test_one_rating_saved_many_times_at_once_is_one_row(
        app, gunicorn_server, make_organization):  # noqa: F811
    organization = make_organization("Race Peer Center")
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 15))
        token = capability.add_rater(cycle, "Supervisor").token
        other = capability.add_rater(cycle, "Peer").token
        cycle_id, first = cycle.id, capability.cycle_rubric(cycle).practice_ids[0]
    base = gunicorn_server(workers=4)
    phones = {token: Phone(base), other: Phone(base)}
    forms = {}
    for link, phone in phones.items():
        phone.get(f"/rate/{link}")
        forms[link] = token_of(phone.get("/rate/practices/1")[1])

    def save(i: int):
        link = token if i % 2 == 0 else other  # two raters, each many times at once
        return phones[link].post("/rate/practices/1", {
            "csrf_token": forms[link], "level": str(1 + i % 4), "evidence": f"try {i}"})

    results = at_once(AT_ONCE, save)
    assert [status for status, _ in results] == [302] * AT_ONCE
    with app.app_context():
        rows = db.session.execute(select(Rater.token, func.count()).join(Rating)
                                  .group_by(Rater.token)).all()
        assert dict(rows) == {token: 1, other: 1}
        # The stored score counts both raters: no save overwrote it with a stale view.
        stored = db.session.scalar(select(PracticeScore).where(
            PracticeScore.cycle_id == cycle_id, PracticeScore.practice_id == first))
        assert stored.rater_count == 2


def test_the_same_account_created_many_times_at_once_is_one_account(
        app, gunicorn_server, make_user):  # noqa: F811
    admin = make_user("admin")
    base = gunicorn_server(workers=4)
    phones = [logged_in_phone(base, admin) for _ in range(AT_ONCE)]
    tokens = [token_of(phone.get("/admin/users/new")[1]) for phone in phones]
    results = at_once(AT_ONCE, lambda i: phones[i].post("/admin/users/new", {
        "csrf_token": tokens[i], "name": "Rosa", "email": "rosa@example.org", "role": "coach",
        "organization_id": "0", "password": "a long enough phrase"}))
    statuses = [status for status, _ in results]
    assert 500 not in statuses and statuses.count(302) == 1, statuses
    assert all("An account with this email already exists." in page
               for status, page in results if status != 302)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "rosa@example.org")) == 1


def test_the_same_organization_created_many_times_at_once_is_one_organization(
        app, gunicorn_server, make_user):  # noqa: F811
    admin = make_user("admin")
    base = gunicorn_server(workers=4)
    phones = [logged_in_phone(base, admin) for _ in range(AT_ONCE)]
    tokens = [token_of(phone.get("/admin/organizations/new")[1]) for phone in phones]
    results = at_once(AT_ONCE, lambda i: phones[i].post("/admin/organizations/new", {
        "csrf_token": tokens[i], "name": "Valle Verde Recovery"}))
    statuses = [status for status, _ in results]
    assert 500 not in statuses and statuses.count(302) == 1, statuses
    assert all("An organization with this name already exists." in page
               for status, page in results if status != 302)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 1
