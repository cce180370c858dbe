"""A new cycle's plan takes the previous plan's unfinished items along, once each; its
results show the change since the last cycle and since the first."""
import html
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle
from assessment.capability.scoring import change_since, score_cycle
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.planning.models import Plan, PlanItem
from tests.conftest import log_in, post_form


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def rated_cycle(app, organization_id, name, starts_on, levels, close=True):
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization_id), name,
                                       starts_on)
        rater = capability.add_rater(cycle, "Team")
        for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids, levels):
            capability.save_rating(rater, practice_id, level, "")
        if close:
            capability.close_cycle(cycle)
        return cycle.id


@pytest.fixture
def two_years(app, make_organization, make_user):
    """Last year's cycle with a plan (first item in progress and named, second done), and
    this year's cycle with its plan made."""
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    first = rated_cycle(app, organization.id, "2026 baseline", date(2026, 1, 15),
                        [1, 2, 2, 2, 2, 2, 2])
    with app.app_context():
        plan = plans.create_plan(db.session.get(AssessmentCycle, first), None, None,
                                 date(2026, 2, 1))[0]
        ids = [item.id for item in plan.items]
        old = db.session.get(PlanItem, ids[0])
        old.status, old.lead = "in_progress", "Rosa Martínez"
        db.session.get(PlanItem, ids[1]).status = "done"
        db.session.commit()
    second = rated_cycle(app, organization.id, "2027 follow-up", date(2027, 1, 15),
                         [1, 3, 2, 2, 2, 2, 2], close=False)
    with app.app_context():
        plans.create_plan(db.session.get(AssessmentCycle, second), None, None, date.today())
    return {"organization": organization, "lead": lead, "first": first, "second": second,
            "old_ids": ids}


def plan_url(two_years, which="second"):
    return f"/organizations/{two_years['organization'].id}/cycles/{two_years[which]}/plan"


def test_the_new_plan_offers_last_plans_unfinished_items_and_carries_the_ticked_ones(
        app, client, two_years):
    log_in(client, two_years["lead"])
    page = text_of(client.get(plan_url(two_years)).get_data(as_text=True))
    assert "Unfinished items from the last plan" in page
    first, done = two_years["old_ids"][:2]
    raw = client.get(plan_url(two_years)).get_data(as_text=True)
    assert f'id="carry-{first}"' in raw and f'id="carry-{done}"' not in raw  # done stays
    response = post_form(client, plan_url(two_years) + "/carry", {"items": [str(first)]})
    assert response.status_code == 302
    page = text_of(client.get(plan_url(two_years)).get_data(as_text=True))
    assert "1 item carried over from the last plan" in page
    assert "carried over from the last cycle" in page and "Rosa Martínez" in page
    assert "carried an item over from the last plan" in page  # the history
    with app.app_context():
        new_plan = db.session.scalar(select(Plan).where(Plan.cycle_id == two_years["second"]))
        carried = [i for i in new_plan.items if i.carried_from_id == first]
        assert len(carried) == 1 and carried[0].status == "in_progress"
        assert carried[0].due_on > date.today()  # counts again from this plan's day
        same_step = [i for i in new_plan.items if (i.practice_id, i.from_level)
                     == (carried[0].practice_id, carried[0].from_level)]
        assert same_step == carried  # it took the place of the step made anew
    assert f'id="carry-{first}"' not in client.get(plan_url(two_years)).get_data(as_text=True)


def test_the_carried_mark_is_in_the_spanish_page_and_pdf(app, client, two_years):
    log_in(client, two_years["lead"])
    post_form(client, plan_url(two_years) + "/carry", {"items": [str(two_years["old_ids"][0])]})
    post_form(client, "/language", {"lang": "es", "next": "/"})
    assert "traída del ciclo anterior" in html.unescape(
        client.get(plan_url(two_years)).get_data(as_text=True))

    for language, mark in (("es", "traída del ciclo anterior"),
                           ("en", "carried over from the last cycle")):
        pdf = client.get(plan_url(two_years) + f"/pdf?lang={language}").data
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert mark in re.sub(r"\s+", " ", text), language


def test_carrying_an_item_twice_or_a_strangers_item_says_so_and_adds_nothing(
        app, client, two_years, make_organization):
    log_in(client, two_years["lead"])
    first = str(two_years["old_ids"][0])
    post_form(client, plan_url(two_years) + "/carry", {"items": [first]})
    response = post_form(client, plan_url(two_years) + "/carry", {"items": [first]},
                         follow_redirects=True)
    assert response.status_code == 200
    assert "already in this plan: they were carried over before" in text_of(
        response.get_data(as_text=True))
    other = make_organization("Elsewhere")
    other_cycle = rated_cycle(app, other.id, "X", date(2026, 1, 1), [2] * 7)
    with app.app_context():
        stranger = plans.create_plan(db.session.get(AssessmentCycle, other_cycle), None, None,
                                     date.today())[0].items[0].id
        count = db.session.scalar(select(func.count()).select_from(PlanItem))
    for bad in (str(stranger), "abc", "²", "99999999999", str(two_years["old_ids"][1])):
        response = post_form(client, plan_url(two_years) + "/carry", {"items": [bad]},
                             follow_redirects=True)
        assert response.status_code == 200, bad
        assert "not unfinished items of your last plan" in text_of(
            response.get_data(as_text=True)), bad
    response = post_form(client, plan_url(two_years) + "/carry", {}, follow_redirects=True)
    assert "Tick the items to bring into this plan first." in text_of(
        response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanItem)) == count


def test_a_remade_plan_keeps_the_carried_item(app, client, two_years):
    log_in(client, two_years["lead"])
    first = two_years["old_ids"][0]
    post_form(client, plan_url(two_years) + "/carry", {"items": [str(first)]})
    post_form(client, plan_url(two_years) + "/remake")
    with app.app_context():
        new_plan = db.session.scalar(select(Plan).where(Plan.cycle_id == two_years["second"]))
        carried = [i for i in new_plan.items if i.carried_from_id == first]
        assert len(carried) == 1
        key = (carried[0].practice_id, carried[0].from_level)
        assert [i.id for i in new_plan.items if (i.practice_id, i.from_level) == key] == [
            carried[0].id]


def test_before_the_plan_is_made_the_page_says_unfinished_items_can_come_along(
        app, client, make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    first = rated_cycle(app, organization.id, "2026", date(2026, 1, 15), [2] * 7)
    with app.app_context():
        plans.create_plan(db.session.get(AssessmentCycle, first), None, None, date(2026, 2, 1))
    second = rated_cycle(app, organization.id, "2027", date(2027, 1, 15), [2] * 7)
    log_in(client, lead)
    page = text_of(client.get(f"/organizations/{organization.id}/cycles/{second}/plan")
                   .get_data(as_text=True))
    assert "items of the plan of “2026” were not done. Once you make this plan" in page


def test_change_since_figures_compare_levels_practice_by_practice():
    ids = ["a", "b", "c"]
    before = score_cycle(ids, {"a": [1], "b": [3], "c": [None]})
    after = score_cycle(ids, {"a": [3], "b": [2], "c": [2]})
    assert change_since(before, after) == {"a": 2, "b": -1, "c": None}


def test_results_show_the_change_since_the_last_cycle_and_since_the_first(
        app, client, make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    rated_cycle(app, organization.id, "2025", date(2025, 1, 15), [1, 1, 1, 1, 1, 1, 1])
    rated_cycle(app, organization.id, "2026", date(2026, 1, 15), [2, 1, 1, 1, 1, 1, 1])
    third = rated_cycle(app, organization.id, "2027", date(2027, 1, 15), [3, 1, 1, 1, 1, 1, 2])
    log_in(client, lead)
    page = client.get(f"/organizations/{organization.id}/cycles/{third}/profile").get_data(
        as_text=True)
    assert "Change since the last cycle, “2026”, and since the first cycle, “2025”." in \
        html.unescape(page)
    row = text_of(re.search(r"<tr>\s*<th scope=\"row\">1\..*?</tr>", page, re.S).group(0))
    assert row.strip().endswith("Up 1 Up 2")  # since 2026, since 2025
    row7 = text_of(re.search(r"<tr>\s*<th scope=\"row\">7\..*?</tr>", page, re.S).group(0))
    assert row7.strip().endswith("Up 1 Up 1")
