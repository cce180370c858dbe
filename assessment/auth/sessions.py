"""Server-side login sessions: the cookie names a row, so a login can be ended from here."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import User, UserSession

# Writing last_seen_at on every request would turn every page view into a write.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, now: datetime) -> str:
    """Open a session for user and return its token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_digest=_digest(token), user_id=user.id,
                               created_at=now, last_seen_at=now))
    db.session.commit()
    user.session_token = token
    return token


@cache
def _resume_statement():
    """Built once: every logged-in page runs it."""
    return (select(UserSession).options(joinedload(UserSession.user))
            .where(UserSession.token_digest == bindparam("digest")))


def resume(token: str, now: datetime, idle: timedelta, absolute: timedelta) -> User | None:
    """The user of a live session, or None when it ended, idled out or grew too old."""
    row = db.session.scalar(_resume_statement(), {"digest": _digest(token)})
    if row is None:
        return None
    if not row.user.active:  # deactivated while logged in: the session ends now
        end_all(row.user)
        return None
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
        db.session.commit()
    row.user.session_token = token
    return row.user


def end(token: str) -> None:
    db.session.execute(delete(UserSession).where(UserSession.token_digest == _digest(token)))
    db.session.commit()


def end_all(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
