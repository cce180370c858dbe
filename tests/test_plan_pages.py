"""A lead turns a profile into a plan, edits and tracks it, and downloads it as a PDF."""
import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from assessment.capability import operations as capability
from assessment.capability.rubric import rubric
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning.generator import due_date
from assessment.planning.models import Plan, PlanChange, PlanItem
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
        capability.close_cycle(cycle)
        cycle_id = cycle.id
    base = f"/organizations/{organization.id}/cycles/{cycle_id}/plan"
    return {"organization": organization, "lead": lead, "coach": coach, "cycle_id": cycle_id,
            "base": base}


def items(app):
    """(id, practice, from level, bucket, status, version, lead) of each item in the plan."""
    with app.app_context():
        return [(i.id, i.practice_id, i.from_level, i.bucket, i.status, i.version, i.lead)
                for i in db.session.scalars(select(PlanItem).where(PlanItem.removed_at.is_(None))
                                            .order_by(PlanItem.position))]


def item_of(app, practice_id, from_level):
    return next(i for i in items(app) if i[1:3] == (practice_id, from_level))


def make_plan(client, rated_cycle):
    log_in(client, rated_cycle["lead"])
    response = post_form(client, f"{rated_cycle['base']}/generate")
    assert response.status_code == 302


def page_text(client, url) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def edit(client, rated_cycle, item_id, version, **fields):
    data = {"target_en": "", "target_es": "", "activities_en": "", "activities_es": "",
            "lead": "", "contributors": "", "stakeholders": "", "bucket": "3_months",
            "due_on": "", "status": "not_started", "version": version, **fields}
    return post_form(client, f"{rated_cycle['base']}/items/{item_id}", data)


def form_values(client, rated_cycle, item_id) -> dict:
    """What the edit form shows, as a browser would send it back unchanged."""
    page = client.get(f"{rated_cycle['base']}/items/{item_id}").get_data(as_text=True)
    values = {name: html.unescape(value) for name, value in
              re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page)}
    values.update({name: html.unescape(text) for name, text in
                   re.findall(r'<textarea[^>]*name="([a-z_]+)"[^>]*>\n?(.*?)</textarea>', page,
                              re.S)})
    for name, options in re.findall(r'<select[^>]*name="([a-z_]+)"[^>]*>(.*?)</select>', page,
                                    re.S):
        values[name] = re.search(r'<option selected value="([^"]+)"|<option value="([^"]+)" '
                                 r'selected', options).group(1) or ""
    values.pop("csrf_token", None)
    return values


def test_a_lead_makes_the_plan_and_reads_why_each_step_is_where_it_is(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    page = page_text(client, rated_cycle["base"])
    assert "Plan made with 10 items." in page
    assert "It is at your organization's lowest level, below your other practices." in page
    assert "Not one of your priorities, so the plan starts it after them." in page
    assert "It is at level 4: keep it there, and check it at your next yearly assessment." in page
    assert "How this plan was made" in page
    # one section per practice, 01 to 07, in the tool's order
    numbers = re.findall(r'<span class="row-number">(\d\d)</span>', page)
    assert numbers == ["01", "02", "03", "04", "05", "06", "07"]
    budget = page[page.index('id="practice-budget"'):page.index('id="practice-technology"')]
    assert [label for label in re.findall(r"<h3[^>]*>([^<]+)</h3>", budget)] == [
        "Level 1 → 2", "Level 2 → 3", "Level 3 → 4"]


def test_steps_are_paced_one_level_per_period_and_due_from_the_day_the_plan_is_made(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    plan = {(p, f): b for _, p, f, b, *_ in items(app)}
    assert plan == {
        ("accountability", 4): "12_months", ("process", 3): "6_months",
        ("development", 2): "6_months", ("development", 3): "over_1_year",
        ("mapping", 4): "12_months", ("budget", 1): "3_months", ("budget", 2): "6_months",
        ("budget", 3): "over_1_year", ("technology", 3): "6_months",
        ("evaluation", 4): "12_months"}
    with app.app_context():
        budget = db.session.scalars(select(PlanItem).where(PlanItem.practice_id == "budget")
                                    .order_by(PlanItem.from_level)).first()
        assert budget.due_on == due_date(date.today(), "3_months")  # not from the cycle's start


def test_making_the_plan_twice_keeps_the_first(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    before = items(app)
    response = post_form(client, f"{rated_cycle['base']}/generate", follow_redirects=True)
    assert "This cycle already has a plan." in response.get_data(as_text=True)
    assert items(app) == before


def test_making_the_plan_from_an_open_cycle_warns_first(app, client, rated_cycle):
    log_in(client, rated_cycle["lead"])
    post_form(client, f"/organizations/{rated_cycle['organization'].id}/cycles/"
                      f"{rated_cycle['cycle_id']}/reopen")
    page = page_text(client, rated_cycle["base"])
    assert "The cycle is still open: raters can still change their answers." in page
    assert f'href="{rated_cycle["base"]}/generate"' in page  # a link to the warning page
    warning = page_text(client, f"{rated_cycle['base']}/generate")
    assert "Make the plan now?" in warning and "Make the plan anyway" in warning
    assert items(app) == []


def test_one_rater_reads_1_rater_not_agreed(app, client, rated_cycle):
    log_in(client, rated_cycle["lead"])
    profile = page_text(client, f"/organizations/{rated_cycle['organization'].id}/cycles/"
                                f"{rated_cycle['cycle_id']}/profile")
    assert ">1 rater<" in profile and "Agreed" not in profile


def test_an_edit_records_only_the_fields_that_changed_with_their_real_values(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest, version, _lead = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    assert values["lead"] == "Finance director"  # the suggested role, ready to replace
    response = post_form(client, f"{rated_cycle['base']}/items/{item_id}",
                         dict(values, lead="Ana Ruiz, finance", status="in_progress"))
    assert response.status_code == 302
    with app.app_context():
        changes = {c.field: (c.old_value, c.new_value) for c in db.session.scalars(
            select(PlanChange).where(PlanChange.item_id == item_id))}
    assert changes == {"lead": ("", "Ana Ruiz, finance"),
                       "status": ("not_started", "in_progress")}
    page = page_text(client, rated_cycle["base"])
    assert ("changed the lead: Finance director (suggested role) → Ana Ruiz, finance"
            in " ".join(page.split()))
    assert "status: Not started → In progress" in page


def test_an_english_edit_marks_the_spanish_untranslated_and_keeps_suggestions_translated(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest, version, _lead = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    crlf = {name: value.replace("\n", "\r\n") for name, value in values.items()}  # as browsers send
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", dict(
        crlf, activities_en=crlf["activities_en"] + "\r\nName Rosa Martínez as budget lead.",
        lead="Rosa Martínez"))
    post_form(client, "/language", {"lang": "es", "next": "/"})
    page = page_text(client, rated_cycle["base"])
    budget = page[page.index('id="item-%d"' % item_id):]
    budget = budget[:budget.index("</article>")]
    assert "Name Rosa Martínez as budget lead." in budget
    assert budget.count("todavía sin traducir") == 1  # that line only
    assert "Agregue al presupuesto del próximo año" in budget  # the others stay Spanish
    assert "requiere fondos nuevos" in budget or "fondos nuevos" not in page
    assert "Rosa Martínez" in budget
    assert "Junta directiva" in budget  # the untouched stakeholders, still in Spanish
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert item.stakeholders is None and item.contributors is None
        marks = [a.text.untranslated for a in item.activities]
        assert marks == [None] * (len(marks) - 1) + ["es"]  # only the new line waits
    # a bilingual coach writes the Spanish: the mark goes
    values = form_values(client, rated_cycle, item_id)
    assert "Name Rosa Martínez as budget lead." in values["activities_es"]  # to translate
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", dict(
        values, activities_es=values["activities_es"].replace(
            "Name Rosa Martínez as budget lead.", "Nombre a Rosa Martínez como responsable.")))
    with app.app_context():
        assert all(a.text.untranslated is None for a in db.session.get(PlanItem, item_id)
                   .activities)


def test_a_timeline_change_moves_the_due_date_unless_it_was_set_by_hand(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    post_form(client, f"{rated_cycle['base']}/items/{item_id}",
              dict(values, bucket="over_1_year"))
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert item.due_on == due_date(date.today(), "over_1_year")
        assert not item.due_set_by_hand
    # set by hand, then the timeline changes: the page asks
    values = form_values(client, rated_cycle, item_id)
    post_form(client, f"{rated_cycle['base']}/items/{item_id}",
              dict(values, due_on="2027-03-01"))
    values = form_values(client, rated_cycle, item_id)
    asked = post_form(client, f"{rated_cycle['base']}/items/{item_id}",
                      dict(values, bucket="6_months"))
    question = html.unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200
    assert "You set the due date by hand." in question and "Keep March 1, 2027" in question
    with app.app_context():
        assert db.session.get(PlanItem, item_id).bucket == "over_1_year"  # nothing saved yet
    post_form(client, f"{rated_cycle['base']}/items/{item_id}",
              dict(values, bucket="6_months", move_due="keep"))
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert (item.bucket, item.due_on, item.due_set_by_hand) == (
            "6_months", date(2027, 3, 1), True)
    assert "(date set by hand)" in page_text(client, rated_cycle["base"])


def test_a_second_save_with_an_old_version_is_refused_and_shows_the_newer_one(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    assert post_form(client, f"{rated_cycle['base']}/items/{item_id}",
                     dict(values, target_en="Goal by Dana", lead="Dana")).status_code == 302
    response = post_form(client, f"{rated_cycle['base']}/items/{item_id}",
                         dict(values, target_en="Goal by Rosa", lead="Rosa"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved this item while you were editing it." in page
    assert "Goal by Dana" in page and "Goal by Rosa" in page  # theirs shown, mine kept
    assert item_of(app, "budget", 1)[6] == "Dana"


@pytest.mark.parametrize("change, message", [
    ({"bucket": "tomorrow"}, "Not a valid choice"),
    ({"status": "finished"}, "Not a valid choice"),
    ({"target_en": "  ", "target_es": ""}, "Write the goal of this item, in English or Spanish."),
    ({"due_on": "31/31/2026"}, "Enter a real date: month, day and year."),
])
def test_bad_input_gets_a_message_and_changes_nothing(app, client, rated_cycle, change, message):
    make_plan(client, rated_cycle)
    before = items(app)
    item_id = before[0][0]
    values = form_values(client, rated_cycle, item_id)
    response = post_form(client, f"{rated_cycle['base']}/items/{item_id}", {**values, **change})
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert items(app) == before


def test_an_item_of_another_organization_is_not_found(app, client, rated_cycle,
                                                      make_organization):
    make_plan(client, rated_cycle)
    from assessment.planning.operations import create_plan
    other = make_organization("Other")
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, other.id), "X",
                                       date(2026, 1, 1))
        foreign_item = create_plan(cycle, None, None, date.today())[0].items[0].id
    url = f"{rated_cycle['base']}/items/{foreign_item}"
    assert client.get(url).status_code == 404
    for action in ("/remove", "/restore", "/status"):
        assert post_form(client, url + action).status_code == 404


def test_status_controls_name_their_step_and_overdue_items_stand_out(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    first, second = item_of(app, "budget", 1), item_of(app, "budget", 2)
    post_form(client, f"{rated_cycle['base']}/items/{first[0]}/status",
              {"status": "done", "version": first[5]})
    with app.app_context():
        for item in db.session.scalars(select(PlanItem)):
            item.due_on = date.today() + timedelta(days=30)
        db.session.get(PlanItem, second[0]).due_on = date.today() - timedelta(days=1)
        db.session.commit()
    page = page_text(client, rated_cycle["base"])
    assert "Status saved: Done." in page
    assert re.search(rf'<article class="card plan-item overdue" id="item-{second[0]}"', page)
    assert page.count('class="flag">Overdue') == 1
    assert re.search(r"<dt>Overdue</dt><dd>1</dd>", page)
    labels = re.findall(r'<label for="status-\d+">([^<]+)</label>', page)
    assert len(labels) == len(set(labels)) == 10
    assert "Status of 05 Budget for education, training and promotion, Level 2 → 3" in labels


def test_removing_an_item_asks_first_and_it_can_be_restored(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "technology", 3)
    confirm = page_text(client, f"{rated_cycle['base']}/items/{item_id}/remove")
    assert ("Remove “06 Technology for flexible engagement, Level 3 → 4” from the plan?"
            in confirm)
    assert "You can restore it from the plan page" in confirm
    assert len(items(app)) == 10
    post_form(client, f"{rated_cycle['base']}/items/{item_id}/remove")
    post_form(client, f"{rated_cycle['base']}/items/{item_id}/remove")  # a double tap
    assert len(items(app)) == 9
    page = page_text(client, rated_cycle["base"])
    assert "Removed items" in page and "removed an item" in page
    assert "No steps left in the plan for this practice: they were removed." in page
    post_form(client, f"{rated_cycle['base']}/items/{item_id}/restore")
    assert len(items(app)) == 10
    assert "restored an item" in page_text(client, rated_cycle["base"])
    with app.app_context():
        assert [c.field for c in db.session.scalars(select(PlanChange).where(
            PlanChange.item_id == item_id).order_by(PlanChange.id))] == ["removed", "restored"]


def test_a_lead_adds_their_own_item_in_spanish_only(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    response = post_form(client, f"{rated_cycle['base']}/items/new", {
        "target_es": "Reunión con todo el personal", "activities_es": "Reservar la sala",
        "bucket": "3_months", "due_on": "", "status": "not_started"})
    assert response.status_code == 302
    page = page_text(client, rated_cycle["base"])
    own = page[page.index('id="own-items"'):]
    assert "Reunión con todo el personal" in own and "not yet translated" in own
    with app.app_context():
        item = db.session.scalar(select(PlanItem).where(PlanItem.practice_id.is_(None)))
        assert item.due_on == due_date(date.today(), "3_months") and not item.due_set_by_hand


def test_remaking_the_plan_keeps_edited_items_and_redoes_the_others(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    budget_item = item_of(app, "budget", 1)[0]
    values = form_values(client, rated_cycle, budget_item)
    post_form(client, f"{rated_cycle['base']}/items/{budget_item}", dict(values, lead="Ana"))
    # new ratings: budget now at 2 (its 1 -> 2 step is no longer needed), technology at 4
    with app.app_context():
        cycle = db.session.get(Plan, db.session.scalar(select(Plan.id))).cycle
        capability.reopen_cycle(cycle)
        rater = capability.add_rater(cycle, "Second")
        for practice_id, level in dict(LEVELS, budget=2, technology=4).items():
            capability.save_rating(rater, practice_id, level, "")
        rater = capability.add_rater(cycle, "Third")
        for practice_id, level in dict(LEVELS, budget=3, technology=4).items():
            capability.save_rating(rater, practice_id, level, "")
    confirm = page_text(client, f"{rated_cycle['base']}/remake")
    assert "Items someone edited, added or removed stay as they are." in confirm
    response = post_form(client, f"{rated_cycle['base']}/remake", follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert "Plan remade from the current results: 1 added, 1 removed" in page
    assert "1 items you edited were kept as they are." in page
    plan = {(p, f): lead for _, p, f, _b, _s, _v, lead in items(app)}
    assert plan[("budget", 1)] == "Ana"              # edited: kept
    assert ("technology", 3) not in plan              # untouched, no longer needed: removed
    assert ("technology", 4) in plan                  # now at level 4: sustain
    assert "remade the plan from the current results" in page
    history = " ".join(page[page.index("Recent changes"):].split())
    assert "removed an item: 06 Technology for flexible engagement, Level 3 → 4" in history
    assert "added an item: 06 Technology for flexible engagement, Level 4: verify and" in history
    with app.app_context():  # the steps it moved say so in their own history
        moved = db.session.scalars(select(PlanChange).where(
            PlanChange.field == "bucket", PlanChange.user_id.is_not(None))).all()
        assert moved and all(c.item_id for c in moved)


def pdf_text(client, url) -> tuple[str, int]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)  # cells wrap: compare words, not lines


def test_the_pdf_is_the_implementation_tool_seven_rows_in_order_with_step_labels(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    text, pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=en")
    for expected in ("Implementation plan", "Harbor Peer Collective", "2026 baseline",
                     "Capability profile", "Best Practice: Level 4", "Key Activities",
                     "Lead / Contributors / Stakeholders", "Within 3 months",
                     "Within 6 months", "Within 12 months", "More than 1 year",
                     "January 15, 2026", f"Page 1 of {pages}", "Level 1 → 2 · Not started",
                     "Level 4: verify and sustain", "Level 4 reached.", "1 rater"):
        assert expected in text, expected
    plan = text[text.index("Career pathways implementation plan"):]
    titles = [practice.title.en for practice in rubric().practices]
    positions = [plan.index(f"{n:02d} {title}") for n, title in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    assert plan.count("Finance director") == 1  # one practice row names its people once


def test_the_spanish_pdf_of_an_edited_plan_is_all_spanish_with_the_marker(
        app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", dict(
        values, activities_en=values["activities_en"] + "\nAsk the board in March.",
        lead="Begoña Núñez", status="in_progress"))
    text, pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=es")
    for expected in ("Plan de implementación", "Perfil de capacidad", "Mejores prácticas: nivel 4",
                     "Actividades clave", "Más de 1 año", "En los próximos 3 meses",
                     "15 de enero de 2026", "05 Presupuesto", "Nivel 1 → 2 · En curso",
                     "Ask the board in March. (todavía sin traducir)", "Begoña Núñez",
                     "Junta directiva", f"Página 1 de {pages}"):
        assert expected in text, expected
    for english in ("Implementation plan", "Finance director", "Board", "Not started"):
        assert english not in text, english


def test_the_pdf_renders_every_field_at_its_longest(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    long_lines = "\n".join(f"Activity {n}: " + "write to every funder " * 3 for n in range(60))
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", dict(
        values, target_en="x" * 2000, activities_en=long_lines[:5000],
        activities_es=("palabra " * 700)[:5000], lead="L" * 300, contributors="C " * 150,
        stakeholders="https://example.org/" + "a" * 280))
    for language in ("en", "es"):
        text, pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang={language}")
        assert pages >= 3 and ("Activity 59" in text or language == "es")


def test_the_coach_csv_names_the_same_people_as_the_page_and_the_pdf(app, client, rated_cycle):
    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    post_form(client, f"{rated_cycle['base']}/items/{item_id}", dict(values, lead="Ana Ruiz"))
    post_form(client, "/logout")
    log_in(client, rated_cycle["coach"])
    response = client.get("/coach/export/plan-items.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 10
    budget = [row for row in rows if row["Practice"].startswith("Budget")]
    assert [row["Step"] for row in budget] == ["Level 1 → 2", "Level 2 → 3", "Level 3 → 4"]
    assert budget[0]["Lead"] == "Ana Ruiz"
    assert budget[1]["Lead"] == "Finance director"
    assert all(row["Lead"] and row["Contributors"] and row["Stakeholders"] for row in rows)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_pdf_heading_step_label_or_date_is_split_or_crosses_its_cell(
        app, client, rated_cycle, language):
    """Every word of a heading, step label and due date fits its column (reportlab would
    split a longer word, e.g. "Evaluadore / s/as", or a date across a border)."""
    from flask_babel import force_locale

    from assessment.i18n import LANGUAGES
    from assessment.planning import pdf
    from assessment.planning.rows import practice_rows

    make_plan(client, rated_cycle)
    padding = 12  # reportlab's default cell padding, left and right
    with app.test_request_context(), force_locale(LANGUAGES[language]):
        plan = db.session.scalar(select(Plan))
        profile = capability.cycle_profile(plan.cycle)
        cycle_rubric = capability.cycle_rubric(plan.cycle)
        tables = [pdf._profile_table(profile, cycle_rubric, language),
                  pdf._plan_table(practice_rows(plan.items, cycle_rubric, profile), cycle_rubric,
                                  language)]
        checked = 0
        for table in tables:
            for r, row in enumerate(table._cellvalues):
                for c, cell in enumerate(row):
                    our_words = r == 0 or (table is tables[1] and c >= 4)
                    laid_out = cell if isinstance(cell, (list, tuple)) else [cell]
                    for flowable in laid_out if our_words else ():
                        if isinstance(flowable, str):
                            continue  # an empty timeline cell
                        assert flowable.minWidth() <= table._colWidths[c] - padding, (
                            language, r, c, flowable.text)
                        checked += 1
    assert checked > 20


def test_an_item_edit_posted_after_its_form_expired_comes_back_filled_in(
        app, client, rated_cycle, monkeypatch):
    import itsdangerous

    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    page = client.get(f"{rated_cycle['base']}/items/{item_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    values = dict(form_values(client, rated_cycle, item_id), csrf_token=token,
                  activities_en="A long note typed over a whole afternoon.")
    now = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                        lambda self: now(self) + 13 * 3600)  # the form is 13 hours old
    response = client.post(f"{rated_cycle['base']}/items/{item_id}", data=values)
    assert response.status_code == 400
    assert "A long note typed over a whole afternoon." in response.get_data(as_text=True)
    with app.app_context():
        assert "afternoon" not in db.session.get(PlanItem, item_id).text("activities", "en")


def test_text_typed_while_the_session_ended_is_kept_through_the_login_and_sent_after(
        app, client, rated_cycle):
    from assessment.auth.models import UserSession

    make_plan(client, rated_cycle)
    item_id, *_rest = item_of(app, "budget", 1)
    values = form_values(client, rated_cycle, item_id)
    page = client.get(f"{rated_cycle['base']}/items/{item_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    with app.app_context():  # the lead was away longer than the idle limit
        db.session.query(UserSession).delete()
        db.session.commit()
    typed = "Ask the board for a training line; a note typed over lunch."
    response = client.post(f"{rated_cycle['base']}/items/{item_id}",
                           data=dict(values, csrf_token=token, activities_en=typed))
    login_page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "what you typed is kept" in html.unescape(login_page)
    kept = re.search(r'name="unsent" value="([^"]+)"', login_page).group(1)
    response = post_form(client, "/login?next=/", {
        "email": rated_cycle["lead"].email, "password": "correct horse battery",
        "unsent": kept})
    resend = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and typed in resend and "Send it now" in resend
    with app.app_context():
        assert "lunch" not in db.session.get(PlanItem, item_id).text("activities", "en")
    form = resend[resend.index(f'action="{rated_cycle["base"]}/items/{item_id}"'):]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             form[:form.index("</form>")]))
    response = client.post(f"{rated_cycle['base']}/items/{item_id}",
                           data={name: html.unescape(value) for name, value in fields.items()})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(PlanItem, item_id).text("activities", "en") == typed


def test_both_pdfs_give_the_survey_summary_and_seven_rows_in_order(app, client, rated_cycle):
    from assessment.capability.models import AssessmentCycle
    from assessment.survey import operations as surveys
    from assessment.survey.models import SurveyWave
    from tests.survey_helpers import answer_all

    with app.app_context():
        plan_cycle = db.session.get(AssessmentCycle, rated_cycle["cycle_id"])
        wave = surveys.open_wave(plan_cycle.organization, "Staff survey 2026",
                                 date.today() - timedelta(days=3),
                                 date.today() + timedelta(days=9), plan_cycle)
        wave_id, code = wave.id, wave.code
    for _ in range(6):
        answer_all(app, code, {"q_barriers": ["low_salary", "burnout"],
                               "q_intent_to_stay": "likely"})
    with app.app_context():
        surveys.close_wave(db.session.get(SurveyWave, wave_id), date.today())
    make_plan(client, rated_cycle)
    for language, words in (("en", ("“Staff survey 2026”: 6 responses.", "Top barriers:",
                                    "Still working here a year from now:", "of 6 people")),
                            ("es", ("“Staff survey 2026”: 6 respuestas.", "Principales obstáculos:",
                                    "Probabilidad de seguir trabajando aquí", "de 6 personas"))):
        text, _pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang={language}")
        for expected in words:
            assert expected in text, (language, expected)
        plan = text[text.rindex("01 "):]
        titles = [p.title.in_language(language) for p in rubric().practices]
        positions = [plan.index(f"{n:02d} {title}") for n, title in enumerate(titles, 1)]
        assert positions == sorted(positions), language
