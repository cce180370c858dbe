"""A lead makes the plan on a phone, edits a step in English, and a Spanish reader sees the
new text marked "not yet translated" while untouched suggestions stay in Spanish."""
import io
from datetime import date
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width

LONG_ADDRESS = "begona.nunez.finance-director@harborpeercollective-example.org"


def test_an_english_edit_reaches_spanish_readers_marked_with_suggestions_still_spanish(
        app, live_server, new_page, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                       "2026 baseline", date.today())
        rater = capability.add_rater(cycle, "Team")
        for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids,
                                      [4, 3, 2, 4, 1, 3, 4]):
            capability.save_rating(rater, practice_id, level, "")
        profile_url = f"{live_server}/organizations/{organization.id}/cycles/{cycle.id}/profile"

    page = new_page(width=360, height=640)
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(profile_url)
    page.get_by_role("link", name="Implementation plan").click()
    expect(page.get_by_text("The cycle is still open")).to_be_visible()
    page.get_by_role("link", name="Make the plan").click()  # the cycle is open: it asks first
    page.get_by_role("button", name="Make the plan anyway").click()
    expect(page.get_by_text("Plan made with 10 items.", exact=False)).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)

    page.get_by_role("link", name="Edit 05 Budget for education, training and promotion, "
                                   "Level 1 → 2").click()
    english = page.get_by_label("Key activities, in English")
    english.fill(english.input_value() + "\nAsk the board for a training line in March.")
    page.get_by_label("Lead (person responsible)").fill(LONG_ADDRESS)
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Item saved.")).to_be_visible()
    assert_fits_width(page, 360)  # a long address wraps instead of widening the page

    page.get_by_role("button", name="Español").click()
    step = page.locator(".plan-item", has_text="Ask the board for a training line in March.")
    expect(step).to_contain_text("todavía sin traducir")
    expect(step).to_contain_text(LONG_ADDRESS)
    expect(step).to_contain_text("Junta directiva")  # the untouched suggestion, in Spanish
    assert_fits_width(page, 360)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar PDF en español").click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Ask the board for a training line in March. (todavía sin traducir)" in text
    assert "Junta directiva" in text and "Board;" not in text
