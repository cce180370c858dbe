"""Counting a wave's submitted answers in SQL; results.py turns the counts into figures."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from .models import SurveyAnswer, SurveyResponse, SurveyTally, SurveyWave
from .questionnaire import Survey

Answer = SurveyAnswer
Response = SurveyResponse


def _submitted(wave: SurveyWave):
    return and_(Response.wave_id == wave.id, Response.submitted_on.is_not(None))


def respondents(wave: SurveyWave) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(_submitted(wave)))


def in_progress(wave: SurveyWave) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(
        Response.wave_id == wave.id, Response.submitted_on.is_(None)))


def item_counts(wave: SurveyWave, survey: Survey) -> dict[str, dict[str, int]]:
    """item id -> choice id -> sent answers, for every item with choices."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for item_id, value, n in db.session.execute(
            select(SurveyTally.item_id, SurveyTally.value, SurveyTally.count)
            .where(SurveyTally.wave_id == wave.id)):
        counts[item_id][value] = n
    return counts


def language_counts(wave: SurveyWave) -> dict[str, int]:
    return dict(db.session.execute(
        select(Response.language, func.count()).where(_submitted(wave))
        .group_by(Response.language)).all())


def agreement_by_group(wave: SurveyWave, survey: Survey,
                       demographic_id: str) -> dict[str, dict[str, int]]:
    """For one demographic question: its answer -> agreement choice -> answers."""
    group = aliased(Answer)
    rows = db.session.execute(
        select(group.value, Answer.value, func.count())
        .join(group, and_(group.response_id == Answer.response_id,
                          group.item_id == demographic_id))
        .join(Response, Answer.response_id == Response.id)
        .where(_submitted(wave),
               Answer.item_id.in_([i.id for i in survey.items("agreement")]))
        .group_by(group.value, Answer.value))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for group_value, value, n in rows:
        counts[group_value][value] = n
    return counts


def open_answers(wave: SurveyWave, item_id: str) -> list[str]:
    """In alphabetical order, so their order says nothing about who answered when."""
    return sorted(db.session.scalars(
        select(Answer.value).join(Response, Answer.response_id == Response.id)
        .where(_submitted(wave), Answer.item_id == item_id, Answer.value != "")))
