"""What people do to an assessment cycle: start it, invite raters, rate, close it.

Each function checks its rule and changes data; the views only call them.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date
from functools import cache

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization
from .models import AssessmentCycle, CycleEvent, PracticeScore, Rater, Rating
from .rubric import Rubric, rubric
from .scoring import Profile, score_cycle


class CycleClosed(Exception):
    """The cycle was closed: answers can no longer change."""


class CycleStillOpen(Exception):
    """A new cycle cannot start while another of the organization's cycles is open."""

    def __init__(self, cycle: AssessmentCycle):
        super().__init__("a cycle is still open")
        self.cycle = cycle


class NotOffered(Exception):
    """A rater to bring along who is not on the last cycle's team (a tampered form)."""


def start_cycle(organization: Organization, name: str, starts_on: date) -> AssessmentCycle:
    current = rubric()
    cycle = AssessmentCycle(organization=organization, name=name, starts_on=starts_on,
                            questionnaire_id=current.id, questionnaire_version=current.version)
    db.session.add(cycle)
    db.session.flush()
    store_scores(cycle)
    db.session.commit()
    return cycle


def open_cycle_of(organization: Organization) -> AssessmentCycle | None:
    return db.session.scalar(
        select(AssessmentCycle).where(AssessmentCycle.organization_id == organization.id,
                                      AssessmentCycle.closed_at.is_(None))
        .order_by(AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc()).limit(1))


def last_team(organization: Organization) -> list[Rater]:
    """The raters of the organization's latest cycle whose link was on at the end: the
    team a new cycle offers to bring along."""
    cycles = cycles_of(organization)
    if not cycles:
        return []
    return [rater for rater in cycles[-1].raters if rater.revoked_at is None]


def begin_cycle(organization: Organization, name: str, starts_on: date,
                bring: list[int]) -> AssessmentCycle:
    """Start the organization's next cycle with the chosen raters of the last one, each
    with a new link. Refused while a cycle is open (CycleStillOpen) or when a rater is
    not on the last team (NotOffered)."""
    # A row lock on the organization: two leads starting a cycle at once take turns, and
    # the second finds the first one's cycle open. (SQLite locks on the first write.)
    db.session.execute(update(Organization).where(Organization.id == organization.id)
                       .values(name=Organization.name))
    still_open = open_cycle_of(organization)
    if still_open is not None:
        db.session.rollback()
        raise CycleStillOpen(still_open)
    offered = {rater.id: rater for rater in last_team(organization)}
    if any(rater_id not in offered for rater_id in bring):
        db.session.rollback()
        raise NotOffered()
    current = rubric()
    cycle = AssessmentCycle(organization=organization, name=name, starts_on=starts_on,
                            questionnaire_id=current.id, questionnaire_version=current.version)
    db.session.add(cycle)
    for rater_id in sorted(set(bring)):
        before = offered[rater_id]
        db.session.add(Rater(cycle=cycle, name=before.name, token=new_token(),
                             user_id=before.user_id, email=before.email,
                             language=before.language))
    db.session.flush()
    store_scores(cycle)
    db.session.commit()
    return cycle


def new_token() -> str:
    return secrets.token_urlsafe(24)


def add_rater(cycle: AssessmentCycle, name: str, user_id: int | None = None) -> Rater:
    rater = Rater(cycle=cycle, name=name, token=new_token(), user_id=user_id)
    db.session.add(rater)
    db.session.commit()
    return rater


def rater_for_user(cycle: AssessmentCycle, user) -> Rater:
    """The lead's own rater in this cycle, made on first use."""
    for rater in cycle.raters:
        if rater.user_id == user.id:
            if rater.revoked_at:
                reissue(rater)
            return rater
    return add_rater(cycle, user.name, user.id)


def revoke(rater: Rater) -> None:
    rater.revoked_at = rater.revoked_at or utcnow()
    store_scores(rater.cycle)
    db.session.commit()


def reissue(rater: Rater) -> None:
    """A new link; the old one stops working. The rater's answers are kept."""
    rater.token = new_token()
    rater.revoked_at = None
    store_scores(rater.cycle)
    db.session.commit()


def close_cycle(cycle: AssessmentCycle, user=None) -> None:
    """Close the cycle; a double tap closes it once and records it once."""
    _change_state(cycle, AssessmentCycle.closed_at.is_(None), utcnow(), "closed", user)


def reopen_cycle(cycle: AssessmentCycle, user=None) -> None:
    _change_state(cycle, AssessmentCycle.closed_at.is_not(None), None, "reopened", user)


def _change_state(cycle: AssessmentCycle, condition, closed_at, action: str, user) -> None:
    # The row count of a conditional update decides who changed it, across workers.
    changed = db.session.execute(
        update(AssessmentCycle).where(AssessmentCycle.id == cycle.id, condition)
        .values(closed_at=closed_at).execution_options(synchronize_session=False)).rowcount
    if changed:
        db.session.add(CycleEvent(cycle_id=cycle.id, action=action,
                                  user_id=user.id if user else None))
    db.session.commit()
    db.session.refresh(cycle)


@cache
def _rater_by_token_statement():
    """Built once, with what every rater page reads: the cycle and the ratings so far."""
    return (select(Rater).options(joinedload(Rater.cycle), joinedload(Rater.ratings))
            .where(Rater.token == bindparam("token")))


def rater_by_token(token: str) -> Rater | None:
    rater = db.session.scalars(_rater_by_token_statement(), {"token": token}).unique().first()
    return None if rater is None or rater.revoked_at else rater


def answers_of(rater: Rater) -> dict[str, Rating]:
    return {rating.practice_id: rating for rating in rater.ratings}


def save_rating(rater: Rater, practice_id: str, level: int | None, evidence: str) -> Rating:
    """Store the rater's answer for one practice; the same answer sent twice at once (a
    double tap, two tabs) is stored once, as an insert or an update of one row."""
    if not rater.cycle.is_open:
        raise CycleClosed()
    _upsert(Rating, {"rater_id": rater.id, "practice_id": practice_id},
            {"level": level, "evidence": evidence, "updated_at": utcnow()},
            {"questionnaire_id": rater.cycle.questionnaire_id,
             "questionnaire_version": rater.cycle.questionnaire_version})
    cycle = _locked_cycle(rater.cycle_id)  # checked again inside the write: closed meanwhile?
    if not cycle.is_open:
        db.session.rollback()
        raise CycleClosed()
    db.session.expire(rater, ["ratings"])
    store_scores(cycle)
    db.session.commit()
    return answers_of(rater)[practice_id]


def _locked_cycle(cycle_id: int) -> AssessmentCycle:
    """The cycle, read afresh and, on PostgreSQL, locked until commit: saves in one cycle
    take turns from here on, so the last to store the scores counts every answer, and
    none lands after the cycle was closed. (On SQLite the write already holds the one
    write lock.)"""
    return db.session.execute(
        select(AssessmentCycle).where(AssessmentCycle.id == cycle_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


def _upsert(model, keys: dict, changes: dict, on_insert: dict) -> None:
    """INSERT ... ON CONFLICT (keys) DO UPDATE: one statement, so concurrent writers of the
    same row never both insert. on_insert holds columns set only when the row is new."""
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[
        db.session.get_bind().dialect.name]
    statement = insert(model).values(**keys, **changes, **on_insert)
    db.session.execute(statement.on_conflict_do_update(index_elements=list(keys),
                                                       set_=changes))


def finish(rater: Rater) -> None:
    """Mark the rater done; a second finish changes nothing."""
    if not rater.cycle.is_open:
        raise CycleClosed()
    rater.finished_at = rater.finished_at or utcnow()
    db.session.commit()


def cycle_rubric(cycle: AssessmentCycle) -> Rubric:
    return rubric(cycle.questionnaire_version)


def counted_ratings(cycle: AssessmentCycle) -> list[Row]:
    """Ratings that count, from raters whose link was not revoked: each one's practice_id,
    level and evidence (read as plain rows: a profile reads dozens, and never changes them)."""
    return counted_ratings_of([cycle.id])[cycle.id]


def counted_ratings_of(cycle_ids: list[int]) -> dict[int, list[Row]]:
    """cycle id -> its counted_ratings, for several cycles in one query."""
    ratings: dict[int, list[Row]] = {cycle_id: [] for cycle_id in cycle_ids}
    for row in db.session.execute(
            select(Rater.cycle_id, Rating.practice_id, Rating.level, Rating.evidence)
            .join(Rater).where(Rater.cycle_id.in_(cycle_ids), Rater.revoked_at.is_(None))
            .order_by(Rating.practice_id, Rating.id)):
        ratings[row.cycle_id].append(row)
    return ratings


def rater_counts(cycle: AssessmentCycle) -> tuple[int, int]:
    """(raters whose link counts, those of them who finished)."""
    return tuple(db.session.execute(
        select(func.count(), func.count(Rater.finished_at))
        .where(Rater.cycle_id == cycle.id, Rater.revoked_at.is_(None))).one())


def cycle_profile(cycle: AssessmentCycle, ratings: list[Row] | None = None) -> Profile:
    """ratings: the cycle's counted_ratings, when the caller has read them already."""
    answers: dict[str, list[int | None]] = defaultdict(list)
    for rating in counted_ratings(cycle) if ratings is None else ratings:
        answers[rating.practice_id].append(rating.level)
    return score_cycle(cycle_rubric(cycle).practice_ids, answers)


def store_scores(cycle: AssessmentCycle) -> None:
    """Write the cycle's practice scores, as cycle_profile computes them, for SQL reports.
    The caller commits."""
    stored = {score.practice_id: score for score in db.session.scalars(
        select(PracticeScore).where(PracticeScore.cycle_id == cycle.id))}
    for score in cycle_profile(cycle).practices:
        row = stored.get(score.practice_id) or PracticeScore(cycle_id=cycle.id,
                                                             practice_id=score.practice_id)
        row.level, row.lowest, row.highest = score.level, score.lowest, score.highest
        row.rater_count, row.not_sure_count = score.rater_count, score.not_sure_count
        db.session.add(row)


def evidence_notes(cycle: AssessmentCycle,
                   ratings: list[Row] | None = None) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = defaultdict(list)
    for rating in counted_ratings(cycle) if ratings is None else ratings:
        if rating.evidence.strip():
            notes[rating.practice_id].append(rating.evidence.strip())
    return notes


def cycles_of(organization: Organization) -> list[AssessmentCycle]:
    return list(db.session.scalars(
        select(AssessmentCycle).where(AssessmentCycle.organization_id == organization.id)
        .order_by(AssessmentCycle.starts_on, AssessmentCycle.id)))


def baseline_for(cycle: AssessmentCycle) -> AssessmentCycle | None:
    """The organization's first cycle, when this cycle is a later one."""
    cycles = cycles_of(cycle.organization)
    return cycles[0] if cycles and cycles[0].id != cycle.id else None
