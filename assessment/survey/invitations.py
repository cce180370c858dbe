"""Single-use invitation codes: a made-up response costs a real card.

A lead who opens a wave with "one code per person" prints cards, each with its own code,
and hands them out at random. Starting a response spends one unused code. Only a keyed
digest of each code is stored (the code itself exists only on the card), and spending it
sets a flag on the code's row and nothing else: no time, no response id, no counter. The
response is started in the same transaction, so two phones with one code at the same
moment find the flag set one after the other and exactly one gets in; a double tap on one
phone finds its own response and goes on. Once the wave closes, its code rows are written
again in random order with its responses (reshuffle), so neither row order nor the
transaction that wrote a row can match a used code to an answer.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from . import operations
from .invitation_models import SurveyCardBatch, SurveyInvitation
from .models import SurveyResponse, SurveyWave

CODE_LENGTH = 10        # 32 ** 10: about 10 ** 15 codes, so guessing one is hopeless
MAX_CARDS = 500         # per batch: a few pages of cards, a large organization's staff

# Why a code cannot be used.
STARTED, USED, UNKNOWN = "started", "used", "unknown"

_shuffle = secrets.SystemRandom().shuffle


def digest(secret: str, wave_id: int, code: str) -> str:
    """Keyed, so a copy of the database alone cannot tell which card a digest is."""
    message = f"invitation:{wave_id}:{operations.normalise_code(code)}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def written(code: str) -> str:
    """The code as a card shows it, in two groups of five: ABCDE-FGHJK."""
    code = operations.normalise_code(code)
    return f"{code[:5]}-{code[5:]}"


def is_well_formed(code: str | None) -> bool:
    return bool(code) and len(operations.normalise_code(code)) == CODE_LENGTH


def make_codes(wave: SurveyWave, count: int, secret: str, today: date) -> list[str]:
    """count new codes for the wave, stored as digests; the codes themselves are
    returned once, for the cards, and never kept."""
    codes: dict[str, str] = {}
    while len(codes) < count:
        fresh = {}
        while len(codes) + len(fresh) < count:
            code = operations._code(CODE_LENGTH)
            fresh[digest(secret, wave.id, code)] = code
        taken = set(db.session.scalars(select(SurveyInvitation.digest).where(
            SurveyInvitation.digest.in_(list(fresh)))))
        codes.update({key: code for key, code in fresh.items() if key not in taken})
    rows = [{"digest": key, "wave_id": wave.id, "used": False} for key in codes]
    _shuffle(rows)
    db.session.execute(insert(SurveyInvitation), rows)
    db.session.add(SurveyCardBatch(wave_id=wave.id, made_on=today, count=count))
    db.session.commit()
    cards = list(codes.values())
    _shuffle(cards)
    return cards


def _spend(wave: SurveyWave, key: str) -> bool:
    """Set the code's flag if it is unused: the row lock (PostgreSQL) or the write lock
    (SQLite) makes a second spender wait, then find it used."""
    return db.session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.digest == key, SurveyInvitation.wave_id == wave.id,
               SurveyInvitation.used.is_(False))
        .values(used=True).execution_options(synchronize_session=False)).rowcount == 1


def refusal(wave: SurveyWave, code: str, secret: str) -> str:
    """USED or UNKNOWN: why this code lets nobody in."""
    if not is_well_formed(code):
        return UNKNOWN
    used = db.session.scalar(select(SurveyInvitation.used).where(
        SurveyInvitation.digest == digest(secret, wave.id, code),
        SurveyInvitation.wave_id == wave.id))
    return UNKNOWN if used is None else USED


def start_with_code(wave: SurveyWave, code: str, public_id: str, language: str,
                    today: date, secret: str) -> tuple[SurveyResponse | None, str | None, str]:
    """(response, its resume code when new, STARTED) when the code was unused (or this
    id already started: a double tap); (None, None, USED or UNKNOWN) otherwise."""
    key = digest(secret, wave.id, code) if is_well_formed(code) else None
    for _attempt in range(5):
        existing = operations.in_progress(wave, public_id)
        if existing is not None:
            return existing, None, STARTED
        if key is None or not _spend(wave, key):
            db.session.rollback()
            existing = operations.in_progress(wave, public_id)  # a double tap got in first
            if existing is not None:
                return existing, None, STARTED
            return None, None, refusal(wave, code, secret)
        resume_code = operations._code(operations.RESUME_CODE_LENGTH)
        response = SurveyResponse(
            wave_id=wave.id, public_id=public_id, language=language, started_on=today,
            resume_digest=operations._resume_digest(wave, resume_code), draft="{}")
        db.session.add(response)
        try:
            db.session.commit()  # the spent code and the new response, together or neither
            return response, resume_code, STARTED
        except IntegrityError:  # a resume code taken: try again, the code unspent
            db.session.rollback()
    raise RuntimeError("no free resume code after 5 tries")


def reshuffle(wave: SurveyWave) -> None:
    """Write the wave's code rows again in random order, in the caller's transaction
    (operations.seal): on PostgreSQL a used code's row otherwise sits where, and carries
    the transaction id of when, it was used."""
    rows = [dict(row._mapping) for row in db.session.execute(
        select(SurveyInvitation.__table__).where(SurveyInvitation.wave_id == wave.id))]
    if not rows:
        return
    db.session.execute(delete(SurveyInvitation).where(SurveyInvitation.wave_id == wave.id))
    _shuffle(rows)
    db.session.execute(insert(SurveyInvitation), rows)


def summary(wave: SurveyWave) -> dict:
    """What the lead and the coach see: cards made (per batch) and how many were used,
    never which."""
    made, used = db.session.execute(
        select(func.count(), func.count().filter(SurveyInvitation.used.is_(True)))
        .where(SurveyInvitation.wave_id == wave.id)).one()
    batches = list(db.session.execute(
        select(SurveyCardBatch.made_on, SurveyCardBatch.count)
        .where(SurveyCardBatch.wave_id == wave.id).order_by(SurveyCardBatch.id)))
    return {"made": made, "used": used, "batches": batches}
