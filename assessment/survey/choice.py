"""Which staff survey stands for a cycle, or for an organization, when there are several.
Plain functions over plain facts, so a page reading one organization and the coach's
dashboard reading hundreds choose alike."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .models import is_closed_on
from .privacy import can_release, can_show


@dataclass(frozen=True)
class WaveFacts:
    id: int
    cycle_id: int | None
    closes_on: date
    closed_on: date | None
    respondents: int    # sent responses

    def released(self, today: date) -> bool:
        return can_release(self.respondents, is_closed_on(self.closes_on, self.closed_on,
                                                          today))

    def is_open(self, today: date) -> bool:
        return not is_closed_on(self.closes_on, self.closed_on, today)


def for_cycle(waves: Sequence[WaveFacts], today: date) -> WaveFacts | None:
    """waves: those linked to one cycle, latest first. The one with figures out and the
    most responses; else one still open, whose figures are to come; else the latest. So
    a small pulse survey never replaces the main one."""
    shown = [wave for wave in waves if wave.released(today)]
    if shown:
        return max(shown, key=lambda wave: wave.respondents)  # max keeps the latest on a tie
    return next((wave for wave in waves if wave.is_open(today)), waves[0] if waves else None)


def for_organization(waves: Sequence[WaveFacts], latest_cycle_id: int | None,
                     today: date) -> WaveFacts | None:
    """waves: all of the organization's, latest first. The survey of its latest cycle (as
    for_cycle chooses it), or else its latest survey with at least 5 responses, or else
    its latest survey: a small pulse survey never hides the main one."""
    linked = [wave for wave in waves
              if latest_cycle_id is not None and wave.cycle_id == latest_cycle_id]
    if linked:
        return for_cycle(linked, today)
    return next((wave for wave in waves if can_show(wave.respondents)),
                waves[0] if waves else None)
