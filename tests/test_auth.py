"""Logging in and out, sessions ended on the server, throttling and password rules."""
import logging
from datetime import timedelta

from sqlalchemy import func, select

from assessment.auth.models import UserSession
from assessment.auth.passwords import PasswordProblem, hash_password, problem_with
from assessment.extensions import db
from tests.conftest import PASSWORD, csrf_token, log_in, post_form


def count_sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(UserSession))


def shift(app, column, delta) -> None:
    """Move a stored time into the past, as if that much time had gone by."""
    with app.app_context():
        for row in db.session.scalars(select(column.class_)):
            setattr(row, column.key, getattr(row, column.key) - delta)
        db.session.commit()


def session_cookie(client) -> str:
    return client.get_cookie("cpa_session").value


def test_a_lead_logs_in_and_lands_on_their_organization(client, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    response = log_in(client, lead)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/organizations/{organization.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Harbor Peer Collective" in page
    assert "Log out" in page


def test_a_wrong_password_and_an_unknown_email_get_the_same_generic_message(client, make_user):
    coach = make_user("coach")
    wrong_password = log_in(client, coach, "not the password").get_data(as_text=True)
    unknown = post_form(client, "/login", {"email": "nobody@example.org", "password": "whatever1"})
    message = "The email or the password is not right."
    assert message in wrong_password
    assert message in unknown.get_data(as_text=True)
    assert client.get("/organizations/").status_code == 302  # still not logged in


def test_a_missing_field_is_named_next_to_the_field(client):
    page = post_form(client, "/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address." in page
    assert 'aria-describedby="email-error"' in page
    assert 'aria-invalid="true"' in page


def test_the_login_email_is_not_case_sensitive(client, make_user):
    make_user("coach", email="rosa@example.org")
    response = post_form(client, "/login", {"email": "  Rosa@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302


def test_five_failures_on_one_account_pause_its_logins_but_not_the_offices(client, make_user):
    coach = make_user("coach")
    for _ in range(5):
        assert log_in(client, coach, "wrong password").status_code == 200
    refused = log_in(client, coach)  # even the right password is refused now
    assert refused.status_code == 429
    assert "logging in is paused for 15 minutes" in refused.get_data(as_text=True)
    coworker = make_user("coach")  # same office, same address
    assert log_in(client, coworker).status_code == 302


def test_many_failures_from_one_client_refuse_every_account_from_it(app, client, make_user):
    accounts = [make_user("coach") for _ in range(5)]
    for account in accounts:
        for _ in range(4):
            log_in(client, account, "wrong password")
    assert log_in(client, make_user("coach")).status_code == 429
    assert log_in(app.test_client(), make_user("coach")).status_code == 429  # same address


def test_failures_older_than_the_window_no_longer_count(app, client, make_user):
    from assessment.auth.models import LoginFailure

    coach = make_user("coach")
    for _ in range(5):
        log_in(client, coach, "wrong password")
    shift(app, LoginFailure.failed_at, timedelta(minutes=16))
    assert log_in(client, coach).status_code == 302


def test_login_starts_a_new_session(client, make_user):
    coach = make_user("coach")
    client.get("/")
    before = session_cookie(client)
    log_in(client, coach)
    assert session_cookie(client) != before
    assert count_sessions(client.application) == 1


def test_logout_ends_the_session_on_the_server_so_an_old_cookie_stops_working(
        app, client, make_user):
    coach = make_user("coach")
    log_in(client, coach)
    stolen = session_cookie(client)
    assert client.get("/organizations/").status_code == 200
    post_form(client, "/logout")
    assert count_sessions(app) == 0

    replay = app.test_client()
    replay.set_cookie("cpa_session", stolen)
    response = replay.get("/organizations/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_needs_a_post_with_a_token(client, make_user):
    log_in(client, make_user("coach"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/organizations/").status_code == 200


def test_an_idle_session_ends(app, client, make_user):
    log_in(client, make_user("coach"))
    shift(app, UserSession.last_seen_at, timedelta(minutes=31))
    response = client.get("/organizations/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your session has ended. Please log in again." in page


def test_a_busy_session_still_ends_after_its_absolute_lifetime(app, client, make_user):
    log_in(client, make_user("coach"))
    shift(app, UserSession.created_at, timedelta(hours=12, minutes=1))
    assert client.get("/organizations/").status_code == 302


def test_changing_the_password_ends_every_other_session(app, client, make_user):
    coach = make_user("coach")
    other_device = app.test_client()
    log_in(other_device, coach)
    log_in(client, coach)
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "a brand new sentence",
        "confirm": "a brand new sentence"})
    assert response.status_code == 302
    assert client.get("/organizations/").status_code == 200
    assert other_device.get("/organizations/").status_code == 302
    client_after = app.test_client()
    assert log_in(client_after, coach, PASSWORD).status_code == 200  # old password refused
    assert log_in(client_after, coach, "a brand new sentence").status_code == 302


def test_a_password_change_checks_the_current_password_and_the_rules(client, make_user):
    log_in(client, make_user("coach"))
    page = post_form(client, "/account/password", {
        "current_password": "wrong one!", "new_password": "password1",
        "confirm": "password2"}).get_data(as_text=True)
    assert "This password is on a list of common passwords." in page
    assert "The two new passwords are not the same." in page
    assert "This is not your current password." in page  # all told at once
    page = post_form(client, "/account/password", {
        "current_password": "wrong one!", "new_password": "a fine long phrase",
        "confirm": "a fine long phrase"}).get_data(as_text=True)
    assert "This is not your current password." in page


def test_password_rules_length_and_common_list_without_composition_rules():
    assert problem_with("short1!") is PasswordProblem.TOO_SHORT
    assert problem_with("password") is PasswordProblem.COMMON
    assert problem_with("Sunshine") is PasswordProblem.COMMON
    assert problem_with("x" * 64) is None
    assert problem_with("x" * 129) is PasswordProblem.TOO_LONG
    assert problem_with("todo en minúsculas") is None


def test_passwords_are_stored_only_as_slow_salted_hashes(make_user):
    stored = hash_password("a long passphrase")
    assert stored.startswith("scrypt:")
    assert "a long passphrase" not in stored
    assert hash_password("a long passphrase") != stored


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    response = log_in(client, make_user("coach"))
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_configured_for_https(shared_instance, migrated_database,
                                                           tmp_path):
    from tests.conftest import database_url_for_test, make_app

    app = make_app(database_url_for_test(migrated_database, tmp_path), shared_instance,
                   SESSION_COOKIE_SECURE=True)
    response = app.test_client().get("/", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_logout_and_failures_are_logged_without_passwords(client, make_user, caplog):
    coach = make_user("coach")
    with caplog.at_level(logging.INFO, logger="assessment.security"):
        log_in(client, coach, "my secret guess")
        log_in(client, coach)
        post_form(client, "/logout")
    text = caplog.text
    assert f"login failed user={coach.id}" in text
    assert f"login user={coach.id}" in text
    assert f"logout user={coach.id}" in text
    assert "my secret guess" not in text and PASSWORD not in text


def test_a_logged_in_visitor_is_sent_home_from_the_login_page(client, make_user):
    log_in(client, make_user("coach"))
    assert client.get("/login").headers["Location"] == "/coach/"


def test_after_login_the_visitor_returns_to_the_page_they_asked_for(client, make_user):
    coach = make_user("coach")
    response = client.get("/account/password")
    assert response.headers["Location"] == "/login?next=/account/password"
    response = client.post("/login?next=/account/password", data={
        "csrf_token": csrf_token(client, "/login"), "email": coach.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/password"


def test_login_never_redirects_to_another_site(client, make_user):
    coach = make_user("coach")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={
            "csrf_token": csrf_token(client, "/login"), "email": coach.email,
            "password": PASSWORD})
        assert response.headers["Location"] == "/coach/"
        post_form(client, "/logout")
