"""Refuse logins for a while after repeated failures from one client or for one account.

Kept in the database, not in process memory, so the count holds across
workers and hosts.
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

    @classmethod
    def of(cls, secret: str, client: str, email: str) -> "Keys":
        def digest(value: str) -> str:
            return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
        return cls(client=digest(f"client:{client}"),
                   account=digest(f"account:{email.strip().lower()}"))

    def __iter__(self):
        return iter((self.client, self.account))


def _failures(key: str, since: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.key_digest == key, LoginFailure.failed_at > since))


def is_refused(keys: Keys, now: datetime, client_limit: int, account_limit: int,
               window: timedelta) -> bool:
    since = now - window
    return (_failures(keys.account, since) >= account_limit
            or _failures(keys.client, since) >= client_limit)


def record_failure(keys: Keys, now: datetime, window: timedelta) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - window))
    db.session.add_all(LoginFailure(key_digest=key, failed_at=now) for key in keys)
    db.session.commit()


def forget_account(account_key: str) -> None:
    """A successful login clears the account's count, not the client's."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key_digest == account_key))
    db.session.commit()
