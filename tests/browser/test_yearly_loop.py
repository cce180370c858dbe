"""An organization starts its second year in the browser: the page says the yearly
assessment is due, the new cycle brings last year's team, the plan brings last year's
unfinished items; every page passes axe and fits a phone."""
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def test_a_lead_starts_the_second_year_with_last_years_team_and_unfinished_items(
        app, live_server, new_page, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                       "2026 baseline", date.today() - timedelta(days=360))
        for name in ("Maria, supervisor", "Luis, peer staff"):
            rater = capability.add_rater(cycle, name)
            for practice_id in capability.cycle_rubric(cycle).practice_ids:
                capability.save_rating(rater, practice_id, 2, "")
        plans.create_plan(cycle, None, None, date.today() - timedelta(days=340))
        capability.close_cycle(cycle)
        db.session.get(AssessmentCycle, cycle.id).closed_at = datetime.now() - timedelta(
            days=330)
        db.session.commit()

    page = new_page(width=360, height=640)
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The yearly self-assessment is due on")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)

    page.get_by_role("link", name="Start an assessment cycle").click()
    expect(page.get_by_label("Maria, supervisor")).to_be_checked()
    page.get_by_label("Luis, peer staff").uncheck()
    page.get_by_label("Name of this assessment cycle").fill("2027 follow-up")
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Start the cycle").click()
    expect(page.get_by_text("started with 1 rater from the last cycle")).to_be_visible()
    expect(page.get_by_label("Personal link for Maria, supervisor")).to_be_visible()
    expect(page.get_by_label("Personal link for Luis, peer staff")).to_have_count(0)

    page.get_by_role("link", name="See the results").click()
    page.get_by_role("link", name="Implementation plan").click()
    expect(page.get_by_text("Once you make this plan, you can bring them into it.")).to_be_visible()
    page.get_by_role("link", name="Make the plan").click()
    page.get_by_role("button", name="Make the plan anyway").click()
    expect(page.get_by_role("heading", name="Unfinished items from the last plan")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Bring the ticked items into this plan").click()
    expect(page.get_by_text("carried over from the last plan.")).to_be_visible()
    expect(page.locator(".plan-item .badge", has_text="carried over from the last cycle")
           .first).to_be_visible()
    assert_fits_width(page, 360)
