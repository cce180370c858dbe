"""The outbox: messages are added in the request that causes them and sent later by
`flask send-mail`, so a slow or absent mail server never blocks a page or loses a message.

Without a mail server set (MAIL_SERVER), each message is written at once as a file under
instance/mail/ and its path logged, so a single-machine install still works.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from . import envelope
from .models import MailMessage

log = logging.getLogger("assessment.mail")

CLAIM = timedelta(minutes=10)
# Sent messages (digests quote comments) are deleted after this long.
KEPT_AFTER_SENDING = timedelta(days=30)
LONGEST_WAIT = timedelta(hours=6)
BATCH = 200
# Messages whose body holds a secret link: emptied once sent, so the outbox keeps no
# working reset link (the link itself also expires within the hour).
SECRET_KINDS = {"password_reset"}


def mail_is_set_up() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


@dataclass(frozen=True)
class Draft:
    kind: str
    to_address: str
    to_name: str
    subject: str
    text: str
    html: str
    once_key: str | None = None


def queue(draft: Draft, now: datetime | None = None) -> MailMessage | None:
    """Add a message to the outbox (committing it). None when its once_key was already
    queued, or the address is not a single plain address."""
    if not envelope.is_single_address(draft.to_address):
        log.warning("message %s not queued: unusable address", draft.kind)
        return None
    now = now or utcnow()
    message = MailMessage(
        kind=draft.kind, to_address=draft.to_address, to_name=envelope.one_line(draft.to_name)[:120],
        subject=envelope.one_line(draft.subject)[:300], text_body=draft.text,
        html_body=draft.html, once_key=draft.once_key, created_at=now, next_attempt_at=now)
    db.session.add(message)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    if not mail_is_set_up():
        try:
            _write_file(message, now)
        except OSError:  # a full or read-only disk: the message waits for send-mail
            db.session.rollback()
            log.exception("message %s could not be written; it stays in the outbox",
                          message.id)
    return message


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failure, at most 6 hours; never given up."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _email(message: MailMessage, now: datetime):
    config = current_app.config
    return envelope.build(
        sender=config["MAIL_FROM"], to_address=message.to_address, to_name=message.to_name,
        subject=message.subject, text=message.text_body, html=message.html_body,
        sent_at=now, message_domain=config["MAIL_FROM"].rpartition("@")[2].strip("> ") or
        "localhost")


def _write_file(message: MailMessage, now: datetime) -> None:
    folder = Path(current_app.instance_path) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%d-%H%M%S}-{message.id}-{message.kind}.eml"
    path.write_bytes(_email(message, now).as_bytes())
    _mark_sent(message, now, file_path=str(path))
    log.info("no mail server set: message %s written to %s", message.id, path)


def _mark_sent(message: MailMessage, now: datetime, file_path: str | None = None) -> None:
    message.sent_at = now
    message.claimed_until = None
    message.file_path = file_path
    if message.kind in SECRET_KINDS and file_path is None:
        message.text_body = message.html_body = ""
    db.session.commit()


def _claim(message_id: int, now: datetime) -> MailMessage | None:
    """Take one due message for this run; None when another run took it first."""
    claimed = db.session.execute(
        update(MailMessage).where(
            MailMessage.id == message_id, MailMessage.sent_at.is_(None),
            or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until < now))
        .values(claimed_until=now + CLAIM).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(MailMessage, message_id) if claimed == 1 else None


def _due(now: datetime) -> list[int]:
    return list(db.session.scalars(
        select(MailMessage.id).where(
            MailMessage.sent_at.is_(None), MailMessage.next_attempt_at <= now,
            or_(MailMessage.claimed_until.is_(None), MailMessage.claimed_until < now))
        .order_by(MailMessage.id).limit(BATCH)))


@dataclass
class Result:
    sent: int = 0
    failed: int = 0
    waiting: int = 0


def send_due(now: datetime | None = None) -> Result:
    """Send every message that is due, over one SMTP connection. A failure leaves the
    message in the outbox for a later run, after a longer wait each time."""
    now = now or utcnow()
    result = Result()
    db.session.execute(delete(MailMessage).where(MailMessage.sent_at < now - KEPT_AFTER_SENDING))
    db.session.commit()
    if not mail_is_set_up():
        for message_id in _due(now):
            message = _claim(message_id, now)
            if message is not None:
                _write_file(message, now)
                result.sent += 1
        return result
    connection = None
    try:
        for message_id in _due(now):
            message = _claim(message_id, now)
            if message is None:
                continue
            try:
                connection = connection or _connect()
                email = _email(message, now)
                connection.send_message(email)
            except (smtplib.SMTPException, OSError, ValueError) as error:
                _failed(message, now, error)
                result.failed += 1
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    break  # the server is away: the rest wait for the next run
                continue
            _mark_sent(message, now)
            log.info("message %s (%s) sent", message.id, message.kind)
            result.sent += 1
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
    result.waiting = db.session.scalar(select(func.count()).select_from(MailMessage).where(
        MailMessage.sent_at.is_(None)))
    return result


def _failed(message: MailMessage, now: datetime, error: Exception) -> None:
    message.attempts += 1
    message.next_attempt_at = now + backoff(message.attempts)
    message.claimed_until = None
    message.last_error = f"{type(error).__name__}: {error}"[:300]
    db.session.commit()
    log.warning("message %s (%s) not sent, attempt %s, next at %s: %s", message.id,
                message.kind, message.attempts, message.next_attempt_at, message.last_error)


def _connect() -> smtplib.SMTP:
    config = current_app.config
    host, port = str(config["MAIL_SERVER"]), int(config["MAIL_PORT"])
    timeout = config["MAIL_TIMEOUT"]
    security = config["MAIL_SECURITY"]
    if security == "ssl":
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                      context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
        if security == "starttls":
            connection.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        # str(): from_prefixed_env reads a password of digits as a number
        connection.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
    return connection


@dataclass(frozen=True)
class Status:
    """What the administrator sees of the outbox."""

    set_up: bool
    waiting: int
    failing: int
    last_error: str | None


def status() -> Status:
    unsent = select(MailMessage).where(MailMessage.sent_at.is_(None))
    waiting = db.session.scalar(select(func.count()).select_from(unsent.subquery()))
    failing = db.session.scalar(select(func.count()).select_from(
        unsent.where(MailMessage.attempts > 0).subquery()))
    last_error = db.session.scalar(
        select(MailMessage.last_error).where(MailMessage.sent_at.is_(None),
                                             MailMessage.attempts > 0)
        .order_by(MailMessage.next_attempt_at.desc()).limit(1))
    return Status(mail_is_set_up(), waiting, failing, last_error)
