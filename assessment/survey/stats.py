"""Counting a wave's submitted answers in SQL; results.py turns the counts into figures."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, select

from ..extensions import db
from .agreement import overall_verdict
from .models import (
    SurveyAnswer,
    SurveyOpenAnswer,
    SurveyResponse,
    SurveyTally,
    SurveyWave,
)
from .questionnaire import Survey
from .results import Person

Answer = SurveyAnswer
Response = SurveyResponse
# Every language a worker can answer in, listed even when nobody did: an absent language
# would tell that nobody answered in it, a "fewer than 5" that somebody did.
RESPONSE_LANGUAGES = ("en", "es")
LANGUAGE_SPLIT = "language"


def _submitted(wave: SurveyWave):
    return and_(Response.wave_id == wave.id, Response.submitted_on.is_not(None))


def respondents(wave: SurveyWave) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(_submitted(wave)))


def in_progress(wave: SurveyWave) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.wave_id == wave.id, Response.submitted_on.is_(None)))


def response_counts(wave: SurveyWave) -> tuple[int, int]:
    """(sent, in progress), as respondents() and in_progress() give them, in one query."""
    sent, started = db.session.execute(
        select(func.count(Response.submitted_on), func.count())
        .where(Response.wave_id == wave.id)).one()
    return sent, started - sent


def sent_counts(wave_ids: list[int]) -> dict[int, int]:
    """wave id -> sent responses, for a list of waves, in one query."""
    return dict(db.session.execute(
        select(Response.wave_id, func.count()).where(Response.wave_id.in_(wave_ids),
                                                     Response.submitted_on.is_not(None))
        .group_by(Response.wave_id)).all())


def item_counts(wave: SurveyWave, survey: Survey | None = None) -> dict[str, dict[str, int]]:
    """item id -> choice id -> sent answers, for every item with choices, and
    "practice:<id>" -> agree / not_agree -> people (agreement.py)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for item_id, value, n in db.session.execute(
            select(SurveyTally.item_id, SurveyTally.value, SurveyTally.count)
            .where(SurveyTally.wave_id == wave.id)):
        counts[item_id][value] = n
    return counts


def language_counts(wave: SurveyWave) -> dict[str, int]:
    counts = dict.fromkeys(RESPONSE_LANGUAGES, 0)
    counts.update(db.session.execute(
        select(Response.language, func.count()).where(_submitted(wave))
        .group_by(Response.language)).all())
    return counts


def people(wave: SurveyWave, survey: Survey, broken_down: tuple[str, ...] = ()) -> list[Person]:
    """Each sent response's groups (its demographic answers and its language), whether
    the person agrees overall, and its choices to the items named in broken_down; in key
    order, which is random."""
    splits = [item.id for item in survey.items("demographic")]
    wanted = splits + [item.id for item in survey.items("agreement")] + list(broken_down)
    answers: dict[str, dict[str, str]] = defaultdict(dict)
    chosen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for response_id, item_id, value in db.session.execute(
            select(Answer.response_id, Answer.item_id, Answer.value)
            .join(Response, Answer.response_id == Response.id)
            .where(_submitted(wave), Answer.item_id.in_(wanted))):
        answers[response_id][item_id] = value
        if item_id in broken_down:
            chosen[response_id][item_id].add(value)
    found = []
    for response_id, language in db.session.execute(
            select(Response.id, Response.language).where(_submitted(wave))
            .order_by(Response.id)):
        mine = answers.get(response_id, {})
        groups = {split: mine.get(split) for split in splits}
        groups[LANGUAGE_SPLIT] = language
        found.append(Person(groups, overall_verdict(mine, survey),
                            {item_id: frozenset(values)
                             for item_id, values in chosen.get(response_id, {}).items()}))
    return found


def daily_activity(wave: SurveyWave) -> list[tuple[date, int, int]]:
    """(day, responses started that day, responses sent that day), oldest first: padding
    a survey with made-up answers shows as an unusual day."""
    started = dict(db.session.execute(
        select(Response.started_on, func.count()).where(Response.wave_id == wave.id)
        .group_by(Response.started_on)).all())
    sent = dict(db.session.execute(
        select(Response.submitted_on, func.count()).where(_submitted(wave))
        .group_by(Response.submitted_on)).all())
    return [(day, started.get(day, 0), sent.get(day, 0)) for day in sorted({*started, *sent})]


def open_answers(wave: SurveyWave, item_id: str) -> list[str]:
    """In alphabetical order, so their order says nothing about who answered when."""
    return sorted(db.session.scalars(
        select(SurveyOpenAnswer.value).where(SurveyOpenAnswer.wave_id == wave.id,
                                             SurveyOpenAnswer.item_id == item_id,
                                             SurveyOpenAnswer.value != "")))
