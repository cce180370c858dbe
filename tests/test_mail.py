"""Messages sent through a real SMTP server on 127.0.0.1 and read as they arrived."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from assessment.auth.models import User
from assessment.clock import utcnow
from assessment.extensions import db
from assessment.mail import envelope
from assessment.mail.models import MailMessage
from assessment.organizations.models import Organization
from tests.conftest import csrf_token, post_form
from tests.smtp_server import Inbox, mail_app, send_mail, smtp_server  # noqa: F401


@pytest.fixture
def app(mail_app):  # noqa: F811
    return mail_app


def _forgot(client, email: str):
    return post_form(client, "/forgot-password", {"email": email})


def test_a_reset_link_arrives_in_the_persons_language_and_works_once(
        app, client, make_user, make_organization, smtp_server):  # noqa: F811
    user = make_user("lead", organization=make_organization(), email="rosa@example.org",
                     name="Rosa Martínez")
    with app.app_context():
        db.session.get(User, user.id).language = "es"
        db.session.commit()
    page = _forgot(client, "rosa@example.org").get_data(as_text=True)
    assert "If an account uses this address" in page
    assert smtp_server.inbox.messages == []  # nothing is sent inside the request
    assert send_mail(app).exit_code == 0
    [message] = smtp_server.inbox.to("rosa@example.org")
    assert message["Subject"] == "Establezca una contraseña nueva para la Evaluación de trayectorias profesionales"
    assert "Hola, Rosa Martínez:" in Inbox.text(message)
    assert "Establecer una contraseña nueva" in Inbox.html(message)
    path = Inbox.link(message)
    form = {"new_password": "a brand new sentence", "confirm": "a brand new sentence"}
    response = client.post(path, data={"csrf_token": csrf_token(client, path), **form})
    assert response.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    again = client.get(path)
    assert again.status_code == 410
    assert "Este enlace ya no funciona" in again.get_data(as_text=True)  # her language
    with app.app_context():  # the outbox kept no working link once it was sent
        row = db.session.scalar(select(MailMessage).where(MailMessage.kind == "password_reset"))
        assert row.sent_at is not None and row.text_body == "" and row.html_body == ""


def test_the_answer_is_the_same_for_an_unknown_address(app, client, make_user, smtp_server):  # noqa: F811
    make_user("lead", email="known@example.org")
    known = _forgot(client, "known@example.org").get_data(as_text=True)
    unknown = _forgot(client, "nobody@example.org").get_data(as_text=True)
    strip = lambda page: page.split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert strip(known) == strip(unknown)
    send_mail(app)
    assert [to for _sender, to in smtp_server.inbox.envelopes] == [["known@example.org"]]


def test_a_message_waits_while_the_server_is_down_and_goes_out_after(
        app, client, make_user, smtp_server):  # noqa: F811
    make_user("lead", email="wait@example.org")
    smtp_server.stop()
    _forgot(client, "wait@example.org")
    result = send_mail(app)
    assert result.exit_code == 1 and "failed: 1" in result.output
    with app.app_context():
        row = db.session.scalar(select(MailMessage))
        assert row.sent_at is None and row.attempts == 1 and row.last_error
        row.next_attempt_at = utcnow() - timedelta(seconds=1)  # the backoff has passed
        db.session.commit()
    smtp_server.start()
    assert send_mail(app).exit_code == 0
    assert len(smtp_server.inbox.to("wait@example.org")) == 1
    assert send_mail(app).exit_code == 0  # sent once only
    assert len(smtp_server.inbox.messages) == 1


def test_a_failed_message_is_not_retried_before_its_backoff(app, client, make_user, smtp_server):  # noqa: F811
    make_user("lead", email="later@example.org")
    smtp_server.stop()
    _forgot(client, "later@example.org")
    send_mail(app)
    smtp_server.start()
    send_mail(app)
    assert smtp_server.inbox.messages == []


def test_a_name_cannot_add_a_header(app):
    message = envelope.build(
        sender="CPA <cpa@example.org>", to_address="ana@example.org",
        to_name="Ana\r\nBcc: victim@example.org", subject="Hi\nBcc: victim@example.org",
        text="t", html="<p>t</p>", sent_at=utcnow(), message_domain="example.org")
    raw = message.as_bytes()
    assert b"\nBcc:" not in raw and b"\rBcc:" not in raw
    assert message["Bcc"] is None


def test_an_address_with_a_line_break_is_never_queued(app):
    from assessment.mail.outbox import Draft, queue

    with app.app_context():
        assert queue(Draft("x", "a@example.org\r\nBcc: b@example.org", "A", "s", "t", "h")) is None
        assert db.session.scalar(select(MailMessage)) is None


def test_a_rater_name_with_a_line_break_reaches_only_the_rater(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    organization = make_organization("Harbor")
    logged_in(make_user("lead", organization=organization))
    response = post_form(client, "/organizations/1/cycles/new",
                         {"name": "2026", "starts_on": "2026-11-01"})
    assert response.status_code == 302
    post_form(client, "/organizations/1/cycles/1", {
        "name": "Eve\r\nBcc: victim@example.org", "email": "eve@example.org", "language": "en"})
    send_mail(app)
    [(sender, recipients)] = smtp_server.inbox.envelopes
    assert recipients == ["eve@example.org"]
    assert smtp_server.inbox.messages[0]["Bcc"] is None


def _comment(app, organization_id: int, author_id: int, body: str, minutes_ago: int = 5):
    from assessment.capability import operations
    from assessment.comments.models import Comment

    with app.app_context():
        organization = db.session.get(Organization, organization_id)
        cycle = organization_cycle = None
        from assessment.capability.models import AssessmentCycle
        cycle = db.session.scalar(select(AssessmentCycle).where(
            AssessmentCycle.organization_id == organization_id))
        if cycle is None:
            cycle = operations.start_cycle(organization, "2026", date.today())
        del organization_cycle
        db.session.add(Comment(cycle_id=cycle.id, practice_id="accountability",
                               author_id=author_id, body=body,
                               created_at=utcnow() - timedelta(minutes=minutes_ago)))
        db.session.commit()


def test_the_daily_digest_tells_lead_and_coach_of_new_comments_once(
        app, make_user, make_organization, smtp_server):  # noqa: F811
    organization = make_organization("Harbor")
    lead = make_user("lead", organization=organization, email="lead@example.org")
    coach = make_user("coach", coaches=[organization], email="coach@example.org")
    _comment(app, organization.id, coach.id, "Who owns the budget line?")
    result = send_mail(app)
    assert result.exit_code == 0 and "queued: 1" in result.output, (result.output, result.exception)
    [to_lead] = smtp_server.inbox.to("lead@example.org")
    assert "Who owns the budget line?" in Inbox.text(to_lead)
    assert "Harbor" in Inbox.html(to_lead)
    assert smtp_server.inbox.to("coach@example.org") == []  # not their own comment
    send_mail(app)
    assert len(smtp_server.inbox.to("lead@example.org")) == 1  # once a day
    del lead


def test_a_person_who_turned_the_digest_off_gets_none(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    organization = make_organization("Harbor")
    lead = make_user("lead", organization=organization, email="lead@example.org")
    coach = make_user("coach", coaches=[organization], email="coach@example.org")
    logged_in(lead)
    response = post_form(client, "/account", {"language": "en", "mail_plan_digest": "y",
                                              "mail_survey_closed": "y"})
    assert response.status_code == 303
    _comment(app, organization.id, coach.id, "Anyone there?")
    send_mail(app)
    assert smtp_server.inbox.to("lead@example.org") == []


def test_the_weekly_digest_lists_plan_items_due_soon_or_overdue(
        app, make_user, make_organization, smtp_server):  # noqa: F811
    from assessment.capability.models import AssessmentCycle
    from assessment.planning.models import Plan, PlanItem

    organization = make_organization("Harbor")
    make_user("lead", organization=organization, email="lead@example.org")
    with app.app_context():
        cycle = AssessmentCycle(organization_id=organization.id, name="2026",
                                starts_on=date.today(), questionnaire_id="capability",
                                questionnaire_version=1)
        plan = Plan(cycle=cycle, library_version=1, made_on=date.today())
        for position, (target, due, status) in enumerate([
                ("Write the ladder", date.today() - timedelta(days=3), "in_progress"),
                ("Name a mentor", date.today() + timedelta(days=5), "not_started"),
                ("Already done", date.today() - timedelta(days=1), "done"),
                ("Far away", date.today() + timedelta(days=90), "not_started")]):
            db.session.add(PlanItem(plan=plan, position=position, target_en=target,
                                    target_es=target,
                                    activity_lines=[], bucket="3_months", due_on=due, status=status))
        db.session.commit()
    send_mail(app, )
    [message] = smtp_server.inbox.to("lead@example.org")
    text = Inbox.text(message)
    assert "Write the ladder: overdue since" in text
    assert "Name a mentor: due" in text
    assert "Already done" not in text and "Far away" not in text


def test_the_lead_hears_when_a_survey_closes_with_how_many_answered(
        app, make_user, make_organization, smtp_server):  # noqa: F811
    from assessment.survey.models import SurveyResponse, SurveyWave

    organization = make_organization("Harbor")
    make_user("lead", organization=organization, email="lead@example.org")
    with app.app_context():
        wave = SurveyWave(organization_id=organization.id, name="Fall pulse", code="ABCDEFGH",
                          opens_on=date.today() - timedelta(days=10),
                          closes_on=date.today() - timedelta(days=1),
                          questionnaire_id="staff", questionnaire_version=1)
        db.session.add(wave)
        db.session.flush()
        for _ in range(6):
            db.session.add(SurveyResponse(wave_id=wave.id, language="en",
                                          started_on=date.today() - timedelta(days=5),
                                          submitted_on=date.today() - timedelta(days=5)))
        db.session.commit()
    send_mail(app)
    send_mail(app)
    [message] = smtp_server.inbox.to("lead@example.org")
    assert "6 people answered" in Inbox.text(message)
    assert "Fall pulse" in message["Subject"]


def test_the_lead_reminds_only_raters_with_email_who_have_not_finished(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    from assessment.capability.models import Rater

    organization = make_organization("Harbor")
    logged_in(make_user("lead", organization=organization))
    post_form(client, "/organizations/1/cycles/new", {"name": "2026", "starts_on": "2026-11-01"})
    for name, email in (("Ana", "ana@example.org"), ("Luis", "luis@example.org"),
                        ("Kim", "")):
        post_form(client, "/organizations/1/cycles/1", {"name": name, "email": email,
                                                        "language": "es"})
    with app.app_context():
        db.session.scalar(select(Rater).where(Rater.name == "Ana")).finished_at = utcnow()
        db.session.commit()
    confirm = client.get("/organizations/1/cycles/1/remind").get_data(as_text=True)
    assert "To: Luis." in confirm
    response = post_form(client, "/organizations/1/cycles/1/remind")
    assert response.status_code == 302, response.get_data(as_text=True)
    send_mail(app)
    reminders = [m for m in smtp_server.inbox.messages if m["Subject"].startswith("Recordatorio")]
    assert [m["To"].addresses[0].addr_spec for m in reminders] == ["luis@example.org"]


def test_the_lead_sends_an_existing_raters_link_by_email(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    organization = make_organization("Harbor")
    logged_in(make_user("lead", organization=organization))
    post_form(client, "/organizations/1/cycles/new", {"name": "2026", "starts_on": "2026-11-01"})
    post_form(client, "/organizations/1/cycles/1", {"name": "Luis"})
    assert smtp_server.inbox.messages == [] and send_mail(app).exit_code == 0
    response = post_form(client, "/organizations/1/cycles/1/raters/1/email",
                         {"r1-email": "luis@example.org", "r1-language": "en"})
    assert response.status_code == 302
    send_mail(app)
    [message] = smtp_server.inbox.to("luis@example.org")
    path = Inbox.link(message)
    assert path.startswith("/rate/")
    assert client.get(path).status_code in (200, 302)
    bad = post_form(client, "/organizations/1/cycles/1/raters/1/email",
                    {"r1-email": "not an address", "r1-language": "en"})
    assert bad.status_code == 400
    assert "Enter an email address like name@example.org." in bad.get_data(as_text=True)


def test_asking_twice_in_a_row_sends_one_email_whose_link_still_works(
        app, client, make_user, make_organization, smtp_server):  # noqa: F811
    make_user("lead", organization=make_organization(), email="twice@example.org")
    _forgot(client, "twice@example.org")
    _forgot(client, "twice@example.org")
    send_mail(app)
    [message] = smtp_server.inbox.to("twice@example.org")
    assert client.get(Inbox.link(message)).status_code == 200


def test_names_are_shown_as_text_in_the_html_part(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    logged_in(make_user("lead", organization=make_organization("Harbor & Bay")))
    post_form(client, "/organizations/1/cycles/new", {"name": "2026", "starts_on": "2026-11-01"})
    post_form(client, "/organizations/1/cycles/1", {
        "name": "<img src=x onerror=alert(1)>", "email": "eve@example.org", "language": "en"})
    send_mail(app)
    html = Inbox.html(smtp_server.inbox.messages[0])
    assert "<img" not in html and "&lt;img src=x" in html and "Harbor &amp; Bay" in html


def test_sent_messages_are_deleted_after_30_days(app, smtp_server):  # noqa: F811
    from assessment.mail.outbox import Draft, queue

    with app.app_context():
        old = queue(Draft("test", "old@example.org", "Old", "s", "t", "<p>t</p>"))
        old.sent_at = utcnow() - timedelta(days=31)
        db.session.commit()
        queue(Draft("test", "new@example.org", "New", "s", "t", "<p>t</p>"))
    send_mail(app, "--no-digests")
    with app.app_context():
        assert [m.to_address for m in db.session.scalars(select(MailMessage))] == [
            "new@example.org"]


def test_without_a_mail_server_the_lead_is_told_nothing_went_out(
        app, client, make_user, make_organization, logged_in):
    app.config["MAIL_SERVER"] = None
    organization = make_organization("Harbor")
    logged_in(make_user("lead", organization=organization))
    post_form(client, "/organizations/1/cycles/new", {"name": "2026", "starts_on": "2026-11-01"})
    added = post_form(client, "/organizations/1/cycles/1",
                      {"name": "Ana", "email": "ana@example.org", "language": "es"})
    page = client.get(added.location).get_data(as_text=True)
    assert "This site does not send email yet: copy the link and send it to them yourself." in page
    assert "ana@example.org within" not in page
    post_form(client, "/organizations/1/cycles/1/remind")
    page = client.get("/organizations/1/cycles/1").get_data(as_text=True)
    assert "nothing went out: copy the rater" in page.replace("&#39;", "'")


def test_a_rater_brought_into_the_next_cycle_gets_the_new_link_by_email(
        app, client, make_user, make_organization, logged_in, smtp_server):  # noqa: F811
    from assessment.capability import operations as capability
    from assessment.capability.models import AssessmentCycle, Rater

    organization = make_organization("Harbor")
    logged_in(make_user("lead", organization=organization))
    post_form(client, "/organizations/1/cycles/new", {"name": "2026", "starts_on": "2026-11-01"})
    post_form(client, "/organizations/1/cycles/1", {"name": "Ana", "email": "ana@example.org",
                                                    "language": "es"})
    with app.app_context():
        capability.close_cycle(db.session.get(AssessmentCycle, 1))
        ana = db.session.scalar(select(Rater.id).where(Rater.name == "Ana"))
    post_form(client, "/organizations/1/cycles/new", {"name": "2027", "starts_on": "2027-11-01",
                                                      "raters": [str(ana)]})
    send_mail(app)
    first, second = smtp_server.inbox.to("ana@example.org")
    assert Inbox.link(first) != Inbox.link(second)
    with app.app_context():
        new_token = db.session.scalar(select(Rater.token).where(Rater.cycle_id == 2))
    assert Inbox.link(second) == f"/rate/{new_token}"
