"""How many responses may be started in an hour: per wave from one client, and per wave
from everyone, so nobody can pad a survey with hundreds of made-up answers in minutes.

Counts are kept in the database (they hold across workers and hosts) under keyed
digests, as the login throttle does: no address is stored, and nothing names a response.
A count is kept for its hour only; rows of past hours are deleted as new starts come in.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import SurveyStartCount

# An office or a phone company may put many people behind one address, so one client
# gets room for a whole staff meeting; the wave's own limit stops bulk padding.
STARTS_PER_CLIENT_HOUR = 40
STARTS_PER_WAVE_HOUR = 400


@dataclass(frozen=True)
class StartKeys:
    client: str     # this wave, from this client
    wave: str       # this wave, from anyone

    @classmethod
    def of(cls, secret: str, wave_code: str, client: str) -> "StartKeys":
        def digest(value: str) -> str:
            return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
        return cls(client=digest(f"survey-start:{wave_code}:{client}"),
                   wave=digest(f"survey-start:{wave_code}"))


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _count(key: str, hour: datetime) -> int:
    return db.session.scalar(select(SurveyStartCount.count).where(
        SurveyStartCount.key_digest == key, SurveyStartCount.hour == hour)) or 0


def is_refused(keys: StartKeys, now: datetime, per_client: int = STARTS_PER_CLIENT_HOUR,
               per_wave: int = STARTS_PER_WAVE_HOUR) -> bool:
    hour = _hour(now)
    return _count(keys.client, hour) >= per_client or _count(keys.wave, hour) >= per_wave


def count_start(keys: StartKeys, now: datetime) -> None:
    """Count one start under both keys, in the caller's transaction; forget past hours."""
    hour = _hour(now)
    db.session.execute(delete(SurveyStartCount).where(SurveyStartCount.hour < hour))
    for key in sorted((keys.client, keys.wave)):  # a fixed order: no deadlock
        where = (SurveyStartCount.key_digest == key, SurveyStartCount.hour == hour)
        if db.session.execute(update(SurveyStartCount).where(*where)
                              .values(count=SurveyStartCount.count + 1)
                              .execution_options(synchronize_session=False)).rowcount:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(SurveyStartCount(key_digest=key, hour=hour, count=1))
        except IntegrityError:  # another worker counted the hour's first start
            db.session.execute(update(SurveyStartCount).where(*where)
                               .values(count=SurveyStartCount.count + 1)
                               .execution_options(synchronize_session=False))
