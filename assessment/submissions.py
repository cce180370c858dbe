"""Forms that make something new are acted on once, whatever the taps.

Each such form carries a random one-time token (the `once_field()` template helper). The
view records its digest in the same transaction as what it makes; a double tap, a
resend or a second worker racing the first finds it recorded (the primary key decides,
across workers) and is sent where the first one went, with "already saved".
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import flash, redirect
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import String, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .clock import utcnow
from .extensions import db

FIELD = "once"
KEPT_FOR = timedelta(days=2)   # a page left open longer than this is not protected


class FormSubmission(db.Model):
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    made_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Where the first submission sent its author: the second goes there too.
    then_url: Mapped[str | None] = mapped_column(String(500))


def once_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(24))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def first_time(token: str | None) -> tuple[bool, str | None]:
    """(True, None) the first time a form's token is sent; (False, where the first went)
    after. A form without a sound token (a page from before this existed) counts as first.
    The caller's next commit stores the record with what it makes."""
    if not token or not 16 <= len(token) <= 64:
        return True, None
    db.session.execute(delete(FormSubmission).where(
        FormSubmission.made_at < utcnow() - KEPT_FOR))
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(digest=_digest(token)))
    except IntegrityError:
        db.session.rollback()
        return False, db.session.scalar(select(FormSubmission.then_url).where(
            FormSubmission.digest == _digest(token)))
    return True, None


def went_to(token: str | None, url: str) -> None:
    """Note where the first submission sent its author (after it was committed)."""
    if token and 16 <= len(token) <= 64:
        db.session.execute(update(FormSubmission).where(
            FormSubmission.digest == _digest(token)).values(then_url=url[:500]))
        db.session.commit()


def already_saved(where: str):
    """The answer to a second submission: where the first one went, saying so."""
    flash(_("This was already saved: the second tap or resend was not counted."), "info")
    return redirect(where)
