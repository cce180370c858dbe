"""The Copy button of a rater's link copies it, under the app's CSP; without JavaScript
the button is gone and the whole link is there to select."""
from datetime import date

from playwright.sync_api import expect

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def _cycle_with_rater(app, organization):
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 15))
        return cycle.id, capability.add_rater(cycle, "Maria, peer supervisor").token


def _log_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_copy_puts_the_raters_link_on_the_clipboard(app, live_server, browser,
                                                   make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    cycle_id, token = _cycle_with_rater(app, organization)
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="en-US",
                                  permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        _log_in(page, live_server, lead)
        page.goto(f"{live_server}/organizations/{organization.id}/cycles/{cycle_id}")
        link = f"{live_server}/rate/{token}"
        expect(page.get_by_label("Personal link for Maria, peer supervisor")).to_have_value(link)
        button = page.get_by_role("button", name="Copy Personal link for Maria, peer supervisor")
        expect(button).to_be_visible()  # the script ran under the CSP and showed it
        button.click()
        expect(page.get_by_text("Link copied.")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert refused == []
        assert_fits_width(page, 360)
        assert_accessible(page)
    finally:
        context.close()


def test_without_javascript_the_whole_link_is_shown_and_no_dead_button(
        app, live_server, browser, make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    cycle_id, token = _cycle_with_rater(app, organization)
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="en-US",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        _log_in(page, live_server, lead)
        page.goto(f"{live_server}/organizations/{organization.id}/cycles/{cycle_id}")
        field = page.get_by_label("Personal link for Maria, peer supervisor")
        expect(field).to_have_value(f"{live_server}/rate/{token}")
        box = field.bounding_box()
        assert box["width"] <= 360 and field.evaluate(
            "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight")
        expect(page.get_by_role("button", name="Copy Personal link for Maria, peer "
                                               "supervisor")).to_be_hidden()
        expect(page.get_by_role("link", name="Text message Personal link for Maria, peer "
                                             "supervisor")).to_be_visible()
        assert_fits_width(page, 360)
    finally:
        context.close()
