"""The workforce figures in the plan PDF (both languages) and the coach's dashboard, cohort
page and CSV export."""
import csv
import io
import re

import pytest

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.workforce import operations
from assessment.workforce.coach import spread
from assessment.workforce.metrics import Counts, Period
from tests.conftest import log_in
from tests.test_plan_pages import make_plan, pdf_text, rated_cycle  # noqa: F401


def keep(app, org_id, year, retained, pay=None, region=None):
    """A typed period: 40 at the start, 44 at the end, 6 left, 10 hired, 5 internal fills."""
    counts = Counts(headcount_start=40, headcount_end=44, hires=10, internal_fills=5,
                    promotions=3, separations_voluntary=4, separations_involuntary=2,
                    retained=retained)
    with app.app_context():
        organization = db.session.get(Organization, org_id)
        if region:
            organization.hhs_region = region
        summary = {"counts": counts.__dict__.copy(), "caseload": [], "breakdowns": {},
                   "pay": {"overall": pay or {}, "roles": []}}
        draft = operations.make_draft(organization, Period(year), "entered", counts, summary)
        operations.save_draft(organization, draft, None, replace=False)


def test_both_pdfs_give_the_workforce_figures_with_change_since_the_first_year(
        app, client, rated_cycle):  # noqa: F811
    org_id = rated_cycle["organization"].id
    keep(app, org_id, 2024, retained=30)
    keep(app, org_id, 2025, retained=35, pay={"female": "18.00", "male": "20.00"}, region=9)
    make_plan(client, rated_cycle)
    text, _pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=en")
    assert "Workforce figures" in text
    assert "Retention rate 75.0 % 87.5 % +12.5 points" in text
    assert "pay gap 10.0 %" in text
    assert "HHS region 9" in text
    spanish, _pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=es")
    assert "Tasa de retención de personal 75.0 % 87.5 % +12.5 puntos" in spanish


def test_a_pdf_without_figures_says_so(app, client, rated_cycle):  # noqa: F811
    make_plan(client, rated_cycle)
    text, _pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=en")
    assert "No workforce figures yet." in text


@pytest.fixture
def coached(app, make_organization, make_user):
    harbor, valle = make_organization("Harbor"), make_organization("Valle")
    keep(app, harbor.id, 2024, retained=30)
    keep(app, harbor.id, 2025, retained=35)
    keep(app, valle.id, 2025, retained=20)
    return {"harbor": harbor, "valle": valle,
            "coach": make_user("coach", coaches=[harbor, valle])}


def plain(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_coach_sees_each_organizations_latest_rates_from_the_dashboard(client, coached):
    log_in(client, coached["coach"])
    dashboard = plain(client.get("/coach/"))
    assert "2 of your organizations have workforce figures." in dashboard
    assert "Retention rate, median: 68.8 %." in dashboard
    page = plain(client.get("/coach/workforce"))
    assert "Retention rate 87.5 % (+12.5 points)" in page      # Harbor, 2025 vs 2024
    assert "Retention rate 50.0 %" in page                         # Valle: 20 / 40


def test_a_lead_cannot_open_the_coach_workforce_page(client, coached, make_user):
    log_in(client, make_user("lead", coached["harbor"]))
    assert client.get("/coach/workforce").status_code == 403


def test_the_cohort_page_gives_median_and_range_across_organizations(client, coached):
    log_in(client, coached["coach"])
    page = plain(client.get("/coach/cohort"))
    # Latest retention: 87.5 and 50.0 -> median 68.8 (68.75 rounded half even), range 50.0-87.5
    assert "Retention rate 2 68.8 % 50.0 % – 87.5 %" in page


def test_the_workforce_export_has_a_row_per_organization_and_blank_for_no_figure(client, coached):
    log_in(client, coached["coach"])
    response = client.get("/coach/export/workforce.csv")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    header = rows[0]
    harbor = dict(zip(header, rows[1]))
    assert harbor["Organization"] == "Harbor"
    assert harbor["Retention rate"] == "87.5"
    assert harbor["Retention rate: change since the first period"] == "12.5"
    assert harbor["Vacancy rate"] == ""      # no budgeted positions: no figure, not 0


def test_spread_leaves_out_organizations_without_the_figure():
    from decimal import Decimal as D
    result = spread([D("10"), None, D("30"), D("20")])
    assert (result.organizations, result.median, result.lowest, result.highest) == (
        3, D("20.0"), D("10"), D("30"))
    assert spread([None]).median is None


def first_item_id(app):
    from sqlalchemy import select

    from assessment.planning.models import PlanItem
    with app.app_context():
        return db.session.scalars(select(PlanItem).order_by(PlanItem.position)).first().id


def test_a_plan_item_target_shows_against_the_latest_figure_on_the_page_and_pdf(
        app, client, rated_cycle):  # noqa: F811
    from tests.conftest import post_form
    org_id = rated_cycle["organization"].id
    keep(app, org_id, 2025, retained=35)          # internal fill 5 / 15 = 33.3 %
    make_plan(client, rated_cycle)
    item_id = first_item_id(app)
    target_url = f"{rated_cycle['base']}/items/{item_id}/target"
    refused = post_form(client, target_url, {"metric": "internal_fill_rate", "value": "140",
                                             "within_months": "12"})
    assert refused.status_code == 400
    assert "A rate is from 0 to 100 %." in plain(refused)
    post_form(client, target_url, {"metric": "internal_fill_rate", "value": "40",
                                   "within_months": "12"})
    page = plain(client.get(rated_cycle["base"]))
    assert "Target: Internal fill rate 40.0 % by" in page
    assert "Latest figure: 33.3 % (2025). Not yet reached" in page
    text, _pages = pdf_text(client, f"{rated_cycle['base']}/pdf?lang=en")
    assert "Internal fill rate 40.0 % by" in text and "latest 33.3 %: not yet reached" in text


def test_a_coach_cannot_set_a_target(app, client, rated_cycle):  # noqa: F811
    make_plan(client, rated_cycle)
    item_id = first_item_id(app)
    coach = app.test_client()
    log_in(coach, rated_cycle["coach"])
    assert coach.get(f"{rated_cycle['base']}/items/{item_id}/target").status_code == 403
    assert "Add a measurable target" not in plain(coach.get(rated_cycle["base"]))
