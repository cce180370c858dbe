"""Races in the yearly loop, on gunicorn with 4 workers: two forms starting a new cycle
at once make one cycle; eight taps carrying the same item carry it once."""
import re
from datetime import date

from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle, Rater
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.planning.models import Plan, PlanItem
from tests.live_gunicorn import at_once, gunicorn_server, logged_in_phone  # noqa: F401


def fields_of(page: str) -> dict:
    """The hidden fields and ticked boxes of the page's form that makes something new."""
    form = next(form for form in re.findall(r"<form.*?</form>", page, re.S)
                if 'name="once"' in form)
    fields: dict = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    return fields


def test_eight_new_cycle_forms_sent_at_once_start_one_cycle(app, gunicorn_server,  # noqa: F811
                                                            make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 15))
        capability.add_rater(cycle, "Maria")
        capability.close_cycle(cycle)
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    url = f"/organizations/{organization.id}/cycles/new"
    forms = [{**fields_of(phone.get(url)[1]), "name": f"2027 tab {n}",
              "starts_on": "2027-01-15"} for n in range(8)]  # eight tabs, eight tokens
    statuses = at_once(8, lambda i: phone.post(url, forms[i])[0])
    assert set(statuses) == {302}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AssessmentCycle)) == 2
        assert db.session.scalar(select(func.count()).where(Rater.name == "Maria")) == 2


def test_eight_taps_carrying_the_same_item_carry_it_once(app, gunicorn_server,  # noqa: F811
                                                         make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    with app.app_context():
        org = db.session.get(Organization, organization.id)
        ids = []
        for name, starts_on in (("2026", date(2026, 1, 15)), ("2027", date(2027, 1, 15))):
            cycle = capability.start_cycle(org, name, starts_on)
            rater = capability.add_rater(cycle, "Team")
            for practice_id in capability.cycle_rubric(cycle).practice_ids:
                capability.save_rating(rater, practice_id, 2, "")
            capability.close_cycle(cycle)
            plans.create_plan(cycle, None, None, date.today())
            ids.append(cycle.id)
        item_id = db.session.scalar(select(Plan).where(Plan.cycle_id == ids[0])).items[0].id
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    url = f"/organizations/{organization.id}/cycles/{ids[1]}/plan"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', phone.get(url)[1]).group(1)
    statuses = at_once(8, lambda _i: phone.post(url + "/carry", {
        "csrf_token": token, "items": str(item_id)})[0])
    assert set(statuses) == {302}
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(
            PlanItem.carried_from_id == item_id)) == 1
