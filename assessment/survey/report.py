"""Everything the results page shows for one wave, gathered in one place (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass

from ..capability import operations as capability
from ..capability.scoring import is_blind_spot
from . import stats
from .models import SurveyWave
from .privacy import can_show, can_show_open_answers, shown_groups
from .questionnaire import Survey, survey
from .results import (ChoiceFigure, GroupFigure, breakdown, distribution, perception_by_practice,
                      ranked)


@dataclass(frozen=True)
class PracticeRow:
    practice_id: str
    team_level: int | None
    staff_share: float | None
    blind_spot: bool


@dataclass(frozen=True)
class WaveReport:
    questionnaire: Survey
    respondents: int
    in_progress: int
    shown: bool
    languages: dict[str, int | None]
    practices: list[PracticeRow]
    items: dict[str, list[ChoiceFigure] | None]
    barriers: list[ChoiceFigure] | None
    breakdowns: dict[str, list[GroupFigure] | None]
    open_answers: list[str] | None


def staff_agreement(wave: SurveyWave) -> dict[str, float | None]:
    questionnaire = survey(wave.questionnaire_version)
    practice_ids = capability.rubric().practice_ids
    return perception_by_practice(stats.item_counts(wave, questionnaire), questionnaire,
                                  stats.respondents(wave), practice_ids)


def wave_report(wave: SurveyWave) -> WaveReport:
    questionnaire = survey(wave.questionnaire_version)
    respondents = stats.respondents(wave)
    counts = stats.item_counts(wave, questionnaire)
    practice_ids = capability.rubric().practice_ids
    shares = perception_by_practice(counts, questionnaire, respondents, practice_ids)
    levels = ({p.practice_id: p.level for p in capability.cycle_profile(wave.cycle).practices}
              if wave.cycle else {})
    languages = stats.language_counts(wave)
    shown_languages = shown_groups(languages) if can_show(respondents) else {}
    text_items = questionnaire.items("text")
    barriers = questionnaire.items("multiple")[0]
    return WaveReport(
        questionnaire=questionnaire, respondents=respondents,
        in_progress=stats.in_progress(wave), shown=can_show(respondents),
        languages={lang: n if shown_languages.get(lang) else None
                   for lang, n in languages.items()},
        practices=[PracticeRow(pid, levels.get(pid), shares[pid],
                               is_blind_spot(levels.get(pid), shares[pid]))
                   for pid in practice_ids],
        items={item.id: distribution(item, counts.get(item.id, {}), respondents)
               for item in questionnaire.items() if item.type in ("agreement", "single")},
        barriers=ranked(distribution(barriers, counts.get(barriers.id, {}), respondents)),
        breakdowns={item.id: breakdown(item, counts.get(item.id, {}),
                                       stats.agreement_by_group(wave, questionnaire, item.id),
                                       respondents, questionnaire)
                    for item in questionnaire.items("demographic")},
        open_answers=(stats.open_answers(wave, text_items[0].id)
                      if text_items and can_show_open_answers(respondents) else None),
    )
