"""A Spanish-reading lead uploads a Spanish-headed roster on a phone, checks the preview,
saves, and reads the figures and the pay gap in Spanish."""
from playwright.sync_api import expect
from sqlalchemy import select

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.workforce.models import WorkforcePeriod
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width

HEADER = "Puesto;Fecha de inicio;Fecha de salida;Motivo de salida;Fechas de ascenso;Pago por hora;Género"


def roster_file(tmp_path):
    rows = [f"Especialista de pares;01/15/2020;;;03/01/2025;{18 + n}.00;mujer" for n in range(6)]
    rows += [f"Especialista de pares;2019-06-01;;;;{20 + n}.00;hombre" for n in range(5)]
    rows += ["Especialista de pares;6/1/18;6/30/25;voluntaria;;;hombre"]
    path = tmp_path / "personal.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_lead_uploads_a_spanish_roster_and_reads_the_figures_in_spanish(
        app, live_server, new_page, make_organization, make_user, tmp_path):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        db.session.get(Organization, organization.id).hhs_region = 9
        db.session.commit()

    page = new_page(width=360, height=640, locale="es-US")
    page.goto(f"{live_server}/login")
    page.get_by_label("Correo electrónico").fill(lead.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.goto(f"{live_server}/organizations/{organization.id}/workforce")
    page.get_by_role("link", name="Subir una lista de personal").click()
    page.get_by_label("Año").fill("2025")
    page.get_by_label("Archivo de la lista de personal").set_input_files(roster_file(tmp_path))
    assert_fits_width(page, 360)
    assert_accessible(page)
    page.get_by_role("button", name="Leer el archivo y mostrar la vista previa").click()

    expect(page.get_by_text("Todavía no se ha guardado nada.")).to_be_visible()
    expect(page.get_by_text("Columnas leídas: puesto, fecha de inicio, fecha de salida",
                            exact=False)).to_be_visible()
    expect(page.get_by_text("se fue durante el período: 1")).to_be_visible()
    assert_fits_width(page, 360)
    assert_accessible(page)
    with app.app_context():
        assert db.session.scalars(select(WorkforcePeriod)).all() == []

    page.get_by_role("button", name="Guardar estas cifras").click()
    expect(page.get_by_text("Cifras de 2025 guardadas.")).to_be_visible()
    figures = page.locator("dl.facts").first
    expect(figures).to_contain_text("Tasa de retención de personal")
    expect(figures).to_contain_text("91.7 %")            # 11 of the 12 at the start stayed
    pay = page.locator("table", has_text="Brecha salarial").first
    expect(pay).to_contain_text("$20.50")               # women's median
    expect(pay).to_contain_text("$22.00")               # men's median
    expect(pay).to_contain_text("6.8 %")                # (22.00 - 20.50) / 22.00
    expect(pay).to_contain_text("región 9 del HHS")
    gap = pay.get_by_text("6.8 %").bounding_box()    # on screen, not behind a sideways scroll
    assert gap["x"] >= 0 and gap["x"] + gap["width"] <= 360, gap
    assert_fits_width(page, 360)
    assert_accessible(page)
