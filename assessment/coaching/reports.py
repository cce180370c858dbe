"""The rows of each cohort export, in the reader's language. One query per export (plus
one for survey answers), whatever the number of organizations; rows come out of a generator
as they are read, in the order the database gives them (ORDER BY spelled out to give the
same order everywhere), so an export's memory does not grow with the cohort."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache
from typing import Iterable

from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import contains_eager

from ..capability.models import AssessmentCycle, PracticeScore
from ..capability.rubric import rubric
from ..capability.scoring import LOW_AGREEMENT_GAP
from ..extensions import db
from ..organizations.models import Organization
from ..planning.labels import BUCKET_LABELS, STATUS_LABELS, step_label
from ..planning.models import Plan, PlanItem
from ..planning.operations import people
from ..survey.agreement import practice_key
from ..survey.models import SurveyResponse, SurveyTally, SurveyWave, is_closed_on
from ..survey.questionnaire import SURVEY_ID
from ..survey.privacy import can_release
from ..survey.results import practice_agreement


def summary(rows, current, language: str) -> tuple[list[str], Iterable[list]]:
    """One row per organization, for a funder: where each stands and how its plan goes."""
    header = [_("Organization"), _("Latest rated cycle"), _("Overall level"),
              _("Average level (1-4)"), _("Plan items"), _("Done"), _("In progress"),
              _("Overdue"), _("Staff survey responses"), _("Staff survey"),
              _("Next yearly self-assessment")]
    return header, (
        [row.name, row.cycle_name or "", row.overall_level, row.mean_index,
         row.done + row.in_progress + row.not_started if row.has_plan else "",
         row.done, row.in_progress, row.overdue, row.responses, row.survey_name or "",
         row.reassess_on.isoformat() if row.reassess_on else ""]
        for row in rows)


def cycle_results(org_ids: list[int], language: str) -> tuple[list[str], Iterable[list]]:
    current = rubric()
    header = [_("Organization"), _("Cycle"), _("Start date"), _("Cycle status"), _("No."),
              _("Practice"), _("Level"), _("Level name"), _("Lowest rating"),
              _("Highest rating"), _("Raters"), _("Raters who were not sure"),
              _("Low agreement")]
    number = {p.id: p.number for p in current.practices}
    title = {p.id: p.title.in_language(language) for p in current.practices}
    level_name = {level: text.in_language(language) for level, text in current.levels.items()}
    level_name[None] = ""
    yes, no, open_, closed = _("yes"), _("no"), _("open"), _("closed")

    def rows():
        for (org, cycle, starts_on, closed_at, practice_id, level, lowest, highest, raters,
             not_sure) in _streamed(_cycle_results(_collation(), tuple(number.items())),
                                    {"org_ids": org_ids}):
            yield [org, cycle, starts_on.isoformat(), closed if closed_at else open_,
                   number[practice_id], title[practice_id], level,
                   level_name[level], lowest, highest, raters, not_sure,
                   yes if level is not None and highest - lowest >= LOW_AGREEMENT_GAP else no]
    return header, rows()


def _collation() -> str:
    """Names in code-point order on every database, as Python sorts them: PostgreSQL's
    default collation would put "b" before "C"."""
    return "C" if db.engine.dialect.name == "postgresql" else "BINARY"


def _streamed(statement, params: dict, partition: int | None = None):
    """Rows (or lists of `partition` rows) read from the database a chunk at a time, on a
    server-side cursor where there is one. Nothing runs before the first row is asked
    for, and the cursor is closed even when the download stops half way."""
    result = db.session.execute(statement.execution_options(yield_per=CHUNK), params)
    try:
        yield from (result.partitions(partition) if partition else result)
    finally:
        result.close()


CHUNK = 500


def _numbered(column, numbers: tuple[tuple[str, int], ...], missing: int = 99):
    """A practice's number in the rubric, in SQL, for ordering rows as the rubric does."""
    return case(dict(numbers), value=column, else_=missing)


@cache
def _cycle_results(collation: str, numbers: tuple[tuple[str, int], ...]):
    number = _numbered(PracticeScore.practice_id, numbers)
    return (select(Organization.name, AssessmentCycle.name, AssessmentCycle.starts_on,
                   AssessmentCycle.closed_at,
                   PracticeScore.practice_id, PracticeScore.level, PracticeScore.lowest,
                   PracticeScore.highest, PracticeScore.rater_count, PracticeScore.not_sure_count)
            .join(AssessmentCycle, AssessmentCycle.organization_id == Organization.id)
            .join(PracticeScore, PracticeScore.cycle_id == AssessmentCycle.id)
            .where(Organization.id.in_(bindparam("org_ids", expanding=True)))
            .order_by(Organization.name.collate(collation), AssessmentCycle.starts_on,
                      AssessmentCycle.name.collate(collation), number, AssessmentCycle.id))


def plan_items(org_ids: list[int], language: str, today: date) -> tuple[list[str], Iterable[list]]:
    """One row per step of each plan, with the people the plan page and the PDF show."""
    current = rubric()
    header = [_("Organization"), _("Cycle"), _("No."), _("Practice"), _("Step"),
              _("Best Practice: Level 4"), _("Key Activities"), _("Not yet translated"),
              _("Lead"), _("Contributors"), _("Stakeholders"), _("Timeline"), _("Due date"),
              _("Due date set by hand"), _("Status"), _("Overdue")]
    yes, no = _("yes"), _("no")
    numbers = tuple((p.id, p.number) for p in current.practices)

    def rows():
        for org, cycle, item in _streamed(_plan_items(_collation(), numbers),
                                          {"org_ids": org_ids}):
            practice = current.practice(item.practice_id) if item.practice_id else None
            names = people(item, language)
            yield [org, cycle, f"{practice.number:02d}" if practice else "",
                   practice.title.in_language(language) if practice else "",
                   step_label(item.from_level), item.text("target", language),
                   item.text("activities", language).replace("\n", "; "),
                   no if item.is_translated(language) else yes,
                   names["lead"], names["contributors"], names["stakeholders"],
                   str(BUCKET_LABELS[item.bucket]), item.due_on.isoformat(),
                   yes if item.due_set_by_hand else no, str(STATUS_LABELS[item.status]),
                   yes if item.is_overdue(today) else no]
    return header, rows()


@cache
def _plan_items(collation: str, numbers: tuple[tuple[str, int], ...]):
    """By organization, cycle name, practice (steps without one last), then step: its
    label reads "Level 1 → 2" ... "Level 4: ..." in both languages, none first."""
    step = case((PlanItem.from_level.is_(None), 0), (PlanItem.from_level >= 4, 4),
                else_=PlanItem.from_level)
    return (select(Organization.name, AssessmentCycle.name, PlanItem)
            .join(AssessmentCycle, AssessmentCycle.organization_id == Organization.id)
            .join(Plan, Plan.cycle_id == AssessmentCycle.id)
            .join(PlanItem, PlanItem.plan_id == Plan.id)
            .where(Organization.id.in_(bindparam("org_ids", expanding=True)),
                   PlanItem.removed_at.is_(None))
            .options(contains_eager(PlanItem.plan))
            .order_by(Organization.name.collate(collation),
                      AssessmentCycle.name.collate(collation),
                      _numbered(PlanItem.practice_id, numbers), step,
                      AssessmentCycle.starts_on, PlanItem.position))


def survey_aggregates(org_ids: list[int], language: str,
                      today: date) -> tuple[list[str], Iterable[list]]:
    """One row per survey: its true days, how many answered, and the share of people who
    agree on each practice, given once the survey has closed with at least 5 respondents
    and 5 people counted for the practice. No response-level data."""
    current = rubric()
    header = ([_("Organization"), _("Survey"), _("First day"), _("Last day"), _("Status"),
               _("Responses")]
              + [_("Staff agreeing (%%): %(practice)s", practice=p.title.in_language(language))
                 for p in current.practices])
    hidden_texts = (_("fewer than 5 people counted"), _("fewer than 5 responses"),
                    _("shown after the survey closes"))
    states = (pgettext("survey", "closed"), pgettext("survey", "open"))

    def rows():
        for chunk in _streamed(_survey_waves(), {"org_ids": org_ids}, CHUNK // 10):
            yield from _survey_rows(chunk, current.practice_ids, today, hidden_texts, states)
    return header, rows()


@cache
def _survey_waves():
    """In the database's own order of names, as this export always was."""
    return (select(SurveyWave.id, Organization.name, SurveyWave.name, SurveyWave.opens_on,
                   SurveyWave.closes_on, SurveyWave.closed_on, func.count(SurveyResponse.id))
            .join(Organization, Organization.id == SurveyWave.organization_id)
            .join(SurveyResponse, (SurveyResponse.wave_id == SurveyWave.id)
                  & SurveyResponse.submitted_on.is_not(None), isouter=True)
            .where(SurveyWave.organization_id.in_(bindparam("org_ids", expanding=True)),
                   SurveyWave.questionnaire_id == SURVEY_ID)  # exit surveys inform no practice
            .group_by(SurveyWave.id, Organization.name, SurveyWave.name, SurveyWave.opens_on,
                      SurveyWave.closes_on, SurveyWave.closed_on)
            .order_by(Organization.name, SurveyWave.opens_on, SurveyWave.id))


@cache
def _practice_tallies():
    return (select(SurveyTally.wave_id, SurveyTally.item_id, SurveyTally.value, SurveyTally.count)
            .where(SurveyTally.wave_id.in_(bindparam("wave_ids", expanding=True)),
                   SurveyTally.item_id.in_(bindparam("item_ids", expanding=True))))


def _survey_rows(waves, practice_ids: list[str], today: date, hidden_texts, states):
    """The export's rows for a chunk of surveys, with the tallies of those released."""
    closed = {wave.id: is_closed_on(wave.closes_on, wave.closed_on, today) for wave in waves}
    shown = [wave.id for wave in waves if can_release(wave[-1], closed[wave.id])]
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    if shown:
        for wave_id, item_id, value, n in db.session.execute(_practice_tallies(), {
                "wave_ids": shown, "item_ids": [practice_key(p) for p in practice_ids]}):
            counts[wave_id][item_id][value] = n
    for wave_id, org, name, opens_on, closes_on, closed_on, respondents in waves:
        released = wave_id in shown
        figures = practice_agreement(counts[wave_id], released, practice_ids)
        hidden = (hidden_texts[0] if released else hidden_texts[1] if closed[wave_id]
                  else hidden_texts[2])
        last_day = closed_on if closed_on is not None else closes_on
        yield ([org, name, opens_on.isoformat(), last_day.isoformat(),
                states[0] if closed[wave_id] else states[1], respondents]
               + [hidden if figures[p].share is None else round(figures[p].share * 100)
                  for p in practice_ids])
