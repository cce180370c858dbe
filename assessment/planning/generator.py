"""Turn a capability profile into an implementation plan. Deterministic, no Flask.

The rules, as the plan page explains them:
- every practice below Level 4 gets the Level-4 best practice as its target and one
  item per level it must climb, with the library's key activities for that level;
- a practice is a priority when it sits at the organization's lowest level, the raters
  disagree on it (low agreement), or staff see it much worse than the team (blind spot);
  a practice nobody could rate is a priority too, starting from the foundations;
- a priority practice's first step is due within 3 months, any other within 6 months;
  each further step goes one bucket later (within 12 months, then more than 1 year).
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from ..capability.rubric import Rubric
from ..capability.scoring import Profile, is_blind_spot
from ..questionnaires import Text
from .library import Activity, Library

BUCKETS = ("3_months", "6_months", "12_months", "over_1_year")
BUCKET_MONTHS = {"3_months": 3, "6_months": 6, "12_months": 12, "over_1_year": 24}
TARGET_LEVEL = 4

LOWEST_LEVEL = "lowest_level"
LOW_AGREEMENT = "low_agreement"
BLIND_SPOT = "blind_spot"
NOT_RATED = "not_rated"


@dataclass(frozen=True)
class DraftItem:
    practice_id: str
    from_level: int           # this item climbs from this level to the next
    step: int                 # 1 for the first step of the practice
    steps: int                # how many steps the practice must climb
    bucket: str
    due_on: date
    reasons: tuple[str, ...]  # why the practice is a priority; empty when it is not
    target: Text
    activities: tuple[Activity, ...]


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def priority_reasons(profile: Profile, practice_id: str,
                     staff_agreement: Mapping[str, float]) -> tuple[str, ...]:
    score = profile.practice(practice_id)
    if score.level is None:
        return (NOT_RATED,)
    lowest = min(p.level for p in profile.practices if p.level is not None)
    reasons = []
    if score.level == lowest:
        reasons.append(LOWEST_LEVEL)
    if score.low_agreement:
        reasons.append(LOW_AGREEMENT)
    if is_blind_spot(score.level, staff_agreement.get(practice_id)):
        reasons.append(BLIND_SPOT)
    return tuple(reasons)


def generate_plan(profile: Profile, rubric: Rubric, library: Library, starts_on: date,
                  staff_agreement: Mapping[str, float] | None = None) -> list[DraftItem]:
    """staff_agreement: practice id -> share of staff agreeing (0-1), where a survey exists."""
    staff_agreement = staff_agreement or {}
    items = []
    for practice in rubric.practices:
        score = profile.practice(practice.id)
        current = score.level or 1
        if current >= TARGET_LEVEL:
            continue
        reasons = priority_reasons(profile, practice.id, staff_agreement)
        first_bucket = 0 if reasons else 1
        steps = TARGET_LEVEL - current
        for step, from_level in enumerate(range(current, TARGET_LEVEL), start=1):
            bucket = BUCKETS[min(first_bucket + step - 1, len(BUCKETS) - 1)]
            items.append(DraftItem(
                practice_id=practice.id, from_level=from_level, step=step, steps=steps,
                bucket=bucket, due_on=add_months(starts_on, BUCKET_MONTHS[bucket]),
                reasons=reasons, target=practice.best_practice,
                activities=library.practices[practice.id].steps[from_level]))
    number = {p.id: p.number for p in rubric.practices}
    return sorted(items, key=lambda i: (BUCKETS.index(i.bucket), not i.reasons, i.from_level,
                                        number[i.practice_id]))
