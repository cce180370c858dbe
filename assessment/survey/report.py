"""Everything the results page shows for one wave, gathered in one place (no Flask)."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from threading import Lock

from ..capability import operations as capability
from ..capability.rubric import rubric
from ..capability.scoring import is_blind_spot
from . import choice, operations, stats
from .models import SurveyWave
from .compare import ComparedRow, WaveFigures, compare
from .privacy import can_release, can_show_open_answers
from .instruments import of_wave
from .questionnaire import Item, Survey
from .results import (
    ChoiceFigure,
    GroupChoices,
    GroupFigure,
    breakdowns,
    choice_breakdowns,
    distribution,
    practice_agreement,
    ranked,
    skipped,
)

# Questions broken down by group (when the questionnaire has them), and the groups.
BROKEN_DOWN_ITEMS = ("intent_to_stay", "barriers")
BROKEN_DOWN_BY = ("role", "tenure")

# Where a wave's figures stand (release_state).
OPEN = "open"           # still taking answers: figures are shown when it closes
TOO_FEW = "too_few"     # closed with fewer than 5 responses: no figure can ever be shown
SHOWN = "shown"         # closed with 5 or more: figures are shown


@dataclass(frozen=True)
class PracticeRow:
    practice_id: str
    team_level: int | None
    staff_share: float | None   # share of the people counted who agree; None when hidden
    blind_spot: bool
    respondents: int | None = None  # people counted for the practice; None when hidden


@dataclass(frozen=True)
class WaveReport:
    questionnaire: Survey
    respondents: int
    in_progress: int
    closed: bool
    shown: bool
    languages: dict[str, int | None]    # every language, None when hidden
    practices: list[PracticeRow]
    items: dict[str, list[ChoiceFigure] | None]
    barriers: list[ChoiceFigure] | None
    breakdowns: dict[str, list[GroupFigure] | None]
    open_answers: list[str] | None
    state: str = OPEN
    days: tuple[tuple[date, int, int], ...] = ()   # (day, started, sent), oldest first
    skipped: dict[str, int | None] | None = None   # item id -> people who skipped it
    # (split id, item id) -> answers per shown group (intent to stay, barriers by role
    # and tenure); None when no group can be shown
    by_group: dict[tuple[str, str], list[GroupChoices] | None] | None = None
    barriers_item: Item | None = None


def is_closed(wave: SurveyWave, today: date) -> bool:
    return wave.is_closed(today)


def release_state(wave: SurveyWave, today: date) -> str:
    """OPEN, TOO_FEW or SHOWN: what may be said about the wave's figures today."""
    if not wave.is_closed(today):
        return OPEN
    return SHOWN if can_release(stats.respondents(wave), True) else TOO_FEW


def _practices(wave: SurveyWave, released: bool) -> dict:
    return practice_agreement(stats.item_counts(wave), released, rubric().practice_ids)


def survey_for_cycle(cycle, today: date) -> SurveyWave | None:
    """The staff survey a cycle's profile, plan and PDF use, when several are linked to it
    (the rule is choice.for_cycle)."""
    waves = operations.waves_for_cycle(cycle)
    chosen = choice.for_cycle([choice.WaveFacts(wave.id, wave.cycle_id, wave.closes_on,
                                                wave.closed_on, sent)
                               for wave, sent in waves], today)
    return next((wave for wave, _sent in waves if chosen and wave.id == chosen.id), None)


def staff_agreement(wave: SurveyWave, today: date | None = None) -> dict[str, float | None]:
    """practice id -> share of the people counted who agree (None when hidden)."""
    released = release_state(wave, today or date.today()) == SHOWN
    return {pid: figure.share for pid, figure in _practices(wave, released).items()}


# Reports of sealed (closed) waves, kept per process: see wave_report.
_SEALED_REPORTS: OrderedDict[tuple, WaveReport] = OrderedDict()
_SEALED_REPORTS_KEPT = 256
_sealed_reports_lock = Lock()


def wave_report(wave: SurveyWave, today: date, profile=None) -> WaveReport:
    """profile: the linked cycle's capability profile when the caller has it already (its
    levels give the team's level and blind spots); read here otherwise.

    A closed wave's report is built once per process and kept. Nothing it shows can change
    once the wave is closed and sealed: no answer is taken after closing (submit checks
    the days under a lock), the closing day and the link to the cycle are never changed,
    and sealing rewrites the rows with the same values. It is still looked up under
    everything that could make it differ: the wave's own random code (an id could be
    reused after a deletion), its questionnaire, its counts of sent and unfinished
    responses (a send that raced the closing shows) and the cycle's levels (a reopened
    cycle can be rated again)."""
    operations.seal(wave, today)  # a wave that closed on its last day, the first time it is read
    if profile is None and wave.cycle:
        profile = capability.cycle_profile(wave.cycle)
    levels = {p.practice_id: p.level for p in profile.practices} if profile else {}
    closed = wave.is_closed(today)
    respondents, in_progress = stats.response_counts(wave)
    if not (closed and wave.sealed):
        return _wave_report(wave, closed, respondents, in_progress, levels)
    key = (wave.id, wave.code, wave.questionnaire_id, wave.questionnaire_version,
           wave.cycle_id, respondents, in_progress, tuple(sorted(levels.items())))
    with _sealed_reports_lock:
        report = _SEALED_REPORTS.get(key)
        if report is not None:
            _SEALED_REPORTS.move_to_end(key)
            return report
    report = _wave_report(wave, closed, respondents, in_progress, levels)
    with _sealed_reports_lock:
        _SEALED_REPORTS[key] = report
        while len(_SEALED_REPORTS) > _SEALED_REPORTS_KEPT:
            _SEALED_REPORTS.popitem(last=False)
    return report


def _wave_report(wave: SurveyWave, closed: bool, respondents: int, in_progress: int,
                 levels: dict) -> WaveReport:
    questionnaire = of_wave(wave)
    released = can_release(respondents, closed)
    figures_from = respondents if released else 0
    counts = stats.item_counts(wave)
    practices = practice_agreement(counts, released, rubric().practice_ids)
    split_groups = {item.id: [*item.choice_ids(), None]
                    for item in questionnaire.items("demographic")}
    split_groups[stats.LANGUAGE_SPLIT] = list(stats.RESPONSE_LANGUAGES)
    broken_items = [i for i in (questionnaire.item(x) for x in BROKEN_DOWN_ITEMS) if i]
    by = [split for split in BROKEN_DOWN_BY if split in split_groups]
    people = (stats.people(wave, questionnaire, tuple(i.id for i in broken_items))
              if released else [])
    groups = breakdowns(people, split_groups, released, strict={stats.LANGUAGE_SPLIT})
    by_group = choice_breakdowns(people, split_groups, by, broken_items, released,
                                 strict={stats.LANGUAGE_SPLIT})
    languages = groups.pop(stats.LANGUAGE_SPLIT)
    text_items = questionnaire.items("text")
    barriers = barriers_item(questionnaire)
    return WaveReport(
        questionnaire=questionnaire, respondents=respondents,
        in_progress=in_progress, closed=closed, shown=released,
        languages={lang: None for lang in stats.RESPONSE_LANGUAGES} if languages is None
        else {g.group_id: g.size for g in languages},
        practices=[PracticeRow(pid, levels.get(pid), figure.share,
                               is_blind_spot(levels.get(pid), figure.share),
                               figure.respondents)
                   for pid, figure in practices.items()],
        items={item.id: distribution(item, counts.get(item.id, {}), figures_from)
               for item in questionnaire.items()
               if item.type in ("agreement", "single", "multiple") and item is not barriers},
        barriers=(ranked(distribution(barriers, counts.get(barriers.id, {}), figures_from))
                  if barriers else None),
        barriers_item=barriers,
        skipped={item.id: skipped(counts.get(item.id, {})) if released else None
                 for item in questionnaire.items() if item.counted},
        by_group=by_group,
        breakdowns=groups,
        open_answers=(stats.open_answers(wave, text_items[0].id)
                      if text_items and released and can_show_open_answers(respondents)
                      else None),
        state=OPEN if not closed else (SHOWN if released else TOO_FEW),
        days=tuple(stats.daily_activity(wave)),
    )


def barriers_item(questionnaire: Survey) -> Item | None:
    """The question about what gets in the way: "barriers", else the first multiple
    choice, else none (a questionnaire may not ask it)."""
    return questionnaire.item("barriers") or next(iter(questionnaire.items("multiple")), None)


@dataclass(frozen=True)
class Comparison:
    earlier: SurveyWave
    rows: list[ComparedRow]


def _figures(wave: SurveyWave, today: date) -> WaveFigures:
    shown = release_state(wave, today) == SHOWN
    return WaveFigures(of_wave(wave), stats.item_counts(wave),
                       stats.respondents(wave) if shown else 0)


def earlier_comparison(wave: SurveyWave, today: date) -> Comparison | None:
    """This wave beside the latest earlier wave of the same organization and the same
    questionnaire (any version) whose figures are out; None when either has none."""
    if release_state(wave, today) != SHOWN:
        return None
    earlier = [w for w in operations.waves_of(wave.organization)
               if w.id != wave.id and w.questionnaire_id == wave.questionnaire_id
               and (w.opens_on, w.id) < (wave.opens_on, wave.id)
               and release_state(w, today) == SHOWN]
    if not earlier:
        return None
    before = earlier[0]  # waves_of lists the latest first
    return Comparison(before, compare(_figures(before, today), _figures(wave, today)))
