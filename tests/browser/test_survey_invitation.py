"""A worker on a 360x640 phone, in Spanish, enters a survey with the code on their card;
a second phone with the same card is told, in Spanish, that it was used."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import invitations, operations
from tests.conftest import TEST_CONFIG

from .conftest import assert_accessible, assert_fits_width


def test_a_worker_enters_with_a_card_code_in_spanish_on_a_phone(
        app, live_server, browser, make_organization):
    organization = make_organization("Harbor Peer Collective")
    with app.app_context():
        wave = operations.open_wave(db.session.get(Organization, organization.id),
                                    "Encuesta 2026", date.today(),
                                    date.today() + timedelta(days=14), None,
                                    invitation_codes=True)
        card = invitations.make_codes(wave, 1, TEST_CONFIG["SECRET_KEY"], date.today())[0]
        link = f"{live_server}/s/{wave.code}"

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = phone.new_page()
    page.goto(link)   # typed from the card, not scanned: the code is typed too
    expect(page.get_by_text("Esta encuesta usa tarjetas de invitación.")).to_be_visible()
    page.get_by_label("El código de su tarjeta").fill(invitations.written(card).lower())
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_label(re.compile("Acepto participar")).check()
    page.get_by_role("button", name="Sí, comenzar la encuesta").click()
    expect(page.get_by_text("Sección 1 de")).to_be_visible()
    assert_fits_width(page, 360)
    phone.close()

    other = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = other.new_page()
    page.goto(f"{link}/{card}")   # the card's QR code: the code is filled in
    expect(page.get_by_label("El código de su tarjeta")).to_have_value(card)
    page.get_by_label(re.compile("Acepto participar")).check()
    page.get_by_role("button", name="Sí, comenzar la encuesta").click()
    expect(page.get_by_role("alert")).to_contain_text("Este código ya se usó")
    assert_fits_width(page, 360)
    assert_accessible(page)
    other.close()
