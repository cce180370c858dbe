"""Figures across a coach's organizations, counted in SQL with a fixed number of queries
whatever the number of organizations.

Each statement is built once (functools.cache) with its organizations as an expanding
parameter: building a SELECT in SQLAlchemy costs more than running it at small sizes, and
the coach's pages run a dozen of them on every request."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from sqlalchemy import Date, and_, bindparam, case, func, select, union_all

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


def ids(name: str = "org_ids"):
    """A list of ids given at execution: the statement is built and compiled once."""
    return bindparam(name, expanding=True)


@cache
def _organization_ids(every: bool):
    if every:
        return select(Organization.id)
    return select(coach_assignments.c.organization_id).where(
        coach_assignments.c.coach_id == bindparam("coach_id"))


def organization_ids(user) -> list[int]:
    """Administrators see every organization, coaches their assigned ones."""
    every = user.role == "admin"
    return list(db.session.scalars(_organization_ids(every),
                                   {} if every else {"coach_id": user.id}))


def _ranked_cycles(newest_first: bool):
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
    ).where(AssessmentCycle.organization_id.in_(ids()), rated).subquery()
    return select(ranked.c.id, ranked.c.organization_id, ranked.c.name, ranked.c.starts_on,
                  ranked.c.closed_at).where(ranked.c.rank == 1).subquery()


def latest_cycles():
    """Each organization's latest cycle with at least one rating (parameter org_ids)."""
    return _ranked_cycles(newest_first=True)


def first_cycles():
    """Each organization's first cycle with at least one rating: its baseline."""
    return _ranked_cycles(newest_first=False)


@dataclass
class PortfolioRow:
    organization_id: int
    name: str
    is_demo: bool
    cycle_id: int | None = None         # the latest cycle with a rating
    cycle_name: str | None = None
    first_cycle_id: int | None = None   # the first cycle with a rating: the baseline
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
    staff_shares: dict[str, float | None] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Facts:
    """What every part of a row is computed against."""
    today: date
    practice_count: int
    viewer_id: int | None = None  # the coach reading it, to flag threads awaiting a reply


@cache
def _names():
    return select(Organization.id, Organization.name, Organization.is_demo).where(
        Organization.id.in_(ids()))


def bare_rows(org_ids: list[int]) -> dict[int, PortfolioRow]:
    """organization id -> a row with its name only; parts fill in the rest."""
    return {org_id: PortfolioRow(org_id, name, is_demo) for org_id, name, is_demo in
            db.session.execute(_names(), {"org_ids": org_ids})}


@cache
def _id_names():
    return select(Organization.id, Organization.name).where(Organization.id.in_(ids()))


def names(org_ids: list[int]) -> list[tuple[int, str]]:
    return db.session.execute(_id_names(), {"org_ids": org_ids}).all()


def portfolio(org_ids: list[int], today: date, practice_count: int,
              viewer_id: int | None = None) -> list[PortfolioRow]:
    """Every organization's full row. viewer_id: see Facts."""
    rows = bare_rows(org_ids)
    fill(rows, PARTS, Facts(today, practice_count, viewer_id))
    return list(rows.values())


def fill(rows: dict[int, PortfolioRow], parts, facts: Facts) -> None:
    """Compute the parts named (in PARTS order, which their dependencies follow) for the
    rows given, then what is derived from parts already known."""
    org_ids = list(rows)
    if org_ids:
        for name, part in PARTS.items():
            if name in parts:
                part(rows, org_ids, facts)
    order = rubric().practice_ids
    for row in rows.values():
        row.blind_spot_practices = [pid for pid in order
                                    if is_blind_spot(row.levels.get(pid),
                                                     row.staff_shares.get(pid))]


@cache
def _rated_cycles():
    """Each organization's latest and first cycles with a rating, in one pass."""
    rated = select(PracticeScore.id).where(PracticeScore.cycle_id == AssessmentCycle.id,
                                           PracticeScore.level.is_not(None)).exists()
    ranked = select(
        AssessmentCycle.id, AssessmentCycle.organization_id, AssessmentCycle.name,
        func.row_number().over(
            partition_by=AssessmentCycle.organization_id,
            order_by=(AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc())
        ).label("newest"),
        func.row_number().over(
            partition_by=AssessmentCycle.organization_id,
            order_by=(AssessmentCycle.starts_on, AssessmentCycle.id)).label("oldest"),
    ).where(AssessmentCycle.organization_id.in_(ids()), rated).subquery()
    return select(ranked.c.organization_id, ranked.c.id, ranked.c.name, ranked.c.newest == 1,
                  ranked.c.oldest == 1).where((ranked.c.newest == 1) | (ranked.c.oldest == 1))


def _cycles(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """The latest and the first rated cycle of each organization."""
    for org_id, cycle_id, name, newest, oldest in db.session.execute(
            _rated_cycles(), {"org_ids": org_ids}):
        row = rows[org_id]
        if newest:
            row.cycle_id, row.cycle_name = cycle_id, name
        if oldest:
            row.first_cycle_id = cycle_id


@cache
def _scores():
    return (select(PracticeScore.cycle_id, func.min(PracticeScore.level),
                   func.avg(PracticeScore.level), func.count(PracticeScore.level))
            .where(PracticeScore.cycle_id.in_(ids("cycle_ids")))
            .group_by(PracticeScore.cycle_id))


def _by_cycle(rows: dict, org_ids: list[int]) -> dict[int, PortfolioRow]:
    return {rows[org_id].cycle_id: rows[org_id] for org_id in org_ids
            if rows[org_id].cycle_id is not None}


def _latest_scores(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """The overall level and average of the latest rated cycle, once every practice has one."""
    latest = _by_cycle(rows, org_ids)
    if not latest:
        return
    for cycle_id, lowest, mean, rated in db.session.execute(
            _scores(), {"cycle_ids": list(latest)}):
        if rated == facts.practice_count:  # every practice has a level
            latest[cycle_id].overall_level, latest[cycle_id].mean_index = (
                lowest, round(float(mean), 2))


@cache
def _awaiting():
    ranked = select(AssessmentCycle.organization_id, Comment.author_id, func.row_number().over(
        partition_by=AssessmentCycle.organization_id,
        order_by=(Comment.created_at.desc(), Comment.id.desc())).label("rank")
    ).join(Comment, Comment.cycle_id == AssessmentCycle.id).where(
        AssessmentCycle.organization_id.in_(ids())).subquery()
    return select(ranked.c.organization_id, ranked.c.author_id).where(ranked.c.rank == 1)


def _awaiting_reply(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """Organizations whose latest comment was written by someone other than the viewer."""
    if facts.viewer_id is None:
        return
    for org_id, author_id in db.session.execute(_awaiting(), {"org_ids": org_ids}):
        rows[org_id].awaiting_reply = author_id != facts.viewer_id


@cache
def _progress():
    def count(condition):
        return func.sum(case((condition, 1), else_=0))
    ranked = select(Plan.id, AssessmentCycle.organization_id, func.row_number().over(
        partition_by=AssessmentCycle.organization_id,
        order_by=(AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc())).label("rank")
    ).join(AssessmentCycle, Plan.cycle_id == AssessmentCycle.id).where(
        AssessmentCycle.organization_id.in_(ids())).subquery()
    today = bindparam("today", type_=Date)
    return (select(ranked.c.organization_id, count(PlanItem.status == "done"),
                   count(PlanItem.status == "in_progress"),
                   count(PlanItem.status == "not_started"),
                   count(and_(PlanItem.status != "done", PlanItem.due_on < today)))
            .join(PlanItem, and_(PlanItem.plan_id == ranked.c.id, PlanItem.removed_at.is_(None)),
                  isouter=True)
            .where(ranked.c.rank == 1).group_by(ranked.c.organization_id))


def _plan_progress(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """Progress of each organization's latest plan."""
    for org_id, done, in_progress, not_started, overdue in db.session.execute(
            _progress(), {"org_ids": org_ids, "today": facts.today}):
        row = rows[org_id]
        row.has_plan = True
        row.done, row.in_progress, row.not_started, row.overdue = (
            int(done or 0), int(in_progress or 0), int(not_started or 0), int(overdue or 0))


@cache
def _cycle_scores():
    return (select(PracticeScore.cycle_id, PracticeScore.practice_id, PracticeScore.level,
                   PracticeScore.lowest, PracticeScore.highest, PracticeScore.rater_count)
            .where(PracticeScore.cycle_id.in_(ids("cycle_ids"))))


def _weak_and_falling(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """Practices at level 1 or with low agreement in the latest cycle, and any practice
    lower than the baseline."""
    latest = _by_cycle(rows, org_ids)
    baselines = {row.first_cycle_id: row for row in latest.values()
                 if row.first_cycle_id != row.cycle_id}
    if not latest:
        return
    before: dict[tuple[int, str], int | None] = {}
    scores = []
    for cycle_id, practice_id, level, lowest, highest, raters in db.session.execute(
            _cycle_scores(), {"cycle_ids": [*latest, *baselines]}):
        if cycle_id in baselines:
            before[(baselines[cycle_id].organization_id, practice_id)] = level
        if cycle_id in latest:
            scores.append((latest[cycle_id], practice_id, level, lowest, highest, raters))
    for row, practice_id, level, lowest, highest, raters in scores:
        row.levels[practice_id] = level
        if level == 1:
            row.level_1_practices.append(practice_id)
        if Score(practice_id, level, lowest, highest, raters, 0).low_agreement:
            row.low_agreement_practices.append(practice_id)
        baseline = before.get((row.organization_id, practice_id))
        if level is not None and baseline is not None and level < baseline:
            row.went_down = True
    order = rubric().practice_ids
    for row in latest.values():
        row.level_1_practices.sort(key=order.index)
        row.low_agreement_practices.sort(key=order.index)


@cache
def _listed_waves():
    return (select(SurveyWave.id, SurveyWave.organization_id, SurveyWave.cycle_id,
                   SurveyWave.name, SurveyWave.closes_on, SurveyWave.closed_on)
            .where(SurveyWave.organization_id.in_(ids()),
                   SurveyWave.questionnaire_id == SURVEY_ID)  # exit surveys stand for no one
            .order_by(SurveyWave.opens_on.desc(), SurveyWave.id.desc()))


@cache
def _sent():
    return (select(SurveyResponse.wave_id, func.count())
            .where(SurveyResponse.wave_id.in_(ids("wave_ids")),
                   SurveyResponse.submitted_on.is_not(None))
            .group_by(SurveyResponse.wave_id))


def survey_choices(org_ids: list[int], latest_cycle_ids: dict[int, int | None],
                   today: date) -> dict[int, tuple[WaveFacts, str]]:
    """organization id -> (the survey that stands for it, its name), as
    choice.for_organization picks it: two queries for every organization."""
    listed_waves = db.session.execute(_listed_waves(), {"org_ids": org_ids}).all()
    sent = dict(db.session.execute(
        _sent(), {"wave_ids": [wave[0] for wave in listed_waves]}).all())
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


@cache
def _tallies():
    return (select(SurveyTally.wave_id, SurveyTally.item_id, SurveyTally.value, SurveyTally.count)
            .where(SurveyTally.wave_id.in_(ids("wave_ids")),
                   SurveyTally.item_id.in_(ids("item_ids"))))


def staff_shares(waves: list[WaveFacts], today: date) -> dict[int, dict[str, float | None]]:
    """wave id -> practice id -> share of staff agreeing, for waves whose figures are out."""
    practice_ids = rubric().practice_ids
    released = [wave.id for wave in waves if wave.released(today)]
    counts: dict[int, dict[str, dict[str, int]]] = {wave_id: {} for wave_id in released}
    if released:
        for wave_id, item_id, value, n in db.session.execute(_tallies(), {
                "wave_ids": released, "item_ids": [practice_key(p) for p in practice_ids]}):
            counts[wave_id].setdefault(item_id, {})[value] = n
    return {wave_id: {pid: figure.share for pid, figure in
                      practice_agreement(item_counts, True, practice_ids).items()}
            for wave_id, item_counts in counts.items()}


def _survey_figures(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """Responses to each organization's survey (survey_choices), and its staff's agreement
    once its figures are out (blind spots are read from it in fill)."""
    chosen = survey_choices(org_ids, {org_id: rows[org_id].cycle_id for org_id in org_ids},
                            facts.today)
    shares = staff_shares([wave for wave, _name in chosen.values()], facts.today)
    for org_id, (wave, name) in chosen.items():
        row = rows[org_id]
        row.responses, row.survey_id, row.survey_name = wave.respondents, wave.id, name
        row.staff_shares = shares.get(wave.id, {})


@cache
def _closed_cycles():
    return select(AssessmentCycle.organization_id, AssessmentCycle.closed_at).where(
        AssessmentCycle.organization_id.in_(ids()))


def _reassessments(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """When each organization is due to assess again (yearly.next_reassessment)."""
    closed: dict[int, list] = {org_id: [] for org_id in org_ids}
    for org_id, closed_at in db.session.execute(_closed_cycles(), {"org_ids": org_ids}):
        closed[org_id].append(_day(closed_at))
    for org_id, days in closed.items():
        due = next_reassessment(days, facts.today)
        rows[org_id].reassess_on, rows[org_id].reassess_state = due.due_on, due.state


def _day(moment) -> date | None:
    if moment is None:
        return None
    return (moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)).date()


@cache
def _activity():
    def latest(moment, *joins):
        query = select(AssessmentCycle.organization_id.label("org"), func.max(moment).label("at"))
        for table, condition in joins:
            query = query.join(table, condition)
        return (query.where(AssessmentCycle.organization_id.in_(ids()))
                .group_by(AssessmentCycle.organization_id))

    everything = union_all(
        latest(Rating.updated_at, (Rater, Rater.cycle_id == AssessmentCycle.id),
               (Rating, Rating.rater_id == Rater.id)),
        latest(PlanChange.changed_at, (Plan, Plan.cycle_id == AssessmentCycle.id),
               (PlanChange, PlanChange.plan_id == Plan.id)),
        latest(Comment.created_at, (Comment, Comment.cycle_id == AssessmentCycle.id)),
    ).subquery()
    return select(everything.c.org, func.max(everything.c.at)).group_by(everything.c.org)


def _last_activity(rows: dict, org_ids: list[int], facts: Facts) -> None:
    """The latest rating, plan change or comment; survey answers are left out, as they
    carry no time finer than the day."""
    for org_id, at in db.session.execute(_activity(), {"org_ids": org_ids}):
        rows[org_id].last_activity = at if isinstance(at, datetime) else (
            datetime.fromisoformat(at) if at else None)


# The parts of a row, in an order where each comes after those it reads: scores, weak and
# survey read the cycles.
PARTS = {
    "cycles": _cycles,
    "scores": _latest_scores,
    "plan": _plan_progress,
    "weak": _weak_and_falling,
    "survey": _survey_figures,
    "reassess": _reassessments,
    "activity": _last_activity,
    "reply": _awaiting_reply,
}


@cache
def _levels(newest_first: bool):
    cycles = _ranked_cycles(newest_first)
    return (select(cycles.c.organization_id, cycles.c.id, PracticeScore.practice_id,
                   PracticeScore.level)
            .join(PracticeScore, PracticeScore.cycle_id == cycles.c.id))


def practice_levels(org_ids: list[int], newest_first: bool = True
                    ) -> tuple[dict[int, dict[str, int | None]], dict[int, int]]:
    """organization id -> practice id -> level, in each one's latest (else first) rated
    cycle, and organization id -> that cycle's id."""
    levels: dict[int, dict[str, int | None]] = {}
    cycle_ids: dict[int, int] = {}
    if not org_ids:
        return levels, cycle_ids
    for org_id, cycle_id, practice_id, level in db.session.execute(
            _levels(newest_first), {"org_ids": org_ids}):
        levels.setdefault(org_id, {})[practice_id] = level
        cycle_ids[org_id] = cycle_id
    return levels, cycle_ids


@cache
def _cycle_ids(newest_first: bool):
    cycles = _ranked_cycles(newest_first)
    return select(cycles.c.organization_id, cycles.c.id)


def latest_cycle_ids(org_ids: list[int]) -> dict[int, int]:
    return dict(db.session.execute(_cycle_ids(True), {"org_ids": org_ids}).all())


@cache
def _distribution():
    latest = latest_cycles()
    counted = select(latest.c.id, func.count().over().label("rated")).subquery()
    return (select(PracticeScore.practice_id, PracticeScore.level, func.count(),
                   func.max(counted.c.rated))
            .join(counted, PracticeScore.cycle_id == counted.c.id)
            .group_by(PracticeScore.practice_id, PracticeScore.level))


def level_distribution(org_ids: list[int]) -> tuple[dict[str, dict[int | None, int]], int]:
    """practice id -> level (None: no level yet) -> organizations, over latest cycles; and
    how many organizations have a rated cycle, counted in the same query."""
    counts: dict[str, dict[int | None, int]] = {}
    rated = 0
    if org_ids:
        for practice_id, level, n, cycles in db.session.execute(_distribution(),
                                                                {"org_ids": org_ids}):
            counts.setdefault(practice_id, {})[level] = n
            rated = cycles
    return counts, rated
