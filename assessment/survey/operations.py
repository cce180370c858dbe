"""Open survey waves and keep respondents' answers, never anything that identifies them."""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..capability.models import AssessmentCycle
from ..extensions import db
from ..organizations.models import Organization
from .models import SurveyAnswer, SurveyResponse, SurveyTally, SurveyWave
from .questionnaire import Section, survey

# Letters and digits that cannot be mistaken for one another on a phone screen.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESUME_CODE_LENGTH = 6
RESUME_CODE_LIFETIME = timedelta(days=30)

Answers = dict[str, str | list[str] | None]


class AlreadySubmitted(Exception):
    """The response was sent; a different body under its id is refused."""


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def open_wave(organization: Organization, name: str, opens_on: date, closes_on: date,
              cycle: AssessmentCycle | None) -> SurveyWave:
    current = survey()
    wave = SurveyWave(organization=organization, name=name, opens_on=opens_on,
                      closes_on=closes_on, cycle=cycle, code=_code(8),
                      questionnaire_id=current.id, questionnaire_version=current.version)
    db.session.add(wave)
    db.session.commit()
    return wave


def close_wave(wave: SurveyWave, today: date) -> None:
    """Close now: yesterday becomes the last day, so results can be read today."""
    wave.closes_on = min(wave.closes_on, today - timedelta(days=1))
    wave.opens_on = min(wave.opens_on, wave.closes_on)
    db.session.commit()


def wave_by_code(code: str) -> SurveyWave | None:
    return db.session.scalar(select(SurveyWave).where(SurveyWave.code == code.upper()))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)


def _resume_digest(wave: SurveyWave, code: str) -> str:
    return hashlib.sha256(f"{wave.id}:{normalise_code(code)}".encode()).hexdigest()


def response_by_public_id(wave: SurveyWave, public_id: str) -> SurveyResponse | None:
    return db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.public_id == public_id, SurveyResponse.wave_id == wave.id))


def start_response(wave: SurveyWave, public_id: str, language: str,
                   today: date) -> tuple[SurveyResponse, str | None]:
    """The response with this id, made on first use; the resume code only when new."""
    existing = response_by_public_id(wave, public_id)
    if existing is not None:
        return existing, None
    code = _code(RESUME_CODE_LENGTH)
    response = SurveyResponse(wave=wave, public_id=public_id, language=language,
                              started_on=today, resume_digest=_resume_digest(wave, code))
    db.session.add(response)
    db.session.commit()
    return response, code


UNKNOWN, EXPIRED, SENT, IN_PROGRESS = "unknown", "expired", "sent", "in_progress"


def resume(wave: SurveyWave, code: str, today: date) -> tuple[SurveyResponse | None, str]:
    """(the response, or None when it cannot be continued; why) for a resume code."""
    response = db.session.scalar(select(SurveyResponse).where(
        SurveyResponse.resume_digest == _resume_digest(wave, code)))
    if response is None:
        return None, UNKNOWN
    if response.submitted_on is not None:
        return None, SENT
    if not wave.is_open(today) or response.started_on + RESUME_CODE_LIFETIME < today:
        return None, EXPIRED
    return response, IN_PROGRESS


def stored_answers(response: SurveyResponse, section: Section) -> Answers:
    ids = {item.id: item for item in section.items}
    answers: Answers = {}
    for answer in response.answers:
        item = ids.get(answer.item_id)
        if item is None:
            continue
        if item.type == "multiple":
            answers.setdefault(item.id, []).append(answer.value)
        else:
            answers[item.id] = answer.value
    return answers


def digest(answers: Answers) -> str:
    canonical = {k: sorted(v) if isinstance(v, list) else v for k, v in answers.items()
                 if v not in (None, "", [])}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def save_section(response: SurveyResponse, section: Section, answers: Answers) -> None:
    """Replace the answers to this section's questions. Sent responses do not change."""
    if response.submitted_on is not None:
        if digest(stored_answers(response, section)) != digest(answers):
            raise AlreadySubmitted()
        return
    item_ids = [item.id for item in section.items]
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id == response.id,
                                                  SurveyAnswer.item_id.in_(item_ids)))
    for item_id, value in answers.items():
        for one in (value if isinstance(value, list) else [value]):
            if one not in (None, ""):
                db.session.add(SurveyAnswer(response_id=response.id, item_id=item_id, value=one))
    db.session.commit()
    db.session.refresh(response)


def submit(response: SurveyResponse, last_section: Section, answers: Answers, today: date,
           language: str) -> None:
    """Save the last section and send the response, noting the language it was finished
    in. Replaying the same send is harmless; a different body raises AlreadySubmitted."""
    save_section(response, last_section, answers)
    if response.submitted_on is None:
        response.submitted_on = today
        response.language = language
        response.final_digest = digest(answers)
        _count_in(response)
        db.session.commit()


def _count_in(response: SurveyResponse) -> None:
    """Add a sent response's answers to its wave's tallies (free text is not tallied)."""
    questionnaire = survey(response.wave.questionnaire_version)
    tallied = {item.id for item in questionnaire.items() if item.type != "text"}
    # Always the same order, so two sends updating the same counts never deadlock.
    for answer in sorted(response.answers, key=lambda a: (a.item_id, a.value)):
        if answer.item_id not in tallied:
            continue
        key = (SurveyTally.wave_id == response.wave_id, SurveyTally.item_id == answer.item_id,
               SurveyTally.value == answer.value)
        bumped = db.session.execute(update(SurveyTally).where(*key)
                                    .values(count=SurveyTally.count + 1)).rowcount
        if not bumped:
            try:
                with db.session.begin_nested():  # another send may create it first
                    db.session.add(SurveyTally(wave_id=response.wave_id, item_id=answer.item_id,
                                               value=answer.value, count=1))
            except IntegrityError:
                db.session.execute(update(SurveyTally).where(*key)
                                   .values(count=SurveyTally.count + 1))


def first_unanswered(response: SurveyResponse) -> int:
    """The number of the first section with a required question left blank."""
    answered = {answer.item_id for answer in response.answers}
    for section in survey(response.wave.questionnaire_version).sections:
        if any(item.required and item.id not in answered for item in section.items):
            return section.number
    return len(survey(response.wave.questionnaire_version).sections)


def wave_for_cycle(cycle: AssessmentCycle) -> SurveyWave | None:
    """The latest staff survey linked to a capability cycle."""
    return db.session.scalar(select(SurveyWave).where(SurveyWave.cycle_id == cycle.id)
                             .order_by(SurveyWave.opens_on.desc(), SurveyWave.id.desc()))


def waves_of(organization: Organization) -> list[SurveyWave]:
    return list(db.session.scalars(select(SurveyWave).where(
        SurveyWave.organization_id == organization.id).order_by(SurveyWave.opens_on.desc(),
                                                                SurveyWave.id.desc())))
