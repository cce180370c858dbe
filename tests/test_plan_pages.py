"""A lead turns a profile into a plan, edits and tracks it, and downloads it as a PDF."""
import html
import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning.models import PlanChange, PlanItem
from tests.conftest import log_in, post_form

LEVELS = {"accountability": 4, "process": 3, "development": 2, "mapping": 4, "budget": 1,
          "technology": 3, "evaluation": 4}


@pytest.fixture
def rated_cycle(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization, name="Dana Brooks")
    coach = make_user("coach", coaches=[organization], name="Rosa Medina")
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                       "2026 baseline", date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Team")
        for practice_id, level in LEVELS.items():
            capability.save_rating(rater, practice_id, level, "")
        cycle_id = cycle.id
    base = f"/organizations/{organization.id}/cycles/{cycle_id}/plan"
    return {"organization": organization, "lead": lead, "coach": coach, "cycle_id": cycle_id,
            "base": base}


def items(app, cycle_id):
    with app.app_context():
        return [(i.id, i.practice_id, i.from_level, i.bucket, i.status, i.version, i.lead)
                for i in db.session.scalars(select(PlanItem).order_by(PlanItem.position))]


def make_plan(client, rated_cycle):
    log_in(client, rated_cycle["lead"])
    response = post_form(client, f"{rated_cycle['base']}/generate")
    assert response.status_code == 302


def test_a_lead_makes_the_plan_from_the_profile_and_reads_why(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    page = html.unescape(client.get(rated_cycle["base"]).get_data(as_text=True))
    assert "Plan made with 7 items." in page
    assert "It is at your organization's lowest level: a foundation to build first." in page
    assert "Not one of your priorities, so its first step is due within 6 months." in page
    assert "Within 3 months" in page and "Within 12 months" in page
    assert "Add a line for education and training to next year's budget" in page  # budget 1 -> 2
    assert "How this plan was made" in page


def test_the_plan_has_one_item_per_level_to_climb_in_the_right_buckets(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    plan = {(p, f): b for _, p, f, b, *_ in items(app, rated_cycle["cycle_id"])}
    assert plan == {
        ("budget", 1): "3_months", ("budget", 2): "6_months", ("budget", 3): "12_months",
        ("development", 2): "6_months", ("development", 3): "12_months",
        ("process", 3): "6_months", ("technology", 3): "6_months",
    }


def test_making_the_plan_twice_keeps_the_first(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    before = items(app, rated_cycle["cycle_id"])
    post_form(client, f"{rated_cycle['base']}/generate")
    assert items(app, rated_cycle["cycle_id"]) == before


def test_a_coach_edits_an_item_and_the_history_says_who_and_what(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest, version, _lead = items(app, rated_cycle["cycle_id"])[0]
    post_form(client, "/logout")
    log_in(client, rated_cycle["coach"])
    url = f"{rated_cycle['base']}/items/{item_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Finance director" in page  # the suggested role, ready to replace with a name
    response = post_form(client, url, {
        "target": "A yearly training budget.", "activities": "Ask the board\nFind a grant",
        "lead": "Ana Ruiz, finance", "contributors": "", "stakeholders": "Board",
        "bucket": "6_months", "due_on": "2026-07-15", "status": "in_progress",
        "version": version})
    assert response.status_code == 302
    page = client.get(rated_cycle["base"]).get_data(as_text=True)
    assert "A yearly training budget." in page and "Find a grant" in page
    assert "Item saved." in page
    assert "Rosa Medina" in page and "status: Not started → In progress" in page
    with app.app_context():
        fields = {c.field for c in db.session.scalars(select(PlanChange))}
    assert {"target_en", "activities_en", "lead", "bucket", "due_on", "status"} <= fields
    assert "target_es" not in fields  # the Spanish text is left as it was


def test_a_second_save_with_an_old_version_is_refused_and_shows_the_newer_one(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest, version, _lead = items(app, rated_cycle["cycle_id"])[0]
    url = f"{rated_cycle['base']}/items/{item_id}"
    first = {"target": "Goal by Dana", "activities": "One", "lead": "Dana",
             "bucket": "3_months", "due_on": "2026-04-15", "status": "not_started",
             "version": version}
    assert post_form(client, url, first).status_code == 302
    second = dict(first, target="Goal by Rosa", lead="Rosa")  # opened before Dana saved
    response = post_form(client, url, second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this item while you were editing it." in page
    assert "Goal by Dana" in page and "Goal by Rosa" in page  # theirs shown, mine kept
    assert items(app, rated_cycle["cycle_id"])[0][6] == "Dana"


@pytest.mark.parametrize("change, message", [
    ({"bucket": "tomorrow"}, "Not a valid choice"),
    ({"status": "finished"}, "Not a valid choice"),
    ({"target": "  "}, "Write the goal of this item."),
    ({"due_on": "31/31/2026"}, "Enter a real date: month, day and year."),
])
def test_bad_input_gets_a_message_and_changes_nothing(app, client, rated_cycle, change, message):
    make_plan(client, rated_cycle)
    before = items(app, rated_cycle["cycle_id"])
    item_id, *_rest, version, _lead = before[0]
    data = {"target": "Goal", "activities": "One", "bucket": "3_months",
            "due_on": "2026-04-15", "status": "done", "version": version, **change}
    response = post_form(client, f"{rated_cycle['base']}/items/{item_id}", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert items(app, rated_cycle["cycle_id"]) == before


def test_an_item_of_another_organization_is_not_found(app, client, rated_cycle,
                                                      make_organization):
    make_plan(client, rated_cycle)
    from assessment.planning.operations import create_plan
    other = make_organization("Other")
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, other.id), "X",
                                       date(2026, 1, 1))
        foreign_item = create_plan(cycle, None).items[0].id
    for url in (f"{rated_cycle['base']}/items/{foreign_item}",):
        assert client.get(url).status_code == 404
        assert post_form(client, f"{url}/remove").status_code == 404


def test_status_changes_and_overdue_items_stand_out(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    plan = items(app, rated_cycle["cycle_id"])
    first, second = plan[0], plan[1]
    post_form(client, f"{rated_cycle['base']}/items/{first[0]}/status",
              {"status": "done", "version": first[5]})
    with app.app_context():
        for item in db.session.scalars(select(PlanItem)):
            item.due_on = date.today() + timedelta(days=30)
        db.session.get(PlanItem, second[0]).due_on = date.today() - timedelta(days=1)
        db.session.commit()
    page = client.get(rated_cycle["base"]).get_data(as_text=True)
    assert "Status saved: Done." in page
    overdue = re.search(rf'<li class="card plan-item overdue" id="item-{second[0]}">', page)
    assert overdue and page.count('class="flag">Overdue') == 1
    summary = re.search(r"<p>Overdue</p><p class=\"big-number\">(\d+)", page).group(1)
    assert summary == "1"


def test_a_lead_adds_and_removes_their_own_item(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    count = len(items(app, rated_cycle["cycle_id"]))
    response = post_form(client, f"{rated_cycle['base']}/items/new", {
        "target": "Hold a staff town hall on pathways", "activities": "Book the room",
        "bucket": "3_months", "due_on": "2026-03-01", "status": "not_started"})
    assert response.status_code == 302
    new_id = items(app, rated_cycle["cycle_id"])[-1][0]
    assert len(items(app, rated_cycle["cycle_id"])) == count + 1
    post_form(client, f"{rated_cycle['base']}/items/{new_id}/remove")
    assert len(items(app, rated_cycle["cycle_id"])) == count
    page = client.get(rated_cycle["base"]).get_data(as_text=True)
    assert "removed an item: Hold a staff town hall on pathways" in page


def pdf_text(client, url) -> tuple[str, int]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)  # cells wrap: compare words, not lines


def test_the_pdf_in_english_mirrors_the_implementation_tool(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    text, pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=en")
    for expected in ("Implementation plan", "Harbor Peer Collective", "2026 baseline",
                     "Capability profile", "Best Practice: Level 4", "Key Activities",
                     "Lead / Contributors / Stakeholders", "Within 3 months",
                     "Within 6 months", "Within 12 months", "More than 1 year",
                     "January 15, 2026", f"Page 1 of {pages}"):
        assert expected in text, expected
    for practice in ("Accountability and leadership", "Part of employee development",
                     "Program assessed every year by all staff"):
        assert practice in text


def test_the_pdf_in_spanish_whatever_the_page_language(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest, version, _lead = items(app, rated_cycle["cycle_id"])[0]
    post_form(client, "/language", {"lang": "es", "next": "/"})
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", {
        "target": "¿Quién paga la capacitación? ¡Un presupuesto anual!",
        "activities": "Pedir fondos a la junta\nAñadir una partida", "lead": "Begoña Núñez",
        "bucket": "3_months", "due_on": "2026-04-15", "status": "in_progress",
        "version": version})
    post_form(client, "/language", {"lang": "en", "next": "/"})  # the page back in English
    text, pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=es")
    for expected in ("Plan de implementación", "Perfil de capacidad", "Mejores prácticas: nivel 4",
                     "Actividades clave", "Más de 1 año", "En los próximos 3 meses",
                     "15 de enero de 2026", "Responsabilidad y liderazgo",
                     "Presupuesto para estudios, capacitación y ascensos",
                     "¿Quién paga la capacitación? ¡Un presupuesto anual!", "Begoña Núñez",
                     "Añadir una partida", "Estado: En curso", f"Página 1 de {pages}"):
        assert expected in text, expected
    assert "Implementation plan" not in text
