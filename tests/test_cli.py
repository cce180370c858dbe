"""The create-admin and seed-demo commands, through Flask's CLI runner."""
from sqlalchemy import func, select

from assessment.auth.models import User
from assessment.demo import ACCOUNTS, DEMO_PASSWORD
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import post_form


def test_create_admin_takes_email_and_password_as_options(app, client):
    result = app.test_cli_runner().invoke(args=[
        "create-admin", "--email", "Admin@Example.org", "--password", "a long admin phrase"])
    assert result.exit_code == 0, result.output
    assert "Administrator admin@example.org created." in result.output
    response = post_form(client, "/login", {"email": "admin@example.org",
                                           "password": "a long admin phrase"})
    assert response.headers["Location"] == "/admin/"


def test_create_admin_asks_for_what_is_missing(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--name", "Ana Ruiz"],
        input="boss@example.org\na long admin phrase\na long admin phrase\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "boss@example.org"))
        assert (admin.role, admin.name) == ("admin", "Ana Ruiz")
        assert "a long admin phrase" not in admin.password_hash


def test_create_admin_refuses_a_common_password_and_a_taken_email(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "a@example.org",
                                 "--password", "password123"])
    assert result.exit_code != 0
    assert "common passwords" in result.output
    runner.invoke(args=["create-admin", "--email", "a@example.org", "--password", "fine phrase here"])
    result = runner.invoke(args=["create-admin", "--email", "a@example.org",
                                 "--password", "fine phrase here"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_seed_demo_loads_a_marked_demo_once(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output
    assert runner.invoke(args=["seed-demo"]).output.strip() == "Demo data is already loaded."
    with app.app_context():
        organizations = db.session.scalars(select(Organization)).all()
        assert len(organizations) == 3
        assert all(o.is_demo and o.name.startswith("DEMO") for o in organizations)
        assert db.session.scalar(select(func.count()).select_from(User)) == len(ACCOUNTS)

    response = post_form(client, "/login", {"email": "coach@demo.example",
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/organizations/").get_data(as_text=True)
    assert page.count('class="badge"') == 3
    assert "DEMO Valle Verde Recovery Network" in page
    dashboard = client.get("/coach/").get_data(as_text=True)
    harbor = next(row for row in dashboard.split("<tr>") if "DEMO Harbor" in row)
    assert "2026 follow-up" in harbor and ">12<" in harbor  # survey responses
    assert "Could the board add a training line" in client.get(
        "/organizations/1/cycles/4/profile").get_data(as_text=True)
    results = client.get("/organizations/1/surveys/1").get_data(as_text=True)
    assert "Staff agreement by practice" in results and "More paid training days." in results
