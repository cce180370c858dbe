"""Everything an exit wave's page shows (no Flask): the same rules as the staff survey.

Nothing is shown until the wave closes and only when 5 or more people sent answers;
groups (role, tenure, language) follow the small-group rule within and across splits;
written answers are shown only from 10 responses, never by group.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import operations, stats
from .instruments import of_wave
from .models import SurveyWave
from .privacy import can_release, can_show_open_answers
from .questionnaire import Survey
from .report import OPEN, SHOWN, TOO_FEW
from .results import ChoiceFigure, GroupFigure, breakdowns, distribution


@dataclass(frozen=True)
class ExitReport:
    questionnaire: Survey
    respondents: int
    in_progress: int
    state: str                                      # OPEN, TOO_FEW or SHOWN
    items: dict[str, list[ChoiceFigure] | None]     # questions with choices, None when hidden
    groups: dict[str, list[GroupFigure] | None]     # role, tenure and language splits
    open_answers: dict[str, list[str] | None]       # None when hidden
    days: tuple[tuple[date, int, int], ...] = ()


def exit_report(wave: SurveyWave, today: date) -> ExitReport:
    operations.seal(wave, today)  # a wave that closed on its last day, the first time it is read
    questionnaire = of_wave(wave)
    closed = wave.is_closed(today)
    respondents = stats.respondents(wave)
    released = can_release(respondents, closed)
    counts = stats.item_counts(wave)
    splits = {item.id: [*item.choice_ids(), None] for item in questionnaire.items("demographic")}
    splits[stats.LANGUAGE_SPLIT] = list(stats.RESPONSE_LANGUAGES)
    readable = released and can_show_open_answers(respondents)
    return ExitReport(
        questionnaire=questionnaire, respondents=respondents,
        in_progress=stats.in_progress(wave),
        state=OPEN if not closed else (SHOWN if released else TOO_FEW),
        items={item.id: distribution(item, counts.get(item.id, {}),
                                     respondents if released else 0)
               for item in questionnaire.items() if item.type in ("single", "multiple")},
        groups=breakdowns(stats.people(wave, questionnaire) if released else [], splits,
                          released, strict={stats.LANGUAGE_SPLIT}),
        open_answers={item.id: stats.open_answers(wave, item.id) if readable else None
                      for item in questionnaire.items("text")},
        days=tuple(stats.daily_activity(wave)))
