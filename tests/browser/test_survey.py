"""A worker answers the staff survey (a wave of version 1, which keeps working) on a
360x640 phone in Spanish, stops, comes back with the code and sends; the lead reads the
results. Version 2 has its own test in test_survey_v2.py."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import operations
from assessment.survey.questionnaire import survey
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width

AGREEMENT = ["De acuerdo", "Totalmente de acuerdo", "En desacuerdo", "No aplica"]


def answer_section(page, answers_per_question):
    for n, question in enumerate(page.locator("fieldset.question").all()):
        question.get_by_text(answers_per_question[n % len(answers_per_question)], exact=True).click()


def test_a_worker_answers_in_spanish_on_a_phone_stops_resumes_and_sends(
        app, live_server, browser, new_page, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        wave = operations.open_wave(db.session.get(Organization, organization.id),
                                    "Encuesta 2026", date.today(),
                                    date.today() + timedelta(days=14), None, survey(1))
        link, wave_id = f"{live_server}/s/{wave.code}", wave.id

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = phone.new_page()
    page.goto(link)
    assert page.url.endswith("/survey/")  # the link's code is gone from the address bar
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Encuesta del personal: crecer en su carrera aquí")
    expect(page.get_by_text("Es anónima.")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Sí, comenzar la encuesta").click()

    expect(page.get_by_text("Sección 1 de 5")).to_be_visible()
    assert_accessible(page)
    answer_section(page, AGREEMENT)
    page.get_by_role("button", name="Guardar y continuar", exact=True).click()
    expect(page.get_by_text("Sección 2 de 5")).to_be_visible()
    code = page.locator("strong.code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    assert_fits_width(page, 360)
    assert_accessible(page)
    phone.close()  # the worker stops; the browser is gone

    phone = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US")
    page = phone.new_page()
    page.goto(link)
    page.get_by_label("Su código").fill(code.lower())
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("Sección 2 de 5")).to_be_visible()
    for number in (2, 3):
        answer_section(page, AGREEMENT)
        page.get_by_role("button", name="Guardar y continuar", exact=True).click()
        expect(page.get_by_text(f"Sección {number + 1} de 5")).to_be_visible()
    page.get_by_text("Salario bajo").click()
    page.get_by_text("Agotamiento laboral").click()
    page.get_by_text("Probable", exact=True).click()
    page.get_by_label("¿Qué cambio le ayudaría a crecer en su carrera aquí?").fill(
        "Más capacitación en español")
    assert_accessible(page)
    page.get_by_role("button", name="Guardar y continuar", exact=True).click()
    expect(page.get_by_text("Sección 5 de 5")).to_be_visible()
    page.get_by_role("group", name=re.compile("¿Cuál es su género actual?")).get_by_text(
        "Prefiero no contestar").click()
    assert_fits_width(page, 360)
    page.get_by_role("button", name="Enviar mis respuestas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias")
    assert_accessible(page)
    page.go_back()  # an old page resent: still one response
    phone.close()

    page = new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server}/organizations/{organization.id}/surveys/{wave_id}")
    expect(page.locator(".big-number")).to_have_text("1")
    expect(page.get_by_text("Figures are shown when the survey closes", exact=False)
           ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Close the survey now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close “Encuesta 2026” now?")
    assert_accessible(page)
    page.get_by_role("button", name="Close the survey").click()
    expect(page.get_by_text("The survey closed with fewer than 5 responses: no figures can be "
                            "shown.")).to_be_visible()
    expect(page.get_by_label("Survey link")).to_have_count(0)
    assert_accessible(page)


def test_a_lead_reads_the_results_with_bars_on_a_phone(app, live_server, new_page,
                                                       make_organization, make_user):
    from tests.survey_helpers import answer_all

    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        wave = operations.open_wave(db.session.get(Organization, organization.id),
                                    "Staff survey 2026", date.today(),
                                    date.today() + timedelta(days=14), None)
        code, wave_id = wave.code, wave.id
    for n in range(6):
        answer_all(app, code, {"q_role": "peer_specialist", "q_one_change": f"Idea {n}",
                               "q_intent_to_stay": "likely" if n % 2 else "not_sure"})
    with app.app_context():
        from assessment.survey.models import SurveyWave
        operations.close_wave(db.session.get(SurveyWave, wave_id), date.today())
    page = new_page(360, 640)
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server}/organizations/{organization.id}/surveys/{wave_id}")
    expect(page.get_by_role("heading", name="Staff agreement by practice")).to_be_visible()
    expect(page.locator("svg.answer-bar").first).to_be_visible()
    expect(page.get_by_text("3 (50%)").first).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.goto(f"{live_server}/organizations/{organization.id}/surveys")
    expect(page.get_by_text("Closed: no more answers · 6 responses")).to_be_visible()
    assert_fits_width(page, 360)
