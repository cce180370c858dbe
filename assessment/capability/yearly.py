"""The yearly loop: when an organization assesses again, and which earlier cycles a
cycle's results are compared with. Plain functions, no Flask.

Seed 003 asks for the program to be assessed every year: a closed cycle is due again a
year after the day it closed. The date shows as "due" from DUE_WITHIN before it, and
"overdue" from the day after it. A cycle that is still open is the re-assessment under
way, so nothing is due while one is open.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

DUE_WITHIN = timedelta(days=60)
NOT_DUE, DUE, OVERDUE = "not_due", "due", "overdue"


def reassess_on(closed_on: date) -> date:
    """A year after the day the cycle closed (February 29 gives February 28)."""
    try:
        return closed_on.replace(year=closed_on.year + 1)
    except ValueError:
        return closed_on.replace(year=closed_on.year + 1, day=28)


def due_state(due_on: date | None, today: date) -> str:
    """NOT_DUE, DUE (within DUE_WITHIN of the date, or on it) or OVERDUE (after it)."""
    if due_on is None:
        return NOT_DUE
    if today > due_on:
        return OVERDUE
    return DUE if due_on - today <= DUE_WITHIN else NOT_DUE


@dataclass(frozen=True)
class Reassessment:
    due_on: date | None   # None: no closed cycle yet, or one is open
    state: str

    @property
    def is_due(self) -> bool:
        return self.state in (DUE, OVERDUE)


def next_reassessment(closed_days: Sequence[date | None], today: date) -> Reassessment:
    """closed_days: the closing day of each of the organization's cycles, None for an
    open one. Due a year after the latest closing, unless a cycle is open."""
    if not closed_days or any(day is None for day in closed_days):
        return Reassessment(None, NOT_DUE)
    due_on = reassess_on(max(closed_days))
    return Reassessment(due_on, due_state(due_on, today))


@dataclass(frozen=True)
class Earlier:
    previous: int | None   # the cycle just before, when it is not the baseline
    baseline: int | None   # the first cycle, when it is not this one


def earlier_cycles(ordered_ids: Sequence[int], cycle_id: int) -> Earlier:
    """ordered_ids: the organization's cycles, oldest first (by start date, then id)."""
    position = list(ordered_ids).index(cycle_id)
    if position == 0:
        return Earlier(None, None)
    previous = ordered_ids[position - 1]
    baseline = ordered_ids[0]
    return Earlier(previous if previous != baseline else None, baseline)
