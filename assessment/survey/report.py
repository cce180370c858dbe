"""Everything the results page shows for one wave, gathered in one place (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..capability import operations as capability
from ..capability.rubric import rubric
from ..capability.scoring import is_blind_spot
from . import stats
from .models import SurveyWave
from .privacy import can_release, can_show_open_answers, shown_groups
from .questionnaire import Survey, survey
from .results import (
    ChoiceFigure,
    GroupFigure,
    breakdown,
    distribution,
    merged,
    perception_by_practice,
    ranked,
)


@dataclass(frozen=True)
class PracticeRow:
    practice_id: str
    team_level: int | None
    staff_share: float | None
    blind_spot: bool
    respondents: int | None = None   # people counted for the practice; None when unknown


@dataclass(frozen=True)
class WaveReport:
    questionnaire: Survey
    state: str
    respondents: int
    in_progress: int
    closed: bool
    shown: bool
    languages: dict[str, int | None]
    practices: list[PracticeRow]
    items: dict[str, list[ChoiceFigure] | None]
    barriers: list[ChoiceFigure] | None
    breakdowns: dict[str, list[GroupFigure] | None]
    open_answers: list[str] | None


OPEN, TOO_FEW, SHOWN = "open", "too_few", "shown"


def is_closed(wave: SurveyWave, today: date) -> bool:
    return today > wave.closes_on


def release_state(wave: SurveyWave, today: date) -> str:
    """OPEN: figures come when the survey closes; TOO_FEW: it closed with fewer than 5
    responses, so none can be shown; SHOWN: its figures are out."""
    if not is_closed(wave, today):
        return OPEN
    return SHOWN if can_release(stats.respondents(wave), True) else TOO_FEW


def released_respondents(wave: SurveyWave, today: date) -> int:
    """The number of respondents figures may be drawn from: 0 until the wave closes."""
    respondents = stats.respondents(wave)
    return respondents if can_release(respondents, is_closed(wave, today)) else 0


def staff_agreement(wave: SurveyWave, today: date | None = None) -> dict[str, float | None]:
    questionnaire = survey(wave.questionnaire_version)
    practice_ids = rubric().practice_ids
    return perception_by_practice(stats.item_counts(wave, questionnaire), questionnaire,
                                  released_respondents(wave, today or date.today()),
                                  practice_ids)


def wave_report(wave: SurveyWave, today: date) -> WaveReport:
    questionnaire = survey(wave.questionnaire_version)
    closed = is_closed(wave, today)
    respondents = stats.respondents(wave)
    released = can_release(respondents, closed)
    figures_from = respondents if released else 0
    counts = stats.item_counts(wave, questionnaire)
    practice_ids = rubric().practice_ids
    shares = perception_by_practice(counts, questionnaire, figures_from, practice_ids)
    levels = ({p.practice_id: p.level for p in capability.cycle_profile(wave.cycle).practices}
              if wave.cycle else {})
    languages = stats.language_counts(wave)
    shown_languages = shown_groups(languages) if released else {}
    text_items = questionnaire.items("text")
    barriers = questionnaire.items("multiple")[0]
    all_agreement = merged([counts.get(item.id, {}) for item in questionnaire.items("agreement")])
    return WaveReport(
        questionnaire=questionnaire, state=release_state(wave, today), respondents=respondents,
        in_progress=stats.in_progress(wave), closed=closed, shown=released,
        languages={lang: n if shown_languages.get(lang) else None
                   for lang, n in languages.items()},
        practices=[PracticeRow(pid, levels.get(pid), shares[pid],
                               is_blind_spot(levels.get(pid), shares[pid]))
                   for pid in practice_ids],
        items={item.id: distribution(item, counts.get(item.id, {}), figures_from)
               for item in questionnaire.items() if item.type in ("agreement", "single")},
        barriers=ranked(distribution(barriers, counts.get(barriers.id, {}), figures_from)),
        breakdowns={item.id: breakdown(item, counts.get(item.id, {}),
                                       stats.agreement_by_group(wave, questionnaire, item.id),
                                       figures_from, questionnaire, all_agreement)
                    for item in questionnaire.items("demographic")},
        open_answers=(stats.open_answers(wave, text_items[0].id)
                      if text_items and released and can_show_open_answers(respondents)
                      else None),
    )
