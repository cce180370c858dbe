"""The administrator's account actions, starting passwords, language, and reset links
(without a mail server: messages are written under instance/mail/)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from assessment.auth import resets
from assessment.auth.models import PasswordReset, User
from assessment.clock import utcnow
from assessment.extensions import db
from assessment.mail.models import MailMessage
from assessment.organizations.models import Organization
from tests.conftest import PASSWORD, csrf_token, log_in, post_form

NEW = "a brand new sentence"


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_the_administrator_edits_name_email_role_and_organization(
        app, client, make_user, make_organization, logged_in):
    harbor, bay = make_organization("Harbor"), make_organization("Bay")
    lead = make_user("lead", organization=harbor, email="old@example.org")
    logged_in(make_user("admin"))
    response = post_form(client, f"/admin/users/{lead.id}", {
        "name": "Dana Brooks", "email": "New@Example.org", "role": "lead",
        "organization_id": bay.id, "language": "es"})
    assert response.status_code == 303
    user = _user(app, lead.id)
    assert (user.name, user.email, user.organization_id, user.language) == (
        "Dana Brooks", "new@example.org", bay.id, "es")
    with app.app_context():  # the old address is told
        [note] = db.session.scalars(select(MailMessage)).all()
        assert note.to_address == "old@example.org" and note.kind == "email_changed"
        assert "new@example.org" in note.text_body


def test_an_email_already_used_is_refused_on_edit(app, client, make_user, logged_in):
    make_user("coach", email="taken@example.org")
    other = make_user("coach", email="mine@example.org")
    logged_in(make_user("admin"))
    page = post_form(client, f"/admin/users/{other.id}", {
        "name": "X", "email": "taken@example.org", "role": "coach", "organization_id": 0,
        "language": "en"})
    assert page.status_code == 400
    assert "An account with this email already exists." in page.get_data(as_text=True)


def test_the_administrator_renames_an_organization_and_sets_its_region(
        app, client, make_organization, make_user, logged_in):
    harbor = make_organization("Harbor")
    logged_in(make_user("admin"))
    page = client.get(f"/admin/organizations/{harbor.id}").get_data(as_text=True)
    assert "Region 9: AZ, CA, HI, NV" in page
    response = post_form(client, f"/admin/organizations/{harbor.id}",
                         {"name": "Harbor Peer Collective", "hhs_region": 9})
    assert response.status_code == 303
    with app.app_context():
        organization = db.session.get(Organization, harbor.id)
        assert (organization.name, organization.hhs_region) == ("Harbor Peer Collective", 9)


def test_a_deactivated_account_is_logged_out_at_once_and_cannot_log_in(
        app, make_user, logged_in):
    lead_client = app.test_client()
    lead = make_user("lead", email="lead@example.org")
    assert log_in(lead_client, lead).status_code == 302
    admin_client = app.test_client()
    assert log_in(admin_client, make_user("admin")).status_code == 302
    confirm = admin_client.get(f"/admin/users/{lead.id}/deactivate").get_data(as_text=True)
    assert "is logged out at once" in confirm
    post_form(admin_client, f"/admin/users/{lead.id}/deactivate")
    assert lead_client.get("/account").status_code == 302  # the open session ended
    response = log_in(app.test_client(), lead)
    assert response.status_code == 403
    assert "This account is turned off" in response.get_data(as_text=True)
    post_form(admin_client, f"/admin/users/{lead.id}/reactivate")
    assert log_in(app.test_client(), lead).status_code == 302


def test_the_administrator_cannot_turn_off_their_own_account(app, client, make_user, logged_in):
    admin = make_user("admin")
    logged_in(admin)
    post_form(client, f"/admin/users/{admin.id}/deactivate")
    assert _user(app, admin.id).active


def test_a_starting_password_must_be_changed_at_first_login(app, client, make_user,
                                                            make_organization, logged_in):
    lead = make_user("lead", organization=make_organization(), email="lead@example.org")
    lead_client = app.test_client()
    log_in(lead_client, lead)
    logged_in(make_user("admin"))
    response = post_form(client, f"/admin/users/{lead.id}/password",
                         {"password": "starting sentence one"})
    assert response.status_code == 303
    assert lead_client.get("/account").status_code == 302  # its sessions ended
    assert log_in(lead_client, lead).status_code == 200  # the old password is gone
    assert log_in(lead_client, lead, "starting sentence one").status_code == 302
    forced = lead_client.get("/account")
    assert forced.headers["Location"] == "/account/password"
    response = lead_client.post("/account/password", data={
        "csrf_token": csrf_token(lead_client, "/account/password"),
        "current_password": "starting sentence one", "new_password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert lead_client.get("/account").status_code == 200
    assert not _user(app, lead.id).must_change_password


def test_a_chosen_language_is_used_after_login(app, client, make_user, make_organization,
                                               logged_in):
    lead = make_user("lead", organization=make_organization())
    logged_in(lead)
    post_form(client, "/account", {"language": "es", "mail_comment_digest": "y"})
    other = app.test_client()
    log_in(other, lead)
    assert "Mi cuenta" in other.get("/account").get_data(as_text=True)
    user = _user(app, lead.id)
    assert (user.language, user.mail_comment_digest, user.mail_plan_digest) == ("es", True, False)


def test_without_mail_forgot_password_says_to_ask_the_administrator(client):
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "This site does not send email yet. Ask your administrator" in page


def test_an_admin_reset_link_without_mail_is_written_under_instance_mail(
        app, client, make_user, logged_in):
    lead = make_user("lead")
    logged_in(make_user("admin"))
    post_form(client, f"/admin/users/{lead.id}/reset-link")
    with app.app_context():
        message = db.session.scalar(select(MailMessage))
        assert message.sent_at is not None and "/mail/" in message.file_path
        with open(message.file_path, "rb") as f:
            assert b"reset-password/" in f.read()


def _issue(app, user_id: int, lifetime=timedelta(hours=1)) -> str:
    with app.app_context():
        return resets.issue(db.session.get(User, user_id), utcnow(), lifetime)


def _reset(client, token: str, password: str = NEW):
    path = f"/reset-password/{token}"
    page = client.get(path)
    if page.status_code != 200:
        return page
    return client.post(path, data={"csrf_token": csrf_token(client, path),
                                   "new_password": password, "confirm": password})


def test_a_reset_link_sets_the_password_and_ends_other_sessions(app, make_user):
    lead = make_user("lead")
    elsewhere = app.test_client()
    log_in(elsewhere, lead)
    token = _issue(app, lead.id)
    response = _reset(app.test_client(), token)
    assert response.status_code == 303
    assert elsewhere.get("/account").status_code == 302
    assert log_in(app.test_client(), lead, NEW).status_code == 302
    assert log_in(app.test_client(), lead, PASSWORD).status_code == 200


def test_a_reset_link_works_once(app, make_user):
    lead = make_user("lead")
    token = _issue(app, lead.id)
    assert _reset(app.test_client(), token).status_code == 303
    assert _reset(app.test_client(), token, "another new sentence").status_code == 410


def test_an_expired_reset_link_is_refused(app, make_user):
    lead = make_user("lead")
    token = _issue(app, lead.id, lifetime=timedelta(seconds=-1))
    response = _reset(app.test_client(), token)
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)


def test_a_tampered_or_malformed_reset_link_is_refused(app, make_user):
    lead = make_user("lead")
    token = _issue(app, lead.id)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, "short", "x" * 300, "%00" + token):
        assert _reset(app.test_client(), bad).status_code in (400, 404, 410)


def test_a_reset_link_of_a_deactivated_account_is_refused(app, make_user):
    lead = make_user("lead")
    token = _issue(app, lead.id)
    with app.app_context():
        db.session.get(User, lead.id).active = False
        db.session.commit()
    assert _reset(app.test_client(), token).status_code == 410


def test_a_newer_link_replaces_the_older_one(app, make_user):
    lead = make_user("lead")
    first = _issue(app, lead.id)
    second = _issue(app, lead.id)
    assert _reset(app.test_client(), first).status_code == 410
    assert _reset(app.test_client(), second).status_code == 303


def test_only_digests_of_reset_tokens_are_stored(app, make_user):
    lead = make_user("lead")
    token = _issue(app, lead.id)
    with app.app_context():
        row = db.session.scalar(select(PasswordReset))
        assert token not in row.token_digest and len(row.token_digest) == 64


def test_the_reset_form_is_throttled_like_the_login_form(app, make_user):
    mail_app_config = {"MAIL_SERVER": "127.0.0.1"}  # set up, but nothing is sent in a request
    app.config.update(mail_app_config)
    client = app.test_client()
    statuses = [post_form(client, "/forgot-password", {"email": "x@example.org"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "asking for a link is paused" in post_form(
        client, "/forgot-password", {"email": "x@example.org"}).get_data(as_text=True)


def test_an_administrator_cannot_lock_themselves_out(app, client, make_user, logged_in):
    admin = make_user("admin", email="me@example.org")
    logged_in(admin)
    page = post_form(client, f"/admin/users/{admin.id}", {
        "name": "Me", "email": "typo@example.org", "role": "admin", "language": "en"})
    assert "ask another administrator" in page.get_data(as_text=True)
    post_form(client, f"/admin/users/{admin.id}/password", {"password": "starting sentence"})
    user = _user(app, admin.id)
    assert user.email == "me@example.org" and not user.must_change_password
    assert log_in(app.test_client(), admin).status_code == 302


def test_the_administration_page_says_when_mail_is_not_set_up(app, client, make_user, logged_in):
    logged_in(make_user("admin"))
    page = client.get("/admin/").get_data(as_text=True)
    assert "This site does not send email yet" in page


def test_without_mail_the_admin_is_offered_a_starting_password_not_an_email(
        app, client, make_user, logged_in):
    lead = make_user("lead")
    logged_in(make_user("admin"))
    page = client.get(f"/admin/users/{lead.id}").get_data(as_text=True)
    assert "This site does not send email yet, so set a starting password" in page
    assert "Send a link to set a new password" not in page
