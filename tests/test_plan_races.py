"""Double taps and races on the plan, for real: gunicorn with 4 workers on the test's database
(SQLite, or PostgreSQL with DATABASE_URL), requests released at the same moment."""
from datetime import date

from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning.models import Plan, PlanChange, PlanItem
from tests.live_gunicorn import (  # noqa: F401
    at_once,
    gunicorn_server,
    logged_in_phone,
    token_of,
)


def rated_cycle(app, organization) -> int:
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Team")
        for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids,
                                      [1, 2, 3, 4, 1, 2, 3]):
            capability.save_rating(rater, practice_id, level, "")
        capability.close_cycle(cycle)
        return cycle.id


def test_ten_taps_on_make_the_plan_make_one_plan_and_no_error(
        app, gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization()
    lead = make_user("lead", organization)
    cycle_id = rated_cycle(app, organization)
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    token = token_of(phone.get("/")[1])
    url = f"/organizations/{organization.id}/cycles/{cycle_id}/plan/generate"
    statuses = at_once(10, lambda _i: phone.post(url, {"csrf_token": token})[0])
    assert statuses == [302] * 10
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Plan)) == 1
        items = db.session.scalar(select(func.count()).select_from(PlanItem))
        assert items == 13  # the plan of these ratings, made once
        assert db.session.scalar(select(func.count()).select_from(PlanChange)
                                 .where(PlanChange.field == "plan")) == 1


def test_removing_and_editing_one_item_at_once_never_fails_or_loses_the_history(
        app, gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization()
    lead = make_user("lead", organization)
    cycle_id = rated_cycle(app, organization)
    base = gunicorn_server(workers=4)
    phone = logged_in_phone(base, lead)
    token = token_of(phone.get("/")[1])
    plan_url = f"/organizations/{organization.id}/cycles/{cycle_id}/plan"
    assert phone.post(f"{plan_url}/generate", {"csrf_token": token})[0] == 302
    with app.app_context():
        item = db.session.scalar(select(PlanItem).order_by(PlanItem.id))
        item_id, version = item.id, item.version
    edit = {"csrf_token": token, "target_en": "Edited goal", "target_es": "Meta editada",
            "activities_en": "One", "activities_es": "Una", "bucket": "6_months",
            "due_on": "", "status": "in_progress", "version": version}

    def act(i: int) -> int:
        if i % 2:
            return phone.post(f"{plan_url}/items/{item_id}", edit)[0]
        return phone.post(f"{plan_url}/items/{item_id}/remove", {"csrf_token": token})[0]

    statuses = at_once(10, act)
    assert all(status in (302, 409) for status in statuses), statuses
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        changes = list(db.session.scalars(select(PlanChange.field).where(
            PlanChange.item_id == item_id)))
    assert item.removed_at is not None
    assert changes.count("removed") == 1              # removed once, whoever came first
    assert changes.count("target_en") <= 1            # one edit won, or none did
