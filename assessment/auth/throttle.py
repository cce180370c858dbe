"""Refuse logins for a while after repeated failures from one client or for one account.

Kept in the database, not in process memory, so the count holds across
workers and hosts.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from ..extensions import db
from .models import LoginFailure


def keys_for(secret: str, client: str, email: str) -> list[str]:
    """Keyed digests, so the table holds no address or email in the clear."""
    return [
        hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        for kind, value in (("client", client), ("account", email.strip().lower()))
    ]


def is_refused(keys: list[str], now: datetime, limit: int, window: timedelta) -> bool:
    since = now - window
    counts = db.session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.key_digest.in_(keys), LoginFailure.failed_at > since)
        .group_by(LoginFailure.key_digest)
    ).scalars()
    return any(count >= limit for count in counts)


def record_failure(keys: list[str], now: datetime, window: timedelta) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - window))
    db.session.add_all(LoginFailure(key_digest=key, failed_at=now) for key in keys)
    db.session.commit()


def forget_account(account_key: str) -> None:
    """A successful login clears the account's count, not the client's."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key_digest == account_key))
    db.session.commit()
