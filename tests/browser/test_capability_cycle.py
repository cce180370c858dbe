"""A real team runs a capability cycle in the browser: three raters, one in Spanish,
one on a phone who stops and comes back; then the lead reads the profile."""
import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import assert_accessible, assert_fits_width

# One row per rater: the level chosen for practices 1 to 7 ("not sure" where None).
ANSWERS = {
    "Maria": [1, 3, 3, 4, 2, 2, 3],
    "Luis": [3, 3, 3, 4, 2, 3, 3],
    "Kim": [3, 3, None, 4, 2, 3, 4],
}


def choose(page, level: int | None, spanish: bool = False) -> None:
    if level is None:
        page.get_by_label("No estoy seguro/a" if spanish else "Not sure").check()
    else:
        name = "Nivel" if spanish else "Level"
        page.get_by_text(re.compile(rf"^{name} {level}:")).click()


def save(page, spanish: bool = False) -> None:
    page.get_by_role("button", name="Guardar y continuar" if spanish else "Save and continue").click()


def rate(page, link: str, levels, spanish=False, check_every_page=False):
    page.goto(link)
    if spanish:
        page.get_by_role("button", name="Español").click()
    start = page.get_by_role("link", name=re.compile("Start|Comenzar|Continue|Continuar"))
    start.click()
    for number, level in enumerate(levels, start=1):
        expect(page.get_by_text(re.compile(rf"(Practice|Práctica) {number} (of|de) 7"))).to_be_visible()
        if check_every_page:
            assert_accessible(page)
        choose(page, level, spanish)
        save(page, spanish)
    page.get_by_role("button", name="Terminé" if spanish else "I am done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias" if spanish else "Thank you")


def test_three_raters_complete_a_cycle_and_the_lead_reads_the_profile(
        live_server, new_page, browser, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization, name="Dana Brooks")
    page = new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(lead.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Start an assessment cycle").click()
    page.get_by_label("Name of this assessment cycle").fill("2026 baseline")
    assert_accessible(page)
    page.get_by_role("button", name="Start the cycle").click()
    links = {}
    for name in ANSWERS:
        page.get_by_label("Rater's name or role").fill(name)
        page.get_by_role("button", name="Add rater and make a link").click()
        links[name] = page.get_by_label(f"Personal link for {name}").input_value()
    assert_accessible(page)
    cycle_url = page.url

    # Maria, on a laptop, in English; every rating page is checked with axe.
    rate(new_page(), links["Maria"], ANSWERS["Maria"], check_every_page=True)

    # Luis, in Spanish.
    rate(new_page(locale="es-US"), links["Luis"], ANSWERS["Luis"], spanish=True)

    # Kim, on a 360x640 phone: three practices, then the browser is closed.
    phone = browser.new_context(viewport={"width": 360, "height": 640})
    kim = phone.new_page()
    kim.goto(links["Kim"])
    assert "/rate/" in kim.url and links["Kim"].rsplit("/", 1)[1] not in kim.url  # link cleaned
    kim.get_by_role("link", name="Start").click()
    for number, level in enumerate(ANSWERS["Kim"][:3], start=1):
        expect(kim.get_by_text(f"Practice {number} of 7")).to_be_visible()  # page loaded
        assert_fits_width(kim, 360)
        choose(kim, level)
        save(kim)
    expect(kim.get_by_text("Practice 4 of 7")).to_be_visible()  # the third answer is saved
    phone.close()

    # ...and opens the link again later, on a fresh phone browser.
    phone = browser.new_context(viewport={"width": 360, "height": 640})
    kim = phone.new_page()
    kim.goto(links["Kim"])
    expect(kim.get_by_text("3 of 7 practices rated.")).to_be_visible()
    assert_accessible(kim)
    kim.get_by_role("link", name="Continue where you left off").click()
    expect(kim.get_by_text("Practice 4 of 7")).to_be_visible()
    assert_fits_width(kim, 360)
    for level in ANSWERS["Kim"][3:]:
        choose(kim, level)
        save(kim)
    assert_accessible(kim)
    kim.get_by_role("button", name="I am done").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Thank you")
    phone.close()

    page.goto(cycle_url)
    expect(page.get_by_text("Finished", exact=True)).to_have_count(3)
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_text("2 · Partially Developed").first).to_be_visible()  # overall level
    expect(page.get_by_text("3.00 of 4")).to_be_visible()
    accountability = page.get_by_role("row", name=re.compile("Accountability and leadership"))
    expect(accountability).to_contain_text("3 · Well-Developed")
    expect(accountability).to_contain_text("1–3")
    expect(accountability).to_contain_text("Low agreement")
    development = page.get_by_role("row", name=re.compile("Part of employee development"))
    expect(development).to_contain_text("1 not sure")
    expect(development).not_to_contain_text("Low agreement")
    expect(page.get_by_role("img", name="Capability profile")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("row", name=re.compile("Responsabilidad y liderazgo"))).to_contain_text(
        "Poco acuerdo")
    assert_accessible(page)

    page.set_viewport_size({"width": 360, "height": 640})
    expect(page.get_by_role("img", name="Perfil de capacidad")).to_be_visible()
    page.get_by_role("link", name="Cómo se calculan los resultados").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cómo se calculan los resultados")
    assert_fits_width(page, 360)
    assert_accessible(page)
