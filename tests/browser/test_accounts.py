"""The account pages in a browser: readable by screen readers (axe) and on a phone."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def _log_in(page, base: str, user) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email", exact=True).fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_administrator_turns_off_an_account_from_its_page(
        live_server, new_page, make_organization, make_user):
    lead = make_user("lead", make_organization("Harbor"), name="Dana Brooks")
    page = new_page()
    _log_in(page, live_server, make_user("admin"))
    page.get_by_role("link", name="Dana Brooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account of Dana Brooks")
    assert_accessible(page)
    page.get_by_role("link", name="Turn off the account").click()
    page.get_by_role("button", name="Turn off the account").click()
    expect(page.get_by_text("The account of Dana Brooks is turned off.")).to_be_visible()
    del lead


def test_my_account_and_forgot_password_work_on_a_phone(
        live_server, new_page, make_organization, make_user):
    lead = make_user("lead", make_organization("Harbor"))
    page = new_page(width=360, height=640, locale="es-US")
    page.goto(f"{live_server}/login")
    page.get_by_role("link", name="¿Olvidó su contraseña?").click()
    expect(page.get_by_text("Este sitio todavía no envía correos.")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)
    page.goto(f"{live_server}/login")
    page.get_by_label("Correo electrónico", exact=True).fill(lead.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.get_by_role("link", name="Mi cuenta").click()
    assert_accessible(page)
    assert_fits_width(page, 360)
    page.get_by_label("English").check()
    page.get_by_role("button", name="Guardar mis opciones").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
