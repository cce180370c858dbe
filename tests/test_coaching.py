"""The coach's workspace: who needs help and with what, the cohort, the exports."""
import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning import operations as plans
from assessment.planning.models import PlanItem
from tests.conftest import log_in
from tests.survey_helpers import answer_all


def rated(app, org_id, name, levels, starts_on, plan=False, overdue=0):
    """A rated cycle of that organization, with a plan whose first items are overdue."""
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, org_id), name, starts_on)
        rater = capability.add_rater(cycle, "Team")
        for practice_id, level in zip(capability.cycle_rubric(cycle).practice_ids, levels):
            capability.save_rating(rater, practice_id, level, "")
        if plan:
            made = plans.create_plan(cycle, None, None, date.today())[0]
            for item in made.items:
                item.due_on = date.today() + timedelta(days=30)
            for item in made.items[:overdue]:
                item.due_on = date.today() - timedelta(days=1)
            made.items[-1].status = "done"
            db.session.commit()
        return cycle.id


@pytest.fixture
def cohort(app, make_organization, make_user):
    harbor = make_organization("Harbor Peer Collective")
    valle = make_organization("Valle Verde Recovery")
    other = make_organization("Not Mine Services")
    coach = make_user("coach", coaches=[harbor, valle])
    rated(app, harbor.id, "2025 baseline", [1, 2, 2, 1, 1, 2, 1], date(2025, 1, 10))
    rated(app, harbor.id, "2026 follow-up", [2, 3, 2, 2, 1, 3, 2], date(2026, 1, 10), plan=True,
          overdue=2)
    rated(app, valle.id, "2026 baseline", [3, 3, 4, 3, 3, 3, 3], date(2026, 2, 1))
    rated(app, other.id, "2026 baseline", [4] * 7, date(2026, 2, 1))
    return {"harbor": harbor, "valle": valle, "other": other, "coach": coach,
            "lead": make_user("lead", harbor)}


def rows_of(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(r))).strip()
            for r in re.findall(r"<tr>(.*?)</tr>", page, re.S)]


def test_the_dashboard_shows_each_assigned_organizations_state(client, cohort):
    response = log_in(client, cohort["coach"])
    assert response.headers["Location"] == "/coach/"
    rows = rows_of(client.get("/coach/").get_data(as_text=True))
    harbor = next(r for r in rows if r.startswith("Harbor"))
    assert "2026 follow-up" in harbor and "1 · Initially Developed" in harbor
    assert "2.14" in harbor  # (2+3+2+2+1+3+2) / 7
    assert "Done: 1 of 13. In progress: 0. Overdue: 2." in harbor
    assert "Plan items overdue" in harbor and "Practices at level 1: 5" in harbor
    valle = next(r for r in rows if r.startswith("Valle"))
    assert "3 · Well-Developed" in valle and "3.14" in valle
    assert "No plan yet" in valle
    assert not any("Not Mine" in r for r in rows)


def test_the_dashboard_sorts_and_filters_without_javascript(client, cohort):
    log_in(client, cohort["coach"])
    by_mean = rows_of(client.get("/coach/?sort=mean&dir=desc").get_data(as_text=True))
    names = [r.split(" ")[0] for r in by_mean[1:]]
    assert names == ["Valle", "Harbor"]
    only = rows_of(client.get("/coach/?need=overdue").get_data(as_text=True))
    assert len(only) == 2 and only[1].startswith("Harbor")
    level_3 = rows_of(client.get("/coach/?level=3").get_data(as_text=True))
    assert len(level_3) == 2 and level_3[1].startswith("Valle")
    page = client.get("/coach/?q=valle").get_data(as_text=True)
    assert "Showing 1 of 2 organizations." in page
    assert client.get("/coach/?sort=evil&level=x&need=nope").status_code == 200


def test_the_dashboard_shows_survey_responses(app, client, cohort):
    from assessment.survey.operations import open_wave
    with app.app_context():
        wave = open_wave(db.session.get(Organization, cohort["valle"].id), "Survey",
                         date.today() - timedelta(days=1), date.today() + timedelta(days=9),
                         None)
        code = wave.code
    for _ in range(3):
        answer_all(app, code)
    log_in(client, cohort["coach"])
    valle = next(r for r in rows_of(client.get("/coach/").get_data(as_text=True))
                 if r.startswith("Valle"))
    assert " 3 " in f" {valle} " and "No staff survey responses" not in valle


def test_the_cohort_table_writes_each_level_and_the_change_since_the_first_cycle(client,
                                                                                cohort):
    log_in(client, cohort["coach"])
    page = client.get("/coach/cohort").get_data(as_text=True)
    harbor = next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "Harbor" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", harbor, re.S)
    assert [re.search(r"<strong>(\d)</strong>", c).group(1) for c in cells] == list("2322132")
    assert 'class="level-3"' in harbor
    assert cells[1].count("+1") == 1 and "since the first cycle" in cells[1]  # 2 -> 3
    assert "−" not in harbor  # nothing went down
    distribution = rows_of(page.split("How many organizations are at each level")[1])
    accountability = next(r for r in distribution if r.startswith("1. Accountability"))
    assert accountability.split()[-5:] == ["0", "1", "1", "0", "0"]  # levels 1-4, unrated
    assert "Not Mine" not in page


def csv_rows(client, kind):
    response = client.get(f"/coach/export/{kind}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_exports_cover_only_assigned_organizations(client, cohort):
    log_in(client, cohort["coach"])
    results = csv_rows(client, "cycle-results")
    assert results[0][:6] == ["Organization", "Cycle", "Start date", "Cycle status", "No.",
                              "Practice"]
    assert len(results) == 1 + 3 * 7
    assert {r[0] for r in results[1:]} == {"Harbor Peer Collective", "Valle Verde Recovery"}
    items = csv_rows(client, "plan-items")
    assert {r[0] for r in items[1:]} == {"Harbor Peer Collective"}
    assert sum(1 for r in items[1:] if r[-1] == "yes") == 2


def test_exports_neutralise_formulas_and_keep_spanish_text(app, client, cohort):
    with app.app_context():
        item = db.session.scalar(select(PlanItem).order_by(PlanItem.id))
        item.lead = "=HYPERLINK(\"http://evil\")"
        item.target_es = "Capacitación y ascensos para el año"
        db.session.commit()
    log_in(client, cohort["coach"])
    client.post("/language", data={"lang": "es", "next": "/",
                                   "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                           client.get("/").get_data(as_text=True)).group(1)})
    items = csv_rows(client, "plan-items")
    assert items[0][0] == "Organización"
    first = next(r for r in items[1:] if "Capacitación y ascensos para el año" in r)
    assert "'=HYPERLINK(\"http://evil\")" in first


def test_the_survey_export_keeps_the_small_group_rule(app, client, cohort):
    from assessment.survey.operations import open_wave
    codes = {}
    with app.app_context():
        for key in ("harbor", "valle"):
            codes[key] = open_wave(db.session.get(Organization, cohort[key].id), f"Survey {key}",
                                   date.today() - timedelta(days=1),
                                   date.today() + timedelta(days=9), None).code
    for _ in range(4):
        answer_all(app, codes["harbor"])
    for _ in range(5):
        answer_all(app, codes["valle"])
    log_in(client, cohort["coach"])
    still_open = next(r for r in csv_rows(client, "survey") if r[0].startswith("Valle"))
    assert still_open[4] == "open" and set(still_open[6:]) == {"shown after the survey closes"}
    with app.app_context():
        from assessment.survey.models import SurveyWave
        for wave in db.session.scalars(select(SurveyWave)):
            wave.closes_on = date.today() - timedelta(days=1)
        db.session.commit()
    rows = csv_rows(client, "survey")
    harbor = next(r for r in rows if r[0].startswith("Harbor"))
    valle = next(r for r in rows if r[0].startswith("Valle"))
    assert harbor[4:6] == ["closed", "4"] and set(harbor[6:]) == {"fewer than 5 responses"}
    assert valle[4:6] == ["closed", "5"] and valle[6:] == ["100"] * 7


def test_leads_cannot_open_the_coach_workspace(client, cohort):
    log_in(client, cohort["lead"])
    for path in ("/coach/", "/coach/cohort", "/coach/export/cycle-results.csv"):
        assert client.get(path).status_code == 403


def test_an_unknown_export_is_not_found(client, cohort):
    log_in(client, cohort["coach"])
    assert client.get("/coach/export/raw-responses.csv").status_code == 404


def count_queries(app, client, path: str) -> int:
    statements = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_page_queries_do_not_grow_with_the_number_of_organizations(app, client, cohort,
                                                                   make_organization):
    log_in(client, cohort["coach"])
    paths = ("/coach/", "/coach/cohort", "/coach/export/cycle-results.csv",
             "/coach/export/plan-items.csv", "/coach/export/survey.csv")
    before = {path: count_queries(app, client, path) for path in paths}
    with app.app_context():
        from assessment.auth.models import User
        coach = db.session.get(User, cohort["coach"].id)
        extra = [Organization(name=f"Extra {n}") for n in range(8)]
        coach.coached_organizations.extend(extra)
        db.session.commit()
        extra_ids = [organization.id for organization in extra]
    for org_id in extra_ids:
        rated(app, org_id, "2026", [2] * 7, date(2026, 3, 1), plan=True)
    after = {path: count_queries(app, client, path) for path in paths}
    assert after == before


def test_a_coach_comments_on_a_practice_and_the_lead_answers(app, client, cohort):
    with app.app_context():
        from assessment.capability.models import AssessmentCycle
        cycle_id = db.session.scalar(select(AssessmentCycle.id).where(
            AssessmentCycle.name == "2026 follow-up"))
    profile = f"/organizations/{cohort['harbor'].id}/cycles/{cycle_id}/profile"
    url = f"/organizations/{cohort['harbor'].id}/cycles/{cycle_id}/comments"
    log_in(client, cohort["coach"])
    from tests.conftest import post_form
    post_form(client, url, {"practice_id": "budget", "body": "Could the board fund training?",
                            "next": profile})
    post_form(client, "/logout")
    log_in(client, cohort["lead"])
    page = html.unescape(client.get(profile).get_data(as_text=True))
    assert "Could the board fund training?" in page
    response = post_form(client, url, {"practice_id": "budget", "body": "We will ask in March.",
                                       "next": profile})
    assert response.headers["Location"] == f"{profile}#comments-budget"
    page = html.unescape(client.get(profile).get_data(as_text=True))
    budget_thread = page.split('id="comments-budget"')[1].split("</details>")[0]
    assert budget_thread.index("Could the board") < budget_thread.index("We will ask in March.")
    assert "2 comments" in budget_thread


def test_comments_on_plan_items_and_their_limits(app, client, cohort):
    from tests.conftest import post_form
    with app.app_context():
        item = db.session.scalar(select(PlanItem).order_by(PlanItem.id))
        item_id, cycle_id = item.id, item.plan.cycle_id
    harbor = cohort["harbor"].id
    url = f"/organizations/{harbor}/cycles/{cycle_id}/comments"
    plan_page = f"/organizations/{harbor}/cycles/{cycle_id}/plan"
    log_in(client, cohort["coach"])
    post_form(client, url, {"plan_item_id": item_id, "body": "Name a person here, please.",
                            "next": plan_page})
    assert "Name a person here, please." in client.get(plan_page).get_data(as_text=True)
    page = post_form(client, url, {"plan_item_id": item_id, "body": "  ", "next": plan_page})
    assert page.status_code == 400  # the comment's own page, with the box and the advice
    assert "Write a comment first." in page.get_data(as_text=True)
    assert post_form(client, url, {"practice_id": "nonsense", "body": "x"}).status_code == 404
    assert post_form(client, url, {"body": "about nothing"}).status_code == 400
    with app.app_context():
        valle_cycle = db.session.scalar(select(capability_models().AssessmentCycle.id).where(
            capability_models().AssessmentCycle.organization_id == cohort["valle"].id))
    other_url = f"/organizations/{cohort['valle'].id}/cycles/{valle_cycle}/comments"
    assert post_form(client, other_url, {"plan_item_id": item_id, "body": "x"}).status_code == 404


def capability_models():
    from assessment.capability import models
    return models


def test_a_cycle_just_started_does_not_hide_the_last_results(app, client, cohort):
    with app.app_context():
        capability.start_cycle(db.session.get(Organization, cohort["harbor"].id), "2027",
                               date(2027, 1, 10))
    log_in(client, cohort["coach"])
    harbor = next(r for r in rows_of(client.get("/coach/").get_data(as_text=True))
                  if r.startswith("Harbor"))
    assert "2026 follow-up" in harbor and "2.14" in harbor and "Overdue: 2." in harbor


def test_unknown_values_sort_last_both_ways_and_search_ignores_accents(app, client, cohort,
                                                                     make_organization):
    from assessment.auth.models import User
    with app.app_context():
        coach = db.session.get(User, cohort["coach"].id)
        coach.coached_organizations.append(Organization(name="Peña Recovery"))
        db.session.commit()
    log_in(client, cohort["coach"])
    for direction in ("asc", "desc"):
        rows = rows_of(client.get(f"/coach/?sort=level&dir={direction}").get_data(as_text=True))
        assert rows[-1].startswith("Peña")
    page = client.get("/coach/?q=pena").get_data(as_text=True)
    assert "Showing 1 of 3 organizations." in page


def test_a_practice_lower_than_the_first_cycle_is_flagged(app, client, cohort):
    rated(app, cohort["valle"].id, "2027", [3, 3, 2, 3, 3, 3, 3], date(2027, 2, 1))
    log_in(client, cohort["coach"])
    valle = next(r for r in rows_of(client.get("/coach/").get_data(as_text=True))
                 if r.startswith("Valle"))
    assert "Lower than the first cycle" in valle
    page = client.get("/coach/cohort").get_data(as_text=True)
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "Valle" in r)
    assert "±0" in row and "−2" in row


def test_the_summary_export_has_one_row_per_organization(client, cohort):
    log_in(client, cohort["coach"])
    rows = csv_rows(client, "summary")
    assert rows[0][:4] == ["Organization", "Latest rated cycle", "Overall level",
                           "Average level (1-4)"]
    assert [r[0] for r in rows[1:]] == ["Harbor Peer Collective", "Valle Verde Recovery"]
    harbor = rows[1]
    assert harbor[1:4] == ["2026 follow-up", "1", "2.14"] and harbor[4] == "13"


def test_a_comment_from_the_lead_shows_as_waiting_for_the_coachs_reply(app, client, cohort):
    from assessment.auth.models import User
    from assessment.capability.models import AssessmentCycle
    from assessment.comments import operations as comments
    with app.app_context():
        cycle = db.session.scalar(select(AssessmentCycle).where(
            AssessmentCycle.name == "2026 follow-up"))
        comments.add(cycle, db.session.get(User, cohort["coach"].id), "How is the budget?",
                     practice_id="budget")
    log_in(client, cohort["coach"])
    harbor = lambda: next(r for r in rows_of(client.get("/coach/").get_data(as_text=True))
                          if r.startswith("Harbor"))
    assert "waiting for your reply" not in harbor()
    with app.app_context():
        cycle = db.session.scalar(select(AssessmentCycle).where(
            AssessmentCycle.name == "2026 follow-up"))
        comments.add(cycle, db.session.get(User, cohort["lead"].id), "Asking in March.",
                     practice_id="budget")
    assert "New comment waiting for your reply" in harbor()
    only = rows_of(client.get("/coach/?need=reply").get_data(as_text=True))
    assert len(only) == 2 and only[1].startswith("Harbor")


def test_the_lead_sees_the_coachs_latest_comment_on_the_organization_page(app, client, cohort):
    from assessment.auth.models import User
    from assessment.capability.models import AssessmentCycle
    from assessment.comments import operations as comments
    with app.app_context():
        cycle = db.session.scalar(select(AssessmentCycle).where(
            AssessmentCycle.name == "2026 follow-up"))
        comments.add(cycle, db.session.get(User, cohort["coach"].id), "How is the budget?",
                     practice_id="budget")
        cycle_id = cycle.id
    log_in(client, cohort["lead"])
    page = html.unescape(client.get(f"/organizations/{cohort['harbor'].id}").get_data(
        as_text=True))
    assert "1 comment waiting for your answer" in page and "How is the budget?" in page
    assert f"/cycles/{cycle_id}/profile#comments-title-budget" in page
