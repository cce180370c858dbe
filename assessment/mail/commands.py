"""`flask --app assessment send-mail`: what cron or a systemd timer runs every few minutes.

It queues the digests and notes that are due (each at most once), then sends what is in
the outbox; a message that fails stays there for a later run."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..clock import utcnow
from . import digests, outbox

FALLBACK_URL = "http://localhost:5000"


@click.command("send-mail")
@click.option("--no-digests", is_flag=True,
              help="Only send what is in the outbox; queue no digest or note.")
@with_appcontext
def send_mail(no_digests: bool) -> None:
    """Queue the daily and weekly digests and survey-closed notes, then send the outbox."""
    base_url = current_app.config.get("PUBLIC_URL")
    if not base_url and not no_digests:
        click.echo(f"PUBLIC_URL is not set: links in digests use {FALLBACK_URL}.", err=True)
    with current_app.test_request_context(base_url=base_url or FALLBACK_URL):
        now = utcnow()
        if not no_digests:
            queued = (digests.comment_digests(now) + digests.plan_digests(now.date())
                      + digests.survey_closed_notes(now.date()))
            click.echo(f"queued: {queued}")
        result = outbox.send_due()
    click.echo(f"sent: {result.sent}, failed: {result.failed}, waiting: {result.waiting}")
    if result.failed:
        raise SystemExit(1)  # cron mails the output of a failing run to its owner
