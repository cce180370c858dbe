"""A lead builds the career lattice from a starter in Spanish and publishes it; a worker
on a 360x640 phone opens the short link, finds a route and downloads the worksheet."""
import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.extensions import db
from assessment.lattice import operations
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def test_a_lead_publishes_from_a_starter_in_spanish_and_a_worker_maps_a_route_on_a_phone(
        app, live_server, new_page, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    with app.app_context():
        db.session.get(Organization, organization.id).hhs_region = 9
        db.session.commit()

    page = new_page(width=1280, height=800, locale="es-US")
    page.goto(f"{live_server}/login")
    page.get_by_label("Correo electrónico").fill(lead.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.get_by_role("link", name="Movilidad profesional vertical y lateral").click()
    assert_accessible(page)
    page.get_by_label("Modelo inicial", exact=True).select_option(label="Apoyo entre pares")
    page.get_by_role("button", name="Agregar esta área").click()
    expect(page.get_by_text("Se agregó “Apoyo entre pares” a su borrador.")).to_be_visible()
    expect(page.get_by_text("Todavía sin rango de pago:")).to_be_visible()

    page.get_by_role("link", name="Editar Especialista en apoyo entre pares", exact=True).click()
    expect(page.get_by_text("región 9 de HHS")).to_be_visible()  # the region's peer pay
    assert_accessible(page)
    page.get_by_label("Por hora").check()
    page.get_by_label("Pago desde (dólares)").fill("24.00")
    page.get_by_label("Pago hasta (dólares)").fill("20.00")  # the end below the start
    page.get_by_role("button", name="Guardar el puesto").click()
    expect(page.get_by_text("El final del rango de pago es menor que el inicio.")).to_be_visible()
    page.get_by_label("Pago hasta (dólares)").fill("28.00")
    page.get_by_role("button", name="Guardar el puesto").click()
    expect(page.get_by_text("Puesto guardado en su borrador.")).to_be_visible()

    page.get_by_role("link", name="Publicar este borrador").click()
    page.get_by_role("button", name="Publicar", exact=True).click()
    expect(page.get_by_text("La versión 1 está publicada.")).to_be_visible()
    with app.app_context():
        code = operations.lattice_of(db.session.get(Organization, organization.id)).code

    phone = new_page(width=360, height=640, locale="es-US")
    phone.goto(f"{live_server}/l/{code}")  # the address the poster's QR code carries
    expect(phone.get_by_role("heading", level=1)).to_have_text("Carreras en Harbor Peer Collective")
    expect(phone.locator("svg.lattice-drawing")).to_be_visible()
    assert_fits_width(phone, 360)
    assert_accessible(phone)
    phone.locator("ol.lattice-list").get_by_role(
        "link", name="Especialista en apoyo entre pares", exact=True).click()
    expect(phone.get_by_text("De $24.00 a $28.00 por hora")).to_be_visible()
    assert_fits_width(phone, 360)
    assert_accessible(phone)
    phone.get_by_role("link", name="Hacer mi plan de carrera desde este puesto").click()
    phone.get_by_label("A dónde quiero llegar").select_option(label="Supervisor(a) de apoyo entre pares")
    phone.get_by_role("button", name="Mostrar los caminos").click()
    expect(phone.get_by_text("1 camino con la menor cantidad de cambios")).to_be_visible()
    expect(phone.get_by_text("probablemente unos 36 meses")).to_be_visible()
    assert_fits_width(phone, 360)
    assert_accessible(phone)
    phone.get_by_label("Meta 1", exact=True).fill("Terminar la capacitación en crisis")
    phone.get_by_label("Fecha de la meta 1").fill("2027-03-01")
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Descargar mi hoja de trabajo (PDF)").click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "My career map" in text and "Mi plan de carrera" in text
    assert "Terminar la capacitación en crisis" in text and "2027-03-01" in text
    assert "Supervisor(a) de apoyo entre pares" in text and "Peer support supervisor" in text
