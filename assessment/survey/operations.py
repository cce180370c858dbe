"""Open survey waves and keep respondents' answers, never anything that identifies them.

Answers in progress are kept as a draft on the response. Sending writes them as answer
rows in one batch, in random order, under random keys, adds them to the wave's tallies,
and forgets the keys the worker's browser held (the response id and the resume code):
nothing left on the phone leads back to the sent answers.

Every save or send first takes the response's row with a conditional UPDATE (a row lock
on PostgreSQL, the database's write lock on SQLite) that only matches a response still in
progress. Concurrent posts for one response (a double tap, a resend) therefore run one
after another, and only the send whose UPDATE matched counts: the others find the
response sent and change nothing.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, timedelta
from functools import cache

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..capability.models import AssessmentCycle
from ..extensions import db
from ..organizations.models import Organization
from .agreement import VERDICTS, practice_ids, practice_key, practice_verdicts
from .models import (
    SurveyAnswer,
    SurveyOpenAnswer,
    SurveyResponse,
    SurveyTally,
    SurveyWave,
    is_open_on,
    random_key,
)
from .instruments import instrument, of_wave
from .questionnaire import SKIPPED, Section, Survey, survey

# Letters and digits that cannot be mistaken for one another on a phone screen.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESUME_CODE_LENGTH = 6
RESUME_CODE_LIFETIME = timedelta(days=30)

Answers = dict[str, str | list[str] | None]
# The draft's note of the sections saved so far (item ids never start with "_").
SAVED_SECTIONS = "_sections"

# What a send did.
SENT_NOW, ALREADY_SENT, CLOSED = "sent_now", "already_sent", "closed"
# Why a resume code cannot be used.
UNKNOWN, EXPIRED, IN_PROGRESS = "unknown", "expired", "in_progress"

_shuffle = secrets.SystemRandom().shuffle


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


# ------------------------------------------------------------------ waves

def open_wave(organization: Organization, name: str, opens_on: date, closes_on: date,
              cycle: AssessmentCycle | None, questionnaire: Survey | None = None,
              invitation_codes: bool = False) -> SurveyWave:
    """A new wave of the given questionnaire (the staff survey's current version when
    none is given)."""
    current = questionnaire or survey()
    wave = SurveyWave(organization=organization, name=name, opens_on=opens_on,
                      closes_on=closes_on, cycle=cycle, code=_code(8),
                      questionnaire_id=current.id, questionnaire_version=current.version,
                      invitation_codes=invitation_codes)
    db.session.add(wave)
    db.session.flush()
    # Every count exists from the start, in a fixed order, so the order in which tally
    # rows were made never tells which answer came first.
    db.session.execute(insert(SurveyTally), [
        {"wave_id": wave.id, "item_id": item_id, "value": value, "count": 0}
        for item_id, value in tally_keys(current)])
    db.session.commit()
    return wave


def tally_keys(questionnaire: Survey) -> list[tuple[str, str]]:
    """Every (item id, value) a wave of this questionnaire counts, sorted: each choice,
    and SKIPPED for the people who sent no answer to the question."""
    keys = [(item.id, choice) for item in questionnaire.items() if item.counted
            for choice in [*item.choice_ids(), SKIPPED]]
    keys += [(practice_key(p), verdict) for p in practice_ids(questionnaire)
             for verdict in VERDICTS]
    return sorted(keys)


def close_wave(wave: SurveyWave, today: date) -> bool:
    """Close now: no answer is taken from now on, and results are released at once. The
    planned days are kept; the closing day is recorded. False when it was closed already."""
    closed = db.session.execute(
        update(SurveyWave).where(SurveyWave.id == wave.id, SurveyWave.closed_on.is_(None),
                                 SurveyWave.closes_on >= today)
        .values(closed_on=today).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(wave)
    seal(wave, today)
    return bool(closed)


def seal(wave: SurveyWave, today: date) -> None:
    """Once a wave is closed, write its sent responses and answers again, in random order
    and under new keys: PostgreSQL keeps rows in the order they were written, and that
    order was the order people sent. Done once per wave (the row count decides, across
    workers); the figures do not change."""
    if wave.sealed or not wave.is_closed(today):
        return
    first = db.session.execute(
        update(SurveyWave).where(SurveyWave.id == wave.id, SurveyWave.sealed.is_(False))
        .values(sealed=True).execution_options(synchronize_session=False)).rowcount
    if first:
        _rewrite_shuffled(wave)
        from .invitations import reshuffle  # invitations builds on this module
        reshuffle(wave)
    db.session.commit()
    db.session.refresh(wave)


def _rewrite_shuffled(wave: SurveyWave) -> None:
    sent = (SurveyResponse.wave_id == wave.id) & SurveyResponse.submitted_on.is_not(None)
    responses = [dict(row._mapping) for row in db.session.execute(
        select(SurveyResponse.__table__).where(sent))]
    new_key = {row["id"]: random_key() for row in responses}
    answers = [dict(row._mapping) for row in db.session.execute(
        select(SurveyAnswer.__table__).where(SurveyAnswer.response_id.in_(new_key)))]
    written = [dict(row._mapping) for row in db.session.execute(
        select(SurveyOpenAnswer.__table__).where(SurveyOpenAnswer.wave_id == wave.id))]
    # Exactly the rows read: a send committed meanwhile stays as it is.
    db.session.execute(delete(SurveyOpenAnswer).where(
        SurveyOpenAnswer.id.in_([row["id"] for row in written])))
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(new_key)))
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.id.in_(new_key)))
    for rows, model in ((responses, SurveyResponse), (answers, SurveyAnswer),
                        (written, SurveyOpenAnswer)):
        for row in rows:
            row["id"] = new_key.get(row["id"]) or random_key()
            if "response_id" in row:
                row["response_id"] = new_key[row["response_id"]]
        _shuffle(rows)
        if rows:
            db.session.execute(insert(model), rows)


@cache
def _statements() -> dict:
    """The statements every survey page runs, built once: building one costs about as
    much as running it, on the pages a whole staff answers at once."""
    code, public_id, row = bindparam("code"), bindparam("public_id"), bindparam("row")
    in_progress = (SurveyResponse.public_id == public_id, SurveyResponse.submitted_on.is_(None))
    return {
        "wave": select(SurveyWave).where(SurveyWave.code == code),
        "response": select(SurveyResponse).where(
            *in_progress, SurveyResponse.wave_id == bindparam("wave_id")),
        "response with wave": select(SurveyResponse).options(
            joinedload(SurveyResponse.wave)).where(*in_progress),
        "take": update(SurveyResponse).where(
            SurveyResponse.id == row, SurveyResponse.submitted_on.is_(None))
        .values(draft=SurveyResponse.draft).returning(SurveyResponse.draft)
        .execution_options(synchronize_session=False),
        "draft": update(SurveyResponse).where(SurveyResponse.id == row)
        .values(draft=bindparam("draft")).execution_options(synchronize_session=False),
    }


def wave_by_code(code: str) -> SurveyWave | None:
    return db.session.scalar(_statements()["wave"], {"code": code.upper()})


def waves_for_cycle(cycle: AssessmentCycle) -> list[tuple[SurveyWave, int]]:
    """The staff surveys linked to a capability cycle, latest first, each with its number
    of sent responses."""
    return [(wave, sent) for wave, sent in db.session.execute(
        select(SurveyWave, func.count(SurveyResponse.submitted_on))
        .outerjoin(SurveyResponse, SurveyResponse.wave_id == SurveyWave.id)
        .where(SurveyWave.cycle_id == cycle.id).group_by(SurveyWave.id)
        .order_by(SurveyWave.opens_on.desc(), SurveyWave.id.desc()))]


def waves_of(organization: Organization) -> list[SurveyWave]:
    return list(db.session.scalars(select(SurveyWave).where(
        SurveyWave.organization_id == organization.id).order_by(SurveyWave.opens_on.desc(),
                                                                SurveyWave.id.desc())))


# ------------------------------------------------------------------ responses

def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)


def _resume_digest(wave: SurveyWave, code: str) -> str:
    return hashlib.sha256(f"{wave.id}:{normalise_code(code)}".encode()).hexdigest()


def in_progress(wave: SurveyWave, public_id: str) -> SurveyResponse | None:
    """The response in progress under this id. A sent response has no id any more."""
    if not public_id:
        return None
    return db.session.scalar(_statements()["response"],
                             {"public_id": public_id, "wave_id": wave.id})


def response_in_progress(public_id: str) -> SurveyResponse | None:
    """The response in progress under this id, whichever wave it is, read with its wave."""
    return db.session.scalar(_statements()["response with wave"], {"public_id": public_id})


def start_response(wave: SurveyWave, public_id: str, language: str,
                   today: date) -> tuple[SurveyResponse | None, str | None]:
    """The response with this id, made on first use, and its resume code when new.
    A double tap on Start, even two posts at the same moment, makes one response.
    (None, None) when the id belonged to a response already sent."""
    for _attempt in range(5):
        existing = in_progress(wave, public_id)
        if existing is not None:
            return existing, None
        code = _code(RESUME_CODE_LENGTH)
        response = SurveyResponse(wave_id=wave.id, public_id=public_id, language=language,
                                  started_on=today, resume_digest=_resume_digest(wave, code),
                                  draft="{}")
        db.session.add(response)
        try:
            db.session.commit()
            return response, code
        except IntegrityError:  # the same id started at the same moment, or a code taken
            db.session.rollback()
            if db.session.scalar(select(SurveyResponse.id).where(
                    SurveyResponse.public_id == public_id)) is not None:
                return in_progress(wave, public_id), None
    raise RuntimeError("no free resume code after 5 tries")


def resume(wave: SurveyWave, code: str, today: date) -> tuple[SurveyResponse | None, str]:
    """(the response, or None when it cannot be continued; why) for a resume code.
    A sent response forgot its code, so its code is unknown, like a mistyped one."""
    response = db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.resume_digest == _resume_digest(wave, code),
        SurveyResponse.submitted_on.is_(None)))
    if response is None:
        return None, UNKNOWN
    if not wave.is_open(today) or response.started_on + RESUME_CODE_LIFETIME < today:
        return None, EXPIRED
    return response, IN_PROGRESS


def _draft(response: SurveyResponse) -> Answers:
    return json.loads(response.draft or "{}")


def stored_answers(response: SurveyResponse, section: Section) -> Answers:
    """This section's answers in the draft."""
    draft = _draft(response)
    return {item.id: draft[item.id] for item in section.items if item.id in draft}


def _kept(answers: Answers) -> Answers:
    """The answers worth keeping: blanks left out, several choices in a fixed order."""
    return {item_id: sorted(set(value)) if isinstance(value, list) else value
            for item_id, value in answers.items() if value not in (None, "", [])}


def _take(response: SurveyResponse) -> Answers | None:
    """Take the response's row until the end of the transaction and read its draft
    afresh; None when it was sent (or is gone): then nothing may change."""
    taken = db.session.execute(_statements()["take"], {"row": response.id}).first()
    if taken is None:
        db.session.rollback()
        return None
    return json.loads(taken.draft or "{}")


def _merged(draft: Answers, section: Section, answers: Answers, done: bool = True) -> Answers:
    """The draft with this section's answers replaced. A section the worker moved on from
    is noted as done (under SAVED_SECTIONS, which no item id can be), so a resume skips it
    even when every question on it was skipped; one saved to finish later is not."""
    mine = {item.id for item in section.items}
    merged = {k: v for k, v in draft.items() if k not in mine}
    merged.update(_kept({k: v for k, v in answers.items() if k in mine}))
    saved = set(draft.get(SAVED_SECTIONS) or [])
    merged[SAVED_SECTIONS] = sorted(saved | {section.id} if done else saved - {section.id})
    return merged


def save_section(response: SurveyResponse, section: Section, answers: Answers,
                 done: bool = True) -> bool:
    """Replace the draft's answers to this section's questions (done: the worker moved
    on from it). False, and nothing saved, when the response was sent meanwhile: sent
    answers never change."""
    draft = _take(response)
    if draft is None:
        return False
    db.session.execute(_statements()["draft"], {
        "row": response.id,
        "draft": json.dumps(_merged(draft, section, answers, done), sort_keys=True)})
    db.session.commit()
    db.session.expire(response)
    return True


def submit(response: SurveyResponse, last_section: Section, answers: Answers, today: date,
           language: str) -> str:
    """Save the last section and send the response, noting the language it was finished
    in. SENT_NOW for the one call that sent it; ALREADY_SENT for every other, whatever
    its answers; CLOSED, and nothing saved, when the wave closed before."""
    draft = _take(response)
    if draft is None:
        return ALREADY_SENT
    wave = _wave_for_send(response.wave_id)
    if not is_open_on(wave.opens_on, wave.closes_on, wave.closed_on, today):
        db.session.rollback()
        return CLOSED
    final = _merged(draft, last_section, answers)
    questionnaire = instrument(wave.questionnaire_id, wave.questionnaire_version)
    _write_answers(response.id, response.wave_id, questionnaire, final)
    _count_in(response.wave_id, questionnaire, final)
    db.session.execute(
        update(SurveyResponse).where(SurveyResponse.id == response.id)
        .values(submitted_on=today, language=language, public_id=None, resume_digest=None,
                draft=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.expire(response)
    return SENT_NOW


def _wave_for_send(wave_id: int):
    """The wave's days, read with a share lock on PostgreSQL: closing the wave waits for
    sends under way, and a send that comes after the closing sees it (on SQLite the
    write lock already orders them)."""
    return db.session.execute(
        select(SurveyWave.opens_on, SurveyWave.closes_on, SurveyWave.closed_on,
               SurveyWave.questionnaire_id, SurveyWave.questionnaire_version)
        .where(SurveyWave.id == wave_id).with_for_update(read=True)).one()


def _write_answers(response_id: str, wave_id: int, questionnaire: Survey,
                   answers: Answers) -> None:
    """One batch, in random order: the rows' order says nothing about the questions'."""
    rows, written = [], []
    for item_id, value in answers.items():
        item = questionnaire.item(item_id)
        if item is None:
            continue
        if item.type == "text":
            written.append({"id": random_key(), "wave_id": wave_id, "item_id": item_id,
                            "value": value})
            continue
        for one in (value if isinstance(value, list) else [value]):
            if one in item.choice_ids():
                rows.append({"id": random_key(), "response_id": response_id,
                             "item_id": item_id, "value": one})
    _shuffle(rows)
    if rows:
        db.session.execute(insert(SurveyAnswer), rows)
    if written:
        db.session.execute(insert(SurveyOpenAnswer), written)


def counted_keys(questionnaire: Survey, answers: Answers) -> set[tuple[str, str]]:
    """The (item id, value) tallies one sent response adds to: each choice it gave, and
    SKIPPED for each question it gave no allowed answer to (free text is not tallied)."""
    keys = set()
    for item in questionnaire.items():
        if not item.counted:
            continue
        value = answers.get(item.id)
        given = {one for one in (value if isinstance(value, list) else [value])
                 if one in item.choice_ids()}
        keys |= {(item.id, one) for one in given} if given else {(item.id, SKIPPED)}
    return keys


def _count_in(wave_id: int, questionnaire: Survey, answers: Answers) -> None:
    """Add a sent response's answers, its skipped questions and its practice verdicts to
    the wave's tallies."""
    keys = counted_keys(questionnaire, answers)
    for practice_id, agrees in practice_verdicts(answers, questionnaire).items():
        keys.add((practice_key(practice_id), VERDICTS[0] if agrees else VERDICTS[1]))
    # Always the same order, so two sends updating the same counts never deadlock.
    for item_id, value in sorted(keys):
        where = (SurveyTally.wave_id == wave_id, SurveyTally.item_id == item_id,
                 SurveyTally.value == value)
        bumped = db.session.execute(
            update(SurveyTally).where(*where).values(count=SurveyTally.count + 1)
            .execution_options(synchronize_session=False)).rowcount
        if not bumped:  # a wave made without its tallies (older data, bulk imports)
            try:
                with db.session.begin_nested():
                    db.session.add(SurveyTally(wave_id=wave_id, item_id=item_id, value=value,
                                               count=1))
            except IntegrityError:
                db.session.execute(update(SurveyTally).where(*where)
                                   .values(count=SurveyTally.count + 1)
                                   .execution_options(synchronize_session=False))


def first_unanswered(response: SurveyResponse) -> int:
    """Where to continue: the first section the worker has not saved yet (a section
    saved with every question skipped counts as saved), else the last one."""
    draft = _draft(response)
    questionnaire = of_wave(response.wave)
    saved = set(draft.get(SAVED_SECTIONS) or [])
    for section in questionnaire.sections:
        # Drafts from before sections were noted: a section with an answer was done.
        if section.id not in saved and (SAVED_SECTIONS in draft or
                                        not any(item.id in draft for item in section.items)):
            return section.number
    return len(questionnaire.sections)
