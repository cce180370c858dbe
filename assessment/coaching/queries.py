"""Figures across a coach's organizations, counted in SQL with a fixed number of queries
whatever the number of organizations."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, func, select, union_all
from sqlalchemy.orm import aliased

from ..capability.models import AssessmentCycle, PracticeScore, Rater, Rating
from ..capability.rubric import rubric
from ..capability.scoring import PracticeScore as Score
from ..capability.scoring import is_blind_spot
from ..capability.yearly import NOT_DUE, next_reassessment
from ..comments.models import Comment
from ..extensions import db
from ..organizations.models import Organization, coach_assignments
from ..planning.models import Plan, PlanChange, PlanItem
from ..survey.agreement import practice_key
from ..survey.choice import WaveFacts, for_organization
from ..survey.models import SurveyResponse, SurveyTally, SurveyWave
from ..survey.questionnaire import SURVEY_ID
from ..survey.results import practice_agreement


def organization_ids(user) -> list[int]:
    """Administrators see every organization, coaches their assigned ones."""
    if user.role == "admin":
        query = select(Organization.id)
    else:
        query = select(coach_assignments.c.organization_id).where(
            coach_assignments.c.coach_id == user.id)
    return list(db.session.scalars(query))


def _ranked_cycles(org_ids: list[int], newest_first: bool):
    order = ((AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc()) if newest_first
             else (AssessmentCycle.starts_on, AssessmentCycle.id))
    # Only cycles someone has rated: a cycle just started must not blank out the last one.
    rated = select(PracticeScore.id).where(PracticeScore.cycle_id == AssessmentCycle.id,
                                           PracticeScore.level.is_not(None)).exists()
    ranked = select(
        AssessmentCycle.id, AssessmentCycle.organization_id, AssessmentCycle.name,
        AssessmentCycle.starts_on, AssessmentCycle.closed_at,
        func.row_number().over(partition_by=AssessmentCycle.organization_id,
                               order_by=order).label("rank"),
    ).where(AssessmentCycle.organization_id.in_(org_ids), rated).subquery()
    return select(ranked.c.id, ranked.c.organization_id, ranked.c.name, ranked.c.starts_on,
                  ranked.c.closed_at).where(ranked.c.rank == 1).subquery()


def latest_cycles(org_ids: list[int]):
    """Each organization's latest cycle with at least one rating."""
    return _ranked_cycles(org_ids, newest_first=True)


def first_cycles(org_ids: list[int]):
    """Each organization's first cycle with at least one rating: its baseline."""
    return _ranked_cycles(org_ids, newest_first=False)


@dataclass
class PortfolioRow:
    organization_id: int
    name: str
    is_demo: bool
    cycle_id: int | None = None
    cycle_name: str | None = None
    overall_level: int | None = None
    mean_index: float | None = None
    responses: int = 0          # sent responses to the survey that stands for it
    survey_id: int | None = None
    survey_name: str | None = None
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    has_plan: bool = False
    level_1_practices: list[str] = field(default_factory=list)
    low_agreement_practices: list[str] = field(default_factory=list)
    blind_spot_practices: list[str] = field(default_factory=list)
    went_down: bool = False
    reassess_on: date | None = None
    reassess_state: str = NOT_DUE
    levels: dict[str, int | None] = field(default_factory=dict)  # latest rated cycle
    awaiting_reply: bool = False
    last_activity: datetime | None = None
    needs: list[str] = field(default_factory=list)


def portfolio(org_ids: list[int], today: date, practice_count: int,
              viewer_id: int | None = None) -> list[PortfolioRow]:
    """viewer_id: the coach reading it, to flag threads whose last word is someone else's."""
    rows = {org.id: PortfolioRow(org.id, org.name, org.is_demo) for org in db.session.scalars(
        select(Organization).where(Organization.id.in_(org_ids)))}
    latest = latest_cycles(org_ids)
    scores = db.session.execute(
        select(latest.c.organization_id, latest.c.id, latest.c.name,
               func.min(PracticeScore.level), func.avg(PracticeScore.level),
               func.count(PracticeScore.level))
        .join(PracticeScore, PracticeScore.cycle_id == latest.c.id, isouter=True)
        .group_by(latest.c.organization_id, latest.c.id, latest.c.name))
    for org_id, cycle_id, cycle_name, lowest, mean, rated in scores:
        row = rows[org_id]
        row.cycle_id, row.cycle_name = cycle_id, cycle_name
        if rated == practice_count:  # every practice has a level
            row.overall_level, row.mean_index = lowest, round(float(mean), 2)
    _plan_progress(rows, org_ids, today)
    _weak_and_falling(rows, org_ids)
    _survey_figures(rows, org_ids, today)
    _reassessments(rows, org_ids, today)
    _last_activity(rows, org_ids)
    if viewer_id is not None:
        _awaiting_reply(rows, org_ids, viewer_id)
    return list(rows.values())


def _awaiting_reply(rows: dict, org_ids: list[int], viewer_id: int) -> None:
    """Organizations whose latest comment was written by someone other than the viewer."""
    ranked = select(AssessmentCycle.organization_id, Comment.author_id, func.row_number().over(
        partition_by=AssessmentCycle.organization_id,
        order_by=(Comment.created_at.desc(), Comment.id.desc())).label("rank")
    ).join(Comment, Comment.cycle_id == AssessmentCycle.id).where(
        AssessmentCycle.organization_id.in_(org_ids)).subquery()
    for org_id, author_id in db.session.execute(
            select(ranked.c.organization_id, ranked.c.author_id).where(ranked.c.rank == 1)):
        rows[org_id].awaiting_reply = author_id != viewer_id


def _plan_progress(rows: dict, org_ids: list[int], today: date) -> None:
    """Progress of each organization's latest plan."""
    def count(condition):
        return func.sum(case((condition, 1), else_=0))
    ranked = select(Plan.id, AssessmentCycle.organization_id, func.row_number().over(
        partition_by=AssessmentCycle.organization_id,
        order_by=(AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc())).label("rank")
    ).join(AssessmentCycle, Plan.cycle_id == AssessmentCycle.id).where(
        AssessmentCycle.organization_id.in_(org_ids)).subquery()
    progress = db.session.execute(
        select(ranked.c.organization_id, count(PlanItem.status == "done"),
               count(PlanItem.status == "in_progress"), count(PlanItem.status == "not_started"),
               count(and_(PlanItem.status != "done", PlanItem.due_on < today)))
        .join(PlanItem, and_(PlanItem.plan_id == ranked.c.id, PlanItem.removed_at.is_(None)),
              isouter=True)
        .where(ranked.c.rank == 1).group_by(ranked.c.organization_id))
    for org_id, done, in_progress, not_started, overdue in progress:
        row = rows[org_id]
        row.has_plan = True
        row.done, row.in_progress, row.not_started, row.overdue = (
            int(done or 0), int(in_progress or 0), int(not_started or 0), int(overdue or 0))


def _weak_and_falling(rows: dict, org_ids: list[int]) -> None:
    """Practices at level 1 or with low agreement in the latest cycle, and any practice
    lower than the baseline."""
    latest, first = latest_cycles(org_ids), first_cycles(org_ids)
    baseline = aliased(PracticeScore)
    for (org_id, practice_id, level, lowest, highest, raters, before,
         same_cycle) in db.session.execute(
            select(latest.c.organization_id, PracticeScore.practice_id, PracticeScore.level,
                   PracticeScore.lowest, PracticeScore.highest, PracticeScore.rater_count,
                   baseline.level, latest.c.id == first.c.id)
            .join(PracticeScore, PracticeScore.cycle_id == latest.c.id)
            .join(first, first.c.organization_id == latest.c.organization_id)
            .join(baseline, and_(baseline.cycle_id == first.c.id,
                                 baseline.practice_id == PracticeScore.practice_id))):
        row = rows[org_id]
        row.levels[practice_id] = level
        if level == 1:
            row.level_1_practices.append(practice_id)
        if Score(practice_id, level, lowest, highest, raters, 0).low_agreement:
            row.low_agreement_practices.append(practice_id)
        if not same_cycle and level is not None and before is not None and level < before:
            row.went_down = True
    order = rubric().practice_ids
    for row in rows.values():
        row.level_1_practices.sort(key=order.index)
        row.low_agreement_practices.sort(key=order.index)


def survey_choices(org_ids: list[int], latest_cycle_ids: dict[int, int | None],
                   today: date) -> dict[int, tuple[WaveFacts, str]]:
    """organization id -> (the survey that stands for it, its name), as
    choice.for_organization picks it: two queries for every organization."""
    listed_waves = db.session.execute(
        select(SurveyWave.id, SurveyWave.organization_id, SurveyWave.cycle_id,
               SurveyWave.name, SurveyWave.closes_on, SurveyWave.closed_on)
        .where(SurveyWave.organization_id.in_(org_ids),
               SurveyWave.questionnaire_id == SURVEY_ID)  # exit surveys stand for no one
        .order_by(SurveyWave.opens_on.desc(), SurveyWave.id.desc())).all()
    sent = dict(db.session.execute(
        select(SurveyResponse.wave_id, func.count())
        .where(SurveyResponse.wave_id.in_([wave[0] for wave in listed_waves]),
               SurveyResponse.submitted_on.is_not(None))
        .group_by(SurveyResponse.wave_id)).all())
    waves: dict[int, list[tuple[WaveFacts, str]]] = {}
    for wave_id, org_id, cycle_id, name, closes_on, closed_on in listed_waves:
        waves.setdefault(org_id, []).append(
            (WaveFacts(wave_id, cycle_id, closes_on, closed_on, sent.get(wave_id, 0)), name))
    chosen = {}
    for org_id, listed in waves.items():
        names = {facts.id: name for facts, name in listed}
        wave = for_organization([facts for facts, _name in listed],
                                latest_cycle_ids.get(org_id), today)
        if wave is not None:
            chosen[org_id] = (wave, names[wave.id])
    return chosen


def staff_shares(waves: list[WaveFacts], today: date) -> dict[int, dict[str, float | None]]:
    """wave id -> practice id -> share of staff agreeing, for waves whose figures are out."""
    practice_ids = rubric().practice_ids
    released = [wave.id for wave in waves if wave.released(today)]
    counts: dict[int, dict[str, dict[str, int]]] = {wave_id: {} for wave_id in released}
    for wave_id, item_id, value, n in db.session.execute(
            select(SurveyTally.wave_id, SurveyTally.item_id, SurveyTally.value, SurveyTally.count)
            .where(SurveyTally.wave_id.in_(released),
                   SurveyTally.item_id.in_([practice_key(p) for p in practice_ids]))):
        counts[wave_id].setdefault(item_id, {})[value] = n
    return {wave_id: {pid: figure.share for pid, figure in
                      practice_agreement(item_counts, True, practice_ids).items()}
            for wave_id, item_counts in counts.items()}


def _survey_figures(rows: dict, org_ids: list[int], today: date) -> None:
    """Responses to each organization's survey (survey_choices), and the blind spots of
    its latest rated cycle against that survey, once its figures are out."""
    chosen = survey_choices(org_ids, {org_id: row.cycle_id for org_id, row in rows.items()},
                            today)
    shares = staff_shares([wave for wave, _name in chosen.values()], today)
    order = rubric().practice_ids
    for org_id, (wave, name) in chosen.items():
        row = rows[org_id]
        row.responses, row.survey_id, row.survey_name = wave.respondents, wave.id, name
        staff = shares.get(wave.id, {})
        row.blind_spot_practices = [pid for pid in order
                                    if is_blind_spot(row.levels.get(pid), staff.get(pid))]


def _reassessments(rows: dict, org_ids: list[int], today: date) -> None:
    """When each organization is due to assess again (yearly.next_reassessment)."""
    closed: dict[int, list] = {org_id: [] for org_id in rows}
    for org_id, closed_at in db.session.execute(
            select(AssessmentCycle.organization_id, AssessmentCycle.closed_at)
            .where(AssessmentCycle.organization_id.in_(org_ids))):
        closed[org_id].append(_day(closed_at))
    for org_id, days in closed.items():
        due = next_reassessment(days, today)
        rows[org_id].reassess_on, rows[org_id].reassess_state = due.due_on, due.state


def _day(moment) -> date | None:
    if moment is None:
        return None
    return (moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)).date()


def _last_activity(rows: dict, org_ids: list[int]) -> None:
    """The latest rating, plan change or comment; survey answers are left out, as they
    carry no time finer than the day."""
    def latest(moment, *joins):
        query = select(AssessmentCycle.organization_id.label("org"), func.max(moment).label("at"))
        for table, condition in joins:
            query = query.join(table, condition)
        return (query.where(AssessmentCycle.organization_id.in_(org_ids))
                .group_by(AssessmentCycle.organization_id))

    everything = union_all(
        latest(Rating.updated_at, (Rater, Rater.cycle_id == AssessmentCycle.id),
               (Rating, Rating.rater_id == Rater.id)),
        latest(PlanChange.changed_at, (Plan, Plan.cycle_id == AssessmentCycle.id),
               (PlanChange, PlanChange.plan_id == Plan.id)),
        latest(Comment.created_at, (Comment, Comment.cycle_id == AssessmentCycle.id)),
    ).subquery()
    for org_id, at in db.session.execute(select(everything.c.org, func.max(everything.c.at))
                                         .group_by(everything.c.org)):
        rows[org_id].last_activity = at if isinstance(at, datetime) else (
            datetime.fromisoformat(at) if at else None)


def practice_levels(cycles) -> dict[int, dict[str, int | None]]:
    """organization id -> practice id -> level, for one cycle per organization."""
    levels: dict[int, dict[str, int | None]] = {}
    for org_id, practice_id, level in db.session.execute(
            select(cycles.c.organization_id, PracticeScore.practice_id, PracticeScore.level)
            .join(PracticeScore, PracticeScore.cycle_id == cycles.c.id)):
        levels.setdefault(org_id, {})[practice_id] = level
    return levels


def latest_cycle_ids(org_ids: list[int]) -> dict[int, int]:
    latest = latest_cycles(org_ids)
    return dict(db.session.execute(select(latest.c.organization_id, latest.c.id)).all())


def first_cycle_ids(org_ids: list[int]) -> dict[int, int]:
    first = first_cycles(org_ids)
    return dict(db.session.execute(select(first.c.organization_id, first.c.id)).all())


def level_distribution(org_ids: list[int]) -> dict[str, dict[int | None, int]]:
    """practice id -> level (None: no level yet) -> organizations, over latest cycles."""
    latest = latest_cycles(org_ids)
    counts: dict[str, dict[int | None, int]] = {}
    for practice_id, level, n in db.session.execute(
            select(PracticeScore.practice_id, PracticeScore.level, func.count())
            .join(latest, PracticeScore.cycle_id == latest.c.id)
            .group_by(PracticeScore.practice_id, PracticeScore.level)):
        counts.setdefault(practice_id, {})[level] = n
    return counts
