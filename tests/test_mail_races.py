"""Races, for real: a reset link posted from several tabs at once, and several runs of
`flask send-mail` at once (cron overlapping a slow run)."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from assessment.auth import resets
from assessment.auth.models import User, UserSession
from assessment.clock import utcnow
from assessment.extensions import db
from assessment.mail.models import MailMessage
from assessment.mail.outbox import Draft, queue
from bench.survey_load import Phone
from tests.conftest import TEST_CONFIG
from tests.live_gunicorn import at_once, gunicorn_server, token_of  # noqa: F401
from tests.smtp_server import smtp_server  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def test_a_reset_link_posted_from_several_tabs_at_once_works_once(
        app, gunicorn_server, make_user):  # noqa: F811
    lead = make_user("lead")
    with app.app_context():
        token = resets.issue(db.session.get(User, lead.id), utcnow(), timedelta(hours=1))
    base = gunicorn_server(workers=4)
    path = f"/reset-password/{token}"
    phones = [Phone(base) for _ in range(6)]
    tokens = [token_of(phone.get(path)[1]) for phone in phones]

    def post(i: int) -> int:
        password = f"new sentence number {i}"
        return phones[i].post(path, {"csrf_token": tokens[i], "new_password": password,
                                     "confirm": password})[0]

    statuses = at_once(len(phones), post)
    assert sorted(statuses) == [303] + [410] * (len(phones) - 1)
    with app.app_context():  # one login came of it, the winner's
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_overlapping_send_mail_runs_send_each_message_once(app, smtp_server):  # noqa: F811
    with app.app_context():
        for n in range(12):
            queue(Draft("test", f"person{n}@example.org", f"Person {n}", "Hello", "t", "<p>t</p>"))
        db.session.query(MailMessage).update({"sent_at": None, "file_path": None})
        db.session.commit()
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SECRET_KEY": TEST_CONFIG["SECRET_KEY"], "ASSESSMENT_AUTO_MIGRATE": "false",
           "ASSESSMENT_MAIL_SERVER": "127.0.0.1", "ASSESSMENT_MAIL_PORT": str(smtp_server.port),
           "ASSESSMENT_MAIL_SECURITY": "none"}

    def run(_i: int) -> int:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app",
             f"assessment:create_app(instance_path={str(app.instance_path)!r})",
             "send-mail", "--no-digests"], cwd=ROOT, env=env, capture_output=True).returncode

    assert at_once(3, run) == [0, 0, 0]
    recipients = sorted(to for _sender, [to] in smtp_server.inbox.envelopes)
    assert recipients == sorted(f"person{n}@example.org" for n in range(12))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MailMessage).where(
            MailMessage.sent_at.is_(None))) == 0
