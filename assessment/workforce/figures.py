"""What a page, the PDF and the exports show of a period and of the trend. No Flask here.

Group figures in a breakdown are rates too: each is shown only when its denominator
holds at least 5 people (the small-group rule), else "no figure".
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..survey.privacy import can_show
from . import metrics
from .metrics import Counts


@dataclass(frozen=True)
class TrendRow:
    metric: str
    values: list[Decimal | None]          # one per period, oldest first
    change: Decimal | None                # latest minus first, in points


def trend(periods: list) -> list[TrendRow]:
    """Each rate across the periods given (oldest first), with its change since the first."""
    rows = []
    for name, rule in metrics.RATES.items():
        values = [rule(p.counts) for p in periods]
        known = [v for v in values if v is not None]
        rows.append(TrendRow(name, values,
                             metrics.change(known[0], known[-1]) if len(known) > 1 else None))
    return rows


def comparable(periods: list) -> list:
    """Periods of the same length as the latest one (years, or quarters): a quarter's
    turnover set beside a year's would mislead."""
    if not periods:
        return []
    quarterly = bool(periods[-1].quarter)
    return [p for p in periods if bool(p.quarter) == quarterly]


def group_rates(group: dict) -> dict[str, Decimal | None]:
    counts = Counts(headcount_start=group["headcount_start"],
                    headcount_end=group["headcount_end"], retained=group["retained"],
                    promotions=group["promotions"], separations_other=group["separations"])
    average = counts.average_headcount
    return {
        "retention_rate": metrics.retention_rate(counts)
        if can_show(counts.headcount_start) else None,
        "turnover_rate": metrics.turnover_rate(counts) if can_show(average) else None,
        "promotion_rate": metrics.promotion_rate(counts) if can_show(average) else None,
    }


def pay_gap(pay: dict) -> Decimal | None:
    return metrics.pay_gap_percent(_d(pay.get("male")), _d(pay.get("female")))


def caseload_percent(line: dict) -> Decimal | None:
    return metrics.caseload_percent_of_best(_d(line.get("actual")), _d(line.get("best")))


def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
