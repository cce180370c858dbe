"""Slow down password guessing without letting a stranger lock anyone out.

Three counts of failures within a window (15 minutes), kept in the database, not in
process memory, so they hold across workers and hosts:

- one account from one client (5): the limit a guesser meets first. A stranger who
  knows an email address only locks that address out of their own device, not its
  owner's;
- one client, all accounts (20): one machine trying many addresses; an office shares
  an address, so it gets more tries than one account;
- one account, all clients (50): guessing spread over many addresses. It does not apply
  to a browser that logged in to that account before (a "known device" cookie), so even
  then the owner gets in from their own computer or phone.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from ..extensions import db
from .models import LoginFailure


@dataclass(frozen=True)
class Keys:
    """Keyed digests, so the table holds no address or email in the clear."""

    client: str
    account: str
    pair: str = ""  # this account from this client

    @classmethod
    def of(cls, secret: str, client: str, email: str) -> "Keys":
        def digest(value: str) -> str:
            return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
        email = email.strip().lower()
        return cls(client=digest(f"client:{client}"), account=digest(f"account:{email}"),
                   pair=digest(f"pair:{client}\n{email}"))

    def __iter__(self):
        return iter(key for key in (self.client, self.account, self.pair) if key)


@dataclass(frozen=True)
class Limits:
    pair: int
    client: int
    account: int
    window: timedelta

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(pair=config["LOGIN_FAILURE_LIMIT_ACCOUNT"],
                   client=config["LOGIN_FAILURE_LIMIT_CLIENT"],
                   account=config["LOGIN_FAILURE_LIMIT_ACCOUNT_ALL_CLIENTS"],
                   window=config["LOGIN_FAILURE_WINDOW"])


def _failures(key: str, since: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key_digest == key, LoginFailure.failed_at > since))


def is_refused(keys: Keys, now: datetime, client_limit: int, account_limit: int,
               window: timedelta) -> bool:
    """The plain two-count check (client, and whatever `account` names)."""
    since = now - window
    return (_failures(keys.account, since) >= account_limit
            or _failures(keys.client, since) >= client_limit)


def password_guess_refused(keys: Keys, now: datetime, limits: Limits,
                           known_device: bool) -> bool:
    """Whether to refuse a password check now (a login, or the current password asked
    before a change); see the module's doc for the three counts."""
    counts = dict(db.session.execute(
        select(LoginFailure.key_digest, func.count()).where(
            LoginFailure.key_digest.in_(list(keys)),
            LoginFailure.failed_at > now - limits.window)
        .group_by(LoginFailure.key_digest)).all())
    return (counts.get(keys.pair, 0) >= limits.pair
            or counts.get(keys.client, 0) >= limits.client
            or (not known_device and counts.get(keys.account, 0) >= limits.account))


def record_failure(keys: Keys, now: datetime, window: timedelta) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - window))
    db.session.add_all(LoginFailure(key_digest=key, failed_at=now) for key in keys)
    db.session.commit()


def forget(key: str) -> None:
    """A successful login clears the count of its account from its client. The client's
    and the account-wide counts stay: they watch for guessing at many accounts or from
    many clients, which one success does not end."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key_digest == key))
    db.session.commit()
