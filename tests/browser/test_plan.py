"""A lead goes from the results to a plan, edits an item on a phone, and finds the PDFs."""
import re
from datetime import date

from playwright.sync_api import expect

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def test_a_lead_makes_edits_and_downloads_the_plan(app, live_server, new_page, make_organization,
                                                  make_user):
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

    page = new_page(width=360, height=640, locale="es-US")
    page.goto(f"{live_server}/login")
    page.get_by_label("Correo electrónico").fill(lead.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.goto(profile_url)
    page.get_by_role("link", name="Plan de implementación").click()
    page.get_by_role("button", name="Hacer el plan").click()
    expect(page.get_by_text("Se hizo el plan con 7 tareas.", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="En los próximos 3 meses")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)

    page.get_by_role("link", name="Editar esta tarea").first.click()
    page.get_by_label("Persona responsable").fill("Begoña Núñez")
    page.get_by_label("Estado", exact=True).select_option("in_progress")
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Guardar", exact=True).click()
    expect(page.get_by_text("Se guardó la tarea.")).to_be_visible()
    first_item = page.locator(".plan-item").first
    expect(first_item).to_contain_text("Persona responsable: Begoña Núñez")
    expect(first_item).to_contain_text("Estado: En curso")

    for name in ("Download PDF in English", "Descargar PDF en español"):
        link = page.get_by_role("link", name=name)
        with page.expect_download() as download:
            link.click()
        assert re.match(r"plan-\d+-(en|es)\.pdf", download.value.suggested_filename)
