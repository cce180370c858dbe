"""One access rule for every organization page: leads see their own, coaches their
assigned ones, administrators all; everyone else gets 404. Admin pages are for
administrators only."""
from datetime import date

import pytest

from assessment.capability import operations
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.planning.operations import create_plan
from assessment.survey.operations import open_wave
from assessment.workforce.models import WorkforcePeriod
from tests.conftest import csrf_token, log_in

# Pages that change an organization's work: its lead (or an administrator) only.
LEAD_ONLY_PAGES = {"capability.new", "capability.close", "capability.reopen",
                   "capability.revoke_rater", "capability.reissue_rater", "survey.close",
                   "invitations.remind",
                   "workforce.enter", "workforce.upload", "workforce.target"}


def organization_routes(app):
    return [rule for rule in app.url_map.iter_rules() if "org_id" in rule.arguments]


def admin_routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")]


def url_for_rule(rule, **values):
    defaults = {name: 1 for name in rule.arguments}
    return rule.build({**defaults, **values})[1]


def organization_url(rule, organization):
    """The rule's URL for real objects of that organization (its cycle, its rater)."""
    values = {"org_id": organization.id, "cycle_id": organization.cycle_id,
              "rater_id": organization.rater_id, "item_id": organization.item_id,
              "wave_id": organization.wave_id, "period_id": organization.period_id}
    return url_for_rule(rule, **{k: v for k, v in values.items() if k in rule.arguments})


def request_each(client, rule, url):
    """Every method of the rule, POSTs with a valid CSRF token so the access check is reached."""
    token = csrf_token(client)
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        data = {"csrf_token": token} if method == "POST" else None
        yield method, client.open(url, method=method, data=data)


def workforce_period(organization_id: int) -> int:
    row = WorkforcePeriod(organization_id=organization_id, year=2025, source="entered",
                          headcount_start=10, headcount_end=10, details={})
    db.session.add(row)
    db.session.commit()
    return row.id


@pytest.fixture
def two_organizations(app, make_organization, make_user):
    mine = make_organization("Mine")
    theirs = make_organization("Theirs")
    for organization in (mine, theirs):
        with app.app_context():
            cycle = operations.start_cycle(db.session.get(Organization, organization.id),
                                           "2026 baseline", date(2026, 1, 15))
            organization.cycle_id = cycle.id
            organization.rater_id = operations.add_rater(cycle, "Supervisor").id
            organization.item_id = create_plan(cycle, None, None, date.today())[0].items[0].id
            organization.wave_id = open_wave(cycle.organization, "Survey", date(2026, 1, 1),
                                             date(2026, 2, 1), cycle).id
            organization.period_id = workforce_period(organization.id)
    return {
        "mine": mine, "theirs": theirs,
        "lead": make_user("lead", mine),
        "coach": make_user("coach", coaches=[mine]),
        "admin": make_user("admin"),
    }


def test_the_app_has_organization_pages_to_protect(app):
    assert organization_routes(app), "no organization-scoped route found"


@pytest.mark.parametrize("role", ["lead", "coach"])
def test_no_one_reaches_an_organization_that_is_not_theirs(app, client, two_organizations, role):
    log_in(client, two_organizations[role])
    for rule in organization_routes(app):
        url = organization_url(rule, two_organizations["theirs"])
        for method, response in request_each(client, rule, url):
            assert response.status_code in (403, 404), (method, url, response.status_code)


def test_an_unknown_organization_is_404_even_for_an_administrator(app, client, two_organizations):
    log_in(client, two_organizations["admin"])
    for rule in organization_routes(app):
        for method, response in request_each(client, rule, url_for_rule(rule, org_id=9999)):
            assert response.status_code == 404, (method, rule.rule)


@pytest.mark.parametrize("role", ["lead", "coach", "admin"])
def test_each_role_reaches_the_organizations_it_may_see(app, client, two_organizations, role):
    log_in(client, two_organizations[role])
    for rule in organization_routes(app):
        if "GET" in rule.methods:
            url = organization_url(rule, two_organizations["mine"])
            response = client.get(url)
            if role == "coach" and rule.endpoint in LEAD_ONLY_PAGES:
                assert response.status_code == 403, url
            elif response.status_code == 302:  # e.g. "make the plan" once it is made
                assert response.headers["Location"].startswith("/organizations/"), url
            else:
                assert response.status_code == 200, url


def test_organization_pages_ask_anonymous_visitors_to_log_in(app, client, two_organizations):
    for rule in organization_routes(app):
        url = organization_url(rule, two_organizations["mine"])
        for method, response in request_each(client, rule, url):
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["lead", "coach"])
def test_admin_pages_are_forbidden_to_other_roles(app, client, two_organizations, role):
    log_in(client, two_organizations[role])
    for rule in admin_routes(app):
        for method, response in request_each(client, rule, url_for_rule(rule)):
            if method == "GET":
                assert response.status_code == 403, rule.rule
                assert "You do not have access to this page" in response.get_data(as_text=True)
            else:
                assert response.status_code == 403, rule.rule


def test_refused_access_is_logged(client, two_organizations, caplog):
    log_in(client, two_organizations["lead"])
    with caplog.at_level("WARNING", logger="assessment.security"):
        client.get(f"/organizations/{two_organizations['theirs'].id}")
        client.get("/admin/")
    assert caplog.text.count("access refused") == 2


def test_coaches_read_but_do_not_run_an_organizations_assessment(app, client, two_organizations):
    log_in(client, two_organizations["coach"])
    mine = two_organizations["mine"]
    token = csrf_token(client)
    for action in ("/close", "/rate-myself", ""):
        url = f"/organizations/{mine.id}/cycles/{mine.cycle_id}{action}"
        assert client.post(url, data={"csrf_token": token, "name": "x"}).status_code == 403
    assert client.get(f"/organizations/{mine.id}/cycles/new").status_code == 403


def test_a_coach_lists_only_assigned_organizations(client, two_organizations):
    log_in(client, two_organizations["coach"])
    page = client.get("/organizations/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page


def test_a_lead_going_to_the_list_is_sent_to_their_organization(client, two_organizations):
    log_in(client, two_organizations["lead"])
    response = client.get("/organizations/")
    assert response.headers["Location"] == f"/organizations/{two_organizations['mine'].id}"
