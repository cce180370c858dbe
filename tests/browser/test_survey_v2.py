"""A worker answers staff survey v2 in Spanish on a 360x640 phone: agrees to take part,
skips two questions, uses "Guardar y continuar más tarde", comes back with the code on a
fresh browser and sends. Every section fits in about two phone screens and shows where
the worker is; every page passes axe. The two skips are stored as skips."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.models import SurveyAnswer, SurveyResponse, SurveyTally
from assessment.survey.questionnaire import SKIPPED, survey

from .conftest import assert_accessible, assert_fits_width

V2 = survey(2)
SCREEN = 640
MOST_SCREENS = 2.3    # "at most about 2 screens" per section (the tallest is 2.27)
SKIPPED_ITEMS = ("coworkers_value", "next_step_known")


def answer_section(page, number: int) -> None:
    """Answer every question with choices on the page, except the two to skip."""
    for item in V2.section(number).items:
        if item.id in SKIPPED_ITEMS or item.type == "text":
            continue
        page.locator(f'input[name="q_{item.id}"]').first.check()


def check_page(page, number: int) -> None:
    expect(page.get_by_text(f"Sección {number} de {len(V2.sections)}")).to_be_visible()
    assert_fits_width(page, 360)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MOST_SCREENS * SCREEN, f"section {number} is {height}px tall"
    assert_accessible(page)


def test_a_worker_answers_v2_in_spanish_skips_two_saves_for_later_and_finishes(
        app, live_server, browser, make_organization):
    organization = make_organization("Harbor Peer Collective")
    with app.app_context():
        wave = operations.open_wave(db.session.get(Organization, organization.id),
                                    "Encuesta 2026", date.today(),
                                    date.today() + timedelta(days=14), None, V2)
        link = f"{live_server}/s/{wave.code}"
    later_at = V2.item_section("training_available").number

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = phone.new_page()
    page.goto(link)
    expect(page.locator(".brand")).to_have_text("Encuesta del personal")
    expect(page.get_by_role("link", name="Cómo sus respuestas siguen siendo anónimas").first
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sí, comenzar la encuesta").click()
    expect(page.get_by_text("Para participar, marque la casilla").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Acepto participar")).check()
    page.get_by_role("button", name="Sí, comenzar la encuesta").click()

    for number in range(1, later_at):
        check_page(page, number)
        answer_section(page, number)
        page.get_by_role("button", name="Guardar y continuar", exact=True).click()
    check_page(page, later_at)
    code = page.locator("strong.code").inner_text()
    page.locator('input[name="q_training_available"]').first.check()
    page.get_by_role("button", name="Guardar y continuar más tarde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sus respuestas están guardadas")
    expect(page.locator("strong.code")).to_have_text(code)
    expect(page.get_by_text("Qué hacer con este código")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)
    phone.close()  # the worker stops; this browser is gone

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = phone.new_page()
    page.goto(link)
    page.get_by_label("Su código").fill(code.lower())
    page.get_by_role("button", name="Continuar", exact=True).click()
    check_page(page, later_at)
    expect(page.locator('input[name="q_training_available"]').first).to_be_checked()
    for number in range(later_at, len(V2.sections) + 1):
        if number > later_at:
            check_page(page, number)
        answer_section(page, number)
        last = number == len(V2.sections)
        page.get_by_role("button", name="Enviar mis respuestas" if last else
                         "Guardar y continuar", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias")
    assert_accessible(page)
    phone.close()

    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.submitted_on)) == date.today()
        answered = set(db.session.scalars(select(SurveyAnswer.item_id)))
        skipped = {t.item_id for t in db.session.scalars(select(SurveyTally).where(
            SurveyTally.value == SKIPPED, SurveyTally.count == 1))}
    assert not set(SKIPPED_ITEMS) & answered
    assert set(SKIPPED_ITEMS) <= skipped
    assert "training_available" in answered and "role_clear" in answered
