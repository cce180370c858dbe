"""People using the app in a real browser: a coach in Spanish, an administrator, a phone."""
import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width


def log_in(page, base_url, user):
    page.goto(f"{base_url}/login")
    page.get_by_label(re.compile("Email|Correo electrónico")).fill(user.email)
    page.get_by_label(re.compile("^(Password|Contraseña)$")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Log in|Iniciar sesión")).click()


def test_a_coach_logs_in_switches_to_spanish_and_sees_spanish_pages(
        live_server, new_page, make_organization, make_user):
    harbor = make_organization("Harbor Peer Collective")
    make_user("lead", harbor, name="Dana Brooks")
    coach = make_user("coach", name="Rosa Medina", coaches=[harbor])
    page = new_page()

    page.goto(live_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Grow your staff's careers")
    assert_accessible(page)

    log_in(page, live_server, coach)
    expect(page.get_by_role("heading", level=1)).to_have_text("My organizations")
    assert_accessible(page)

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis organizaciones")
    assert_accessible(page)

    page.get_by_role("link", name="Harbor Peer Collective").click()
    expect(page.get_by_text("Responsables de la organización")).to_be_visible()
    expect(page.get_by_text("Dana Brooks")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mi cuenta").click()
    page.get_by_role("link", name="Cambiar contraseña").click()
    expect(page.get_by_label("Contraseña actual")).to_be_visible()
    page.get_by_role("button", name="Cambiar contraseña").click()
    expect(page.get_by_text("Escriba su contraseña actual.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page.get_by_text("Cerró la sesión.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_an_administrator_sets_up_an_organization_its_lead_and_its_coach(
        live_server, new_page, make_user):
    admin = make_user("admin")
    coach = make_user("coach", name="Rosa Medina")
    page = new_page()
    log_in(page, live_server, admin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert_accessible(page)

    page.get_by_role("link", name="New organization").click()
    page.get_by_role("button", name="Create organization").click()
    expect(page.get_by_text("Enter the organization's name.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organization name").fill("Valle Verde Recovery Network")
    page.get_by_role("button", name="Create organization").click()
    expect(page.get_by_text("Organization “Valle Verde Recovery Network” created.")).to_be_visible()

    page.get_by_role("link", name="New account").click()
    page.get_by_label("Full name").fill("Luis Ortega")
    page.get_by_label("Email", exact=True).fill("luis@valleverde.org")
    page.get_by_label("Role").select_option("lead")
    page.get_by_label("Organization (organization leads only)").select_option(
        label="Valle Verde Recovery Network")
    page.get_by_label("Starting password").fill("valle verde 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Account for Luis Ortega created.")).to_be_visible()

    page.get_by_role("link", name="Coach assignments").click()
    page.get_by_label("TA coach").select_option(label=f"Rosa Medina — {coach.email}")
    page.get_by_label("Organization", exact=True).select_option(label="Valle Verde Recovery Network")
    page.get_by_role("button", name="Assign coach").click()
    expect(page.get_by_text("Rosa Medina now coaches Valle Verde Recovery Network.")).to_be_visible()
    assert_accessible(page)


def test_pages_fit_a_360_pixel_phone_and_work_without_javascript(
        live_server, browser, make_organization, make_user):
    harbor = make_organization("Harbor Peer Collective with a rather long name")
    lead = make_user("lead", harbor, name="Dana Brooks")
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="es-US",
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server)
        expect(page.locator("html")).to_have_attribute("lang", "es")  # from Accept-Language
        assert_fits_width(page, 360)
        page.goto(f"{live_server}/no-such-page")
        expect(page.get_by_role("heading", level=1)).to_have_text("No encontramos esta página")
        assert_fits_width(page, 360)
        log_in(page, live_server, lead)
        expect(page.get_by_role("heading", level=1)).to_have_text(harbor.name)
        assert_fits_width(page, 360)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_fits_width(page, 360)
    finally:
        context.close()


def test_the_phone_pages_pass_axe(live_server, new_page, make_organization, make_user):
    lead = make_user("lead", make_organization("Harbor"))
    page = new_page(width=360, height=640, locale="es-US")
    for path in ("/", "/login", "/no-such-page"):
        page.goto(live_server + path)
        assert_accessible(page)
    log_in(page, live_server, lead)
    assert_accessible(page)
