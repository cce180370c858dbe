"""Turn a capability profile into an implementation plan. Deterministic, no Flask.

The rules, as the plan page and "How scores work" explain them:
- Every practice below level 4 gets the level-4 best practice as its goal and one item
  per level it must climb, with the library's key activities for that step. A practice
  nobody could rate starts from level 1.
- A practice at level 4 gets a "verify and sustain" item: within 3 months when its raters
  disagreed (low agreement) or staff see it less well developed (blind spot), otherwise
  within 12 months, before the next yearly assessment.
- Priorities: practices with low agreement, then blind spots, then practices nobody could
  rate, then practices at the organization's lowest level (below the others). When no
  practice stands out, all of them tie and the tool's order decides. At most three
  practices start within 3 months; the others, priorities held back included, start within
  6 months.
- Pacing: a practice climbs at most one level per period (3, 6, 12 months, more than 1
  year). After climbing to level 3, the step to level 4 waits one more period: a climb
  from level 1 to level 4 reaches into "more than 1 year", as the source's advice to pilot
  a program across multiple years asks.
- Due dates count from the day the plan is made: the end of the item's period.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from ..capability.rubric import Rubric
from ..capability.scoring import PracticeScore, Profile, is_blind_spot
from ..questionnaires import Text
from .library import Activity, Library

BUCKETS = ("3_months", "6_months", "12_months", "over_1_year")
BUCKET_MONTHS = {"3_months": 3, "6_months": 6, "12_months": 12, "over_1_year": 24}
TARGET_LEVEL = 4
SUSTAIN_STEP = 4            # the library's step "from level 4": verify and sustain
MAX_STARTING_FIRST = 3      # practices whose first step is due within 3 months
SUSTAIN_BUCKET = "12_months"

# Why a climbing practice is where it is.
LOW_AGREEMENT = "low_agreement"
BLIND_SPOT = "blind_spot"
NOT_RATED = "not_rated"
LOWEST_LEVEL = "lowest_level"
SAME_LEVEL = "same_level"   # nothing stood out; chosen in the tool's order
HELD_BACK = "held_back"     # a priority, but three practices already start first
# Why a practice at level 4 has an item.
VERIFY_LOW_AGREEMENT = "verify_low_agreement"
VERIFY_BLIND_SPOT = "verify_blind_spot"
SUSTAIN = "sustain"

PRIORITY_ORDER = (LOW_AGREEMENT, BLIND_SPOT, NOT_RATED, LOWEST_LEVEL, SAME_LEVEL)


@dataclass(frozen=True)
class DraftItem:
    practice_id: str
    from_level: int           # climbs from this level to the next; 4: verify and sustain
    bucket: str
    due_on: date
    reasons: tuple[str, ...]  # codes above; empty: not one of the priorities
    target: Text
    activities: tuple[Activity, ...]

    @property
    def key(self) -> tuple[str, int]:
        """The step this item stands for; a remade plan matches items on it."""
        return self.practice_id, self.from_level


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def due_date(made_on: date, bucket: str) -> date:
    """The end of the item's period, counted from the day the plan is made."""
    return add_months(made_on, BUCKET_MONTHS[bucket])


def _flags(score: PracticeScore, profile: Profile, staff: Mapping[str, float | None]) -> set:
    if score.level is None:
        return {NOT_RATED}
    levels = [p.level for p in profile.practices if p.level is not None]
    flags = set()
    if score.low_agreement:
        flags.add(LOW_AGREEMENT)
    if is_blind_spot(score.level, staff.get(score.practice_id)):
        flags.add(BLIND_SPOT)
    if score.level == min(levels) < max(levels):
        flags.add(LOWEST_LEVEL)
    return flags


def _ordered(flags: set) -> tuple[str, ...]:
    return tuple(code for code in PRIORITY_ORDER if code in flags)


def first_buckets(profile: Profile, rubric: Rubric,
                  staff: Mapping[str, float | None]) -> dict[str, tuple[int, tuple[str, ...]]]:
    """For each practice below level 4: (index of its first period, reasons)."""
    climbing = [p for p in rubric.practices
                if (profile.practice(p.id).level or 1) < TARGET_LEVEL]
    flags = {p.id: _flags(profile.practice(p.id), profile, staff) for p in climbing}
    if climbing and not any(flags.values()):
        flags = {p.id: {SAME_LEVEL} for p in climbing}
    candidates = sorted((p for p in climbing if flags[p.id]),
                        key=lambda p: (min(PRIORITY_ORDER.index(f) for f in flags[p.id]),
                                       p.number))
    first = {p.id for p in candidates[:MAX_STARTING_FIRST]}
    result = {}
    for practice in climbing:
        reasons = _ordered(flags[practice.id])
        if practice.id in first:
            result[practice.id] = (0, reasons)
        else:
            result[practice.id] = (1, reasons + (HELD_BACK,) if reasons else ())
    return result


def climb_buckets(first: int, from_level: int) -> list[str]:
    """The period of each step from from_level up to level 4, starting at period `first`:
    one level per period, and one period more before the step to level 4 when it follows
    other steps."""
    buckets, index = [], first
    for level in range(from_level, TARGET_LEVEL):
        if level == TARGET_LEVEL - 1 and level > from_level:
            index += 1
        buckets.append(BUCKETS[min(index, len(BUCKETS) - 1)])
        index += 1
    return buckets


def _sustain_reasons(score: PracticeScore, staff: Mapping[str, float | None]) -> tuple:
    reasons = []
    if score.low_agreement:
        reasons.append(VERIFY_LOW_AGREEMENT)
    if is_blind_spot(score.level, staff.get(score.practice_id)):
        reasons.append(VERIFY_BLIND_SPOT)
    return tuple(reasons) or (SUSTAIN,)


def generate_plan(profile: Profile, rubric: Rubric, library: Library, made_on: date,
                  staff_agreement: Mapping[str, float | None] | None = None) -> list[DraftItem]:
    """staff_agreement: practice id -> share of staff agreeing (0-1, None when hidden), from
    a survey whose results are out. Items come in the tool's order, then by step."""
    staff = staff_agreement or {}
    starts = first_buckets(profile, rubric, staff)
    items = []
    for practice in rubric.practices:
        score = profile.practice(practice.id)
        steps = library.practices[practice.id].steps

        def draft(from_level: int, bucket: str, reasons: tuple) -> DraftItem:
            return DraftItem(practice_id=practice.id, from_level=from_level, bucket=bucket,
                             due_on=due_date(made_on, bucket), reasons=reasons,
                             target=practice.best_practice, activities=steps[from_level])

        if practice.id not in starts:  # at level 4
            reasons = _sustain_reasons(score, staff)
            items.append(draft(SUSTAIN_STEP, BUCKETS[0] if reasons != (SUSTAIN,)
                               else SUSTAIN_BUCKET, reasons))
            continue
        first, reasons = starts[practice.id]
        current = score.level or 1
        for from_level, bucket in zip(range(current, TARGET_LEVEL),
                                      climb_buckets(first, current)):
            items.append(draft(from_level, bucket, reasons))
    return items


ASK = "ask"  # due_after_edit: ask whether to move a date set by hand


def due_after_edit(made_on: date, old_bucket: str, old_due: date, set_by_hand: bool,
                   new_bucket: str, new_due: date | None,
                   move: bool | None) -> tuple[date, bool] | str:
    """(due date, set by hand) after an edit, or ASK.

    An empty date follows the timeline; a new date is set by hand; a timeline change moves
    a date that follows the timeline, and asks first about one set by hand (move: the
    answer, None until given)."""
    if new_due is None:
        return due_date(made_on, new_bucket), False
    if new_due != old_due:
        return new_due, True
    if new_bucket == old_bucket:
        return old_due, set_by_hand
    if not set_by_hand or move:
        return due_date(made_on, new_bucket), False
    return ASK if move is None else (old_due, True)
