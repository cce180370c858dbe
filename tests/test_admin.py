"""An administrator creates organizations and accounts and assigns coaches."""
import html

from sqlalchemy import select

from assessment.auth.models import User
from assessment.extensions import db
from tests.conftest import log_in, post_form


def test_an_administrator_creates_an_organization(client, make_user, logged_in):
    logged_in(make_user("admin"))
    response = post_form(client, "/admin/organizations/new", {"name": "  Valle Verde Recovery  "})
    assert response.status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    assert "Organization “Valle Verde Recovery” created." in page
    assert "Valle Verde Recovery</a>" in page


def test_an_organization_name_must_be_given_and_unique(client, make_user, make_organization,
                                                       logged_in):
    make_organization("Harbor")
    logged_in(make_user("admin"))
    page = post_form(client, "/admin/organizations/new", {"name": " "}).get_data(as_text=True)
    assert "Enter the organization's name." in html.unescape(page)
    page = post_form(client, "/admin/organizations/new", {"name": "HARBOR"}).get_data(as_text=True)
    assert "An organization with this name already exists." in page


def test_an_administrator_creates_a_lead_who_can_then_log_in(app, client, make_user,
                                                            make_organization, logged_in):
    organization = make_organization("Harbor")
    logged_in(make_user("admin"))
    response = post_form(client, "/admin/users/new", {
        "name": "Dana Brooks", "email": "Dana@Harbor.org", "role": "lead",
        "organization_id": organization.id, "password": "harbor lights 2026"})
    assert response.status_code == 302
    post_form(client, "/logout")
    response = post_form(client, "/login", {"email": "dana@harbor.org",
                                           "password": "harbor lights 2026"})
    assert response.headers["Location"] == f"/organizations/{organization.id}"


def test_a_lead_account_needs_an_organization_and_a_good_password(client, make_user, logged_in):
    logged_in(make_user("admin"))
    page = post_form(client, "/admin/users/new", {
        "name": "Dana", "email": "not-an-email", "role": "lead", "organization_id": 0,
        "password": "qwerty123"}).get_data(as_text=True)
    assert "Choose the organization this lead belongs to." in page
    assert "Enter an email address like name@example.org." in page
    assert "This password is on a list of common passwords." in page


def test_a_tampered_role_or_organization_is_refused(app, client, make_user, logged_in):
    logged_in(make_user("admin"))
    response = post_form(client, "/admin/users/new", {
        "name": "Eve", "email": "eve@example.org", "role": "superuser",
        "organization_id": 999, "password": "a long enough phrase"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "eve@example.org")) is None


def test_an_email_is_used_by_one_account_only_and_told_with_the_other_errors(
        client, make_user, logged_in):
    logged_in(make_user("admin"))
    make_user("coach", email="rosa@example.org")
    page = post_form(client, "/admin/users/new", {
        "name": "Rosa", "email": "ROSA@example.org", "role": "coach", "organization_id": 0,
        "password": "password"}).get_data(as_text=True)
    assert "An account with this email already exists." in page
    assert "This password is on a list of common passwords." in page


def test_an_administrator_assigns_and_removes_a_coach(app, client, make_user, make_organization,
                                                     logged_in):
    organization = make_organization("Harbor")
    coach = make_user("coach", name="Rosa Medina")
    logged_in(make_user("admin"))
    post_form(client, "/admin/assignments", {"coach_id": coach.id,
                                            "organization_id": organization.id})
    page = client.get("/admin/assignments").get_data(as_text=True)
    assert "Rosa Medina now coaches Harbor." in page
    assert f"Rosa Medina — {coach.email}</option>" in page  # two Rosas can be told apart
    assert "Remove Rosa Medina from Harbor" in page

    coach_client = app.test_client()
    log_in(coach_client, coach)
    assert coach_client.get(f"/organizations/{organization.id}").status_code == 200

    post_form(client, f"/admin/assignments/{coach.id}/{organization.id}/remove")
    assert "Rosa Medina no longer coaches Harbor." in client.get("/admin/assignments").get_data(
        as_text=True)
    assert coach_client.get(f"/organizations/{organization.id}").status_code == 404


def test_admin_pages_show_dates_in_the_visitors_language(client, make_user, make_organization,
                                                        logged_in):
    make_organization("Harbor")
    logged_in(make_user("admin"))
    post_form(client, "/language", {"lang": "es", "next": "/admin/"})
    page = client.get("/admin/").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Asignación de coaches" in page
    assert " nov " in page or "nov." in page  # es_US medium date, e.g. "23 nov 2026"
