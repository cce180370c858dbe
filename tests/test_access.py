"""One access rule for every organization page: leads see their own, coaches their
assigned ones, administrators all; everyone else gets 404. Admin pages are for
administrators only."""
import pytest

from tests.conftest import log_in


def organization_routes(app):
    return [rule for rule in app.url_map.iter_rules() if "org_id" in rule.arguments]


def admin_routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/admin")]


def url_for_rule(rule, **values):
    defaults = {name: 1 for name in rule.arguments}
    return rule.build({**defaults, **values})[1]


def request_each(client, rule, url):
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        yield method, client.open(url, method=method)


@pytest.fixture
def two_organizations(make_organization, make_user):
    mine = make_organization("Mine")
    theirs = make_organization("Theirs")
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
        url = url_for_rule(rule, org_id=two_organizations["theirs"].id)
        for method, response in request_each(client, rule, url):
            assert response.status_code in (403, 404), (method, url, response.status_code)


def test_an_unknown_organization_is_404_even_for_an_administrator(app, client, two_organizations):
    log_in(client, two_organizations["admin"])
    for rule in organization_routes(app):
        response = client.get(url_for_rule(rule, org_id=9999))
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["lead", "coach", "admin"])
def test_each_role_reaches_the_organizations_it_may_see(app, client, two_organizations, role):
    log_in(client, two_organizations[role])
    for rule in organization_routes(app):
        if "GET" in rule.methods:
            url = url_for_rule(rule, org_id=two_organizations["mine"].id)
            assert client.get(url).status_code == 200, url


def test_organization_pages_ask_anonymous_visitors_to_log_in(app, client, two_organizations):
    for rule in organization_routes(app):
        url = url_for_rule(rule, org_id=two_organizations["mine"].id)
        for method, response in request_each(client, rule, url):
            if method == "GET":
                assert response.status_code == 302
                assert response.headers["Location"].startswith("/login")
            else:
                assert response.status_code in (302, 400)  # no token: refused either way


@pytest.mark.parametrize("role", ["lead", "coach"])
def test_admin_pages_are_forbidden_to_other_roles(app, client, two_organizations, role):
    log_in(client, two_organizations[role])
    for rule in admin_routes(app):
        for method, response in request_each(client, rule, url_for_rule(rule)):
            if method == "GET":
                assert response.status_code == 403, rule.rule
                assert "You do not have access to this page" in response.get_data(as_text=True)
            else:
                assert response.status_code in (400, 403), rule.rule


def test_refused_access_is_logged(client, two_organizations, caplog):
    log_in(client, two_organizations["lead"])
    with caplog.at_level("WARNING", logger="assessment.security"):
        client.get(f"/organizations/{two_organizations['theirs'].id}")
        client.get("/admin/")
    assert caplog.text.count("access refused") == 2


def test_a_coach_lists_only_assigned_organizations(client, two_organizations):
    log_in(client, two_organizations["coach"])
    page = client.get("/organizations/").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page


def test_a_lead_going_to_the_list_is_sent_to_their_organization(client, two_organizations):
    log_in(client, two_organizations["lead"])
    response = client.get("/organizations/")
    assert response.headers["Location"] == f"/organizations/{two_organizations['mine'].id}"
