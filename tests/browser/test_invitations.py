"""A lead invites three raters by email; one follows the emailed link on a phone in
Spanish; the lead reminds the other two with one button. The messages are read off a
real SMTP server on 127.0.0.1."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.smtp_server import Inbox, mail_app, send_mail, smtp_server  # noqa: F401

from .conftest import assert_accessible, assert_fits_width
from .test_capability_cycle import rate

RATERS = [("Ana", "ana@example.org", "Español"), ("Luis", "luis@example.org", "English"),
          ("Kim", "kim@example.org", "English")]


@pytest.fixture
def app(mail_app):  # noqa: F811
    return mail_app


def test_a_lead_invites_raters_by_email_and_reminds_those_not_finished(
        app, live_server, new_page, make_organization, make_user, smtp_server):  # noqa: F811
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization, name="Dana Brooks")
    page = new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Start an assessment cycle").click()
    page.get_by_label("Name of this assessment cycle").fill("2026 baseline")
    page.get_by_role("button", name="Start the cycle").click()

    for name, email, language in RATERS:
        page.get_by_label("Rater's name or role").fill(name)
        page.get_by_label("Email (optional)", exact=True).fill(email)
        page.get_by_label("Language of the email", exact=True).select_option(label=language)
        page.get_by_role("button", name="Add rater and make a link").click()
        expect(page.get_by_text(f"Link made for {name}. An email with it goes to {email} within a few minutes.")).to_be_visible()
    assert_accessible(page)
    cycle_page = page.url
    assert send_mail(app).exit_code == 0

    lead_phone = new_page(width=360, height=640)
    lead_phone.goto(f"{live_server}/login")
    lead_phone.get_by_label("Email", exact=True).fill(lead.email)
    lead_phone.get_by_label("Password").fill(PASSWORD)
    lead_phone.get_by_role("button", name="Log in").click()
    lead_phone.goto(cycle_page)
    lead_phone.get_by_text("Emailed to luis@example.org; send again").click()
    expect(lead_phone.get_by_label("Email of Luis")).to_have_value("luis@example.org")
    assert_fits_width(lead_phone, 360)
    assert_accessible(lead_phone)

    [to_ana] = smtp_server.inbox.to("ana@example.org")
    assert to_ana["Subject"] == ("Harbor Peer Collective le pide calificar sus "
                                 "trayectorias profesionales")
    link = re.search(r"https?://\S+/rate/\S+", Inbox.text(to_ana)).group(0)
    assert link.startswith(live_server)
    phone = new_page(width=360, height=640, locale="es-US")
    rate(phone, link, [2, 3, 3, 4, 2, 2, 3], spanish=True)
    assert_fits_width(phone, 360)

    page.reload()
    page.get_by_role("link", name="Remind raters who have not finished").click()
    expect(page.get_by_text("To: Luis, Kim.")).to_be_visible()
    page.get_by_role("button", name="Send the reminder").click()
    expect(page.get_by_text("A reminder goes to 2 raters within a few minutes.")).to_be_visible()
    assert send_mail(app).exit_code == 0
    reminders = [m for m in smtp_server.inbox.messages if m["Subject"].startswith("Reminder")]
    assert sorted(m["To"].addresses[0].addr_spec for m in reminders) == [
        "kim@example.org", "luis@example.org"]
    assert "/rate/" in Inbox.text(reminders[0])
