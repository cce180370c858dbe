"""A coach reads the portfolio and the cohort, filters it, and comments on a practice."""
from datetime import date

from playwright.sync_api import expect

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def test_a_coach_sees_who_needs_help_compares_the_cohort_and_comments(
        app, live_server, new_page, make_organization, make_user):
    names = ["Harbor Peer Collective", "Valle Verde Recovery", "Eastside Family Peers"]
    organizations = [make_organization(name) for name in names]
    coach = make_user("coach", coaches=organizations, name="Rosa Medina")
    cycle_ids = []
    with app.app_context():
        for organization, levels in zip(organizations, ([1, 2, 2, 1, 1, 2, 1], [3] * 7, None)):
            if levels is None:
                continue  # the third has not assessed itself yet
            cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                           "2026 baseline", date(2026, 1, 15))
            rater = capability.add_rater(cycle, "Team")
            for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids, levels):
                capability.save_rating(rater, practice_id, level, "")
            cycle_ids.append(cycle.id)

    page = new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(coach.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My organizations")
    expect(page.get_by_text("Showing 3 of 3 organizations.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Needs attention").select_option("no_cycle")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Showing 1 of 3 organizations.")).to_be_visible()
    expect(page.get_by_role("row", name="Eastside Family Peers")).to_contain_text(
        "No self-assessment yet")

    page.get_by_role("link", name="Compare the cohort").click()
    harbor = page.get_by_role("row", name="Harbor Peer Collective")
    expect(harbor.locator("td.level-1").first).to_have_text("1")
    assert_accessible(page)

    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(f"{live_server}/coach/")
    assert_fits_width(page, 360)
    page.goto(f"{live_server}/organizations/{organizations[0].id}/cycles/{cycle_ids[0]}/profile")
    thread = page.locator("#comments-budget")
    thread.locator("summary").click()
    thread.get_by_label("Your comment").fill("Could the board fund a training line?")
    thread.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Comment posted.")).to_be_visible()
    expect(page.locator("#comments-budget")).to_contain_text("Could the board fund a training line?")
    assert_fits_width(page, 360)
    assert_accessible(page)
