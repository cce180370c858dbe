"""One-time links to set a new password: from "Forgot your password?" or the
administrator. Only a digest of each token is stored; a link expires, works once, and
asking for a new one ends the ones before it."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update

from ..extensions import db
from .models import PasswordReset, User

TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
# Used and expired rows are kept a day (for the log's sake), then deleted.
KEPT = timedelta(days=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, now: datetime, lifetime: timedelta) -> str:
    """A new link's token; any earlier unused link of this account stops working."""
    db.session.execute(delete(PasswordReset).where(PasswordReset.expires_at < now - KEPT))
    _end_unused(user, now)
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(token_digest=_digest(token), user_id=user.id,
                                 created_at=now, expires_at=now + lifetime))
    db.session.commit()
    return token


def issued_since(user: User, since: datetime) -> bool:
    """Whether a link still unused was sent to this account after `since`."""
    return db.session.scalar(select(exists().where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
        PasswordReset.created_at > since)))


def usable(token: str, now: datetime) -> User | None:
    """The account a link may still reset; None when it is malformed, unknown, used,
    expired or its account is deactivated."""
    if not TOKEN.fullmatch(token or ""):
        return None
    row = db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_digest == _digest(token), PasswordReset.used_at.is_(None),
        PasswordReset.expires_at > now))
    return row.user if row is not None and row.user.active else None


def redeem(token: str, now: datetime) -> User | None:
    """Use the link up: the account, or None when it cannot be used (another tab or a
    double tap used it a moment ago, among others). One UPDATE decides, so it works once."""
    user = usable(token, now)
    if user is None:
        return None
    used = db.session.execute(
        update(PasswordReset).where(PasswordReset.token_digest == _digest(token),
                                    PasswordReset.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if used != 1:
        db.session.rollback()
        return None
    _end_unused(user, now)
    return user


def _end_unused(user: User, now: datetime) -> None:
    db.session.execute(
        update(PasswordReset).where(PasswordReset.user_id == user.id,
                                    PasswordReset.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
