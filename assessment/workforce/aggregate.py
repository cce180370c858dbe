"""A roster's people turned into one period's aggregates, the only thing kept.

Plain functions, no Flask. The small-group rule is applied here, before anything is kept:
the stored breakdowns hold only groups that may be shown (assessment/survey/privacy.py),
so no page, PDF, export or later bug can show a group of 1 to 4 people.

Who counts where, for a period from `start` to `end` (both days included):
- at the start: hired on or before `start` and not gone before it;
- at the end: hired on or before `end` and not gone on or before `end`;
- a hire: hired after `start`, up to `end`; a separation: left from `start` to `end`;
- retained: at the start and at the end;
- a promotion: each promotion date in the period; each fills a position from within, so
  internal fills = promotions and openings filled = hires + promotions.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from ..survey.privacy import can_show, shown_across_splits
from . import metrics
from .metrics import Counts, Period
from .roster import Person

SPLITS = ("role", "track", "tenure", "gender", "race_ethnicity")
TENURE_BANDS = ("under_1", "1_to_3", "3_to_5", "5_plus")


def row_outcome(person: Person, period: Period) -> str:
    """What the preview says a row became."""
    at_start, at_end = _at_start(person, period), _at_end(person, period)
    if at_start and at_end:
        return "stayed"
    if at_start:
        return "left"
    if at_end:
        return "hired"
    if _hired(person, period):
        return "hired_and_left"
    return "outside"


def _at_start(p: Person, period: Period) -> bool:
    return p.start <= period.start and (p.end is None or p.end >= period.start)


def _at_end(p: Person, period: Period) -> bool:
    return p.start <= period.end and (p.end is None or p.end > period.end)


def _hired(p: Person, period: Period) -> bool:
    return period.start < p.start <= period.end


def _left(p: Person, period: Period) -> bool:
    return p.end is not None and period.start <= p.end <= period.end


def _in_period(p: Person, period: Period) -> bool:
    return p.start <= period.end and (p.end is None or p.end >= period.start)


def _promotions(p: Person, period: Period) -> int:
    return sum(period.start <= when <= period.end for when in p.promotions)


def tenure_band(p: Person, period: Period) -> str:
    years = metrics.years_between(p.start, min(p.end or period.end, period.end))
    return ("under_1" if years < 1 else "1_to_3" if years < 3 else "3_to_5" if years < 5
            else "5_plus")


def counts_of(people: list[Person], period: Period, budgeted: int | None = None,
              vacant: int | None = None) -> Counts:
    leavers = [p for p in people if _left(p, period)]
    promotions = sum(_promotions(p, period) for p in people)
    return Counts(
        headcount_start=sum(_at_start(p, period) for p in people),
        headcount_end=sum(_at_end(p, period) for p in people),
        hires=sum(_hired(p, period) for p in people),
        promotions=promotions,
        internal_fills=promotions,
        separations_voluntary=sum(p.reason == "voluntary" for p in leavers),
        separations_involuntary=sum(p.reason == "involuntary" for p in leavers),
        separations_other=sum(p.reason is None for p in leavers),
        retained=sum(_at_start(p, period) and _at_end(p, period) for p in people),
        budgeted_positions=budgeted, vacant_positions=vacant,
    )


def summarize(people: list[Person], period: Period, budgeted: int | None = None,
              vacant: int | None = None,
              best_practice: dict[str, Decimal] | None = None) -> dict:
    """The period's aggregates as plain JSON-ready data (numbers as strings)."""
    in_period = [p for p in people if _in_period(p, period)]
    staying = [p for p in in_period if _at_end(p, period)]
    leavers = [p for p in in_period if _left(p, period)]
    counts = counts_of(in_period, period, budgeted, vacant)
    return {
        "counts": counts.__dict__.copy(),
        "average_tenure": _str(metrics.average(
            [metrics.years_between(p.start, period.end) for p in staying])),
        "average_tenure_leavers": _str(metrics.average(
            [metrics.years_between(p.start, p.end) for p in leavers])),
        "part_time": sum(p.part_time is True for p in staying),
        "caseload": caseload_lines(staying, best_practice or {}),
        "pay": pay_figures(staying),
        "breakdowns": breakdowns(in_period, period),
    }


def caseload_lines(staying: list[Person], best_practice: dict[str, Decimal]) -> list[dict]:
    """Average caseload per role among staff at the end of the period. A role's average is
    shown only for 5 or more people with a caseload, like every other group figure."""
    by_role: dict[str, list[Decimal]] = defaultdict(list)
    for p in staying:
        if p.caseload is not None:
            by_role[p.role].append(p.caseload)
    lines = []
    for role in sorted(set(by_role) | set(best_practice)):
        values = by_role.get(role, [])
        lines.append({"role": role, "staff": len(values) if can_show(len(values)) else None,
                      "actual": _str(metrics.average(values)) if can_show(len(values)) else None,
                      "best": _str(best_practice.get(role))})
    return lines


def pay_figures(staying: list[Person]) -> dict:
    """Median hourly pay of women and of men, overall and per role, where each group has 5
    or more people with a pay figure. Medians cannot be added or subtracted, so hiding one
    needs no second hidden figure beside it."""
    def medians(group: list[Person]) -> dict:
        out = {}
        for gender in ("female", "male"):
            values = [p.hourly_pay for p in group if p.gender == gender and p.hourly_pay]
            out[gender] = _str(metrics.median_pay(values)) if can_show(len(values)) else None
        everyone = [p.hourly_pay for p in group if p.hourly_pay]
        out["all"] = _str(metrics.median_pay(everyone)) if can_show(len(everyone)) else None
        return out

    by_role: dict[str, list[Person]] = defaultdict(list)
    for p in staying:
        by_role[p.role].append(p)
    return {"overall": medians(staying),
            "roles": [{"role": role, **medians(group)} for role, group in sorted(by_role.items())]}


def breakdowns(people: list[Person], period: Period) -> dict:
    """split -> group -> counts, only for groups the small-group rule lets through, and a
    count of hidden groups per split. A group's size is the people it had in the period."""
    groups = [{"role": p.role, "track": p.track, "tenure": tenure_band(p, period),
               "gender": p.gender, "race_ethnicity": p.race_ethnicity} for p in people]
    names = {split: sorted({g[split] for g in groups}, key=lambda v: (v is None, str(v)))
             for split in SPLITS}
    shown = shown_across_splits(groups, names)
    out: dict = {}
    for split in SPLITS:
        members: dict[object, list[Person]] = defaultdict(list)
        for person, group in zip(people, groups):
            if shown[split].get(group[split]):
                members[group[split]].append(person)
        hidden = sum(not ok for ok in shown[split].values())
        out[split] = {
            "groups": [{"group": group, "people": len(ps), **_group_counts(ps, period)}
                       for group, ps in sorted(members.items(),
                                               key=lambda kv: (kv[0] is None, str(kv[0])))],
            "hidden": hidden,
        }
    return out


def _group_counts(people: list[Person], period: Period) -> dict:
    counts = counts_of(people, period)
    return {"headcount_start": counts.headcount_start, "headcount_end": counts.headcount_end,
            "retained": counts.retained, "separations": counts.separations,
            "promotions": counts.promotions}


def outcome_totals(people: list[Person], period: Period) -> Counter:
    return Counter(row_outcome(p, period) for p in people)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
