"""The workforce formulas of PRODUCT.md ("Workforce metrics"), as plain functions.

Every rate is a Decimal percent rounded to one decimal, or None when its denominator is
zero or unknown: the pages then say "no figure", never 0 %. No Flask here; pages, the
PDF, the coach's exports and the benchmark all call these.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from statistics import median

ONE_DECIMAL = Decimal("0.1")
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """A calendar year (quarter None) or one of its quarters (1-4)."""

    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, 1 + 3 * (self.quarter - 1), 1) if self.quarter else date(
            self.year, 1, 1)

    @property
    def end(self) -> date:
        if not self.quarter or self.quarter == 4:
            return date(self.year, 12, 31)
        return date.fromordinal(date(self.year, 1 + 3 * self.quarter, 1).toordinal() - 1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.quarter or 0)


@dataclass(frozen=True)
class Counts:
    """A period's figures, typed by hand or aggregated from a roster. None: not known."""

    headcount_start: int
    headcount_end: int
    hires: int = 0                       # positions filled from outside
    promotions: int = 0
    internal_fills: int = 0              # positions filled by current staff
    separations_voluntary: int = 0
    separations_involuntary: int = 0
    separations_other: int = 0           # reason not given
    retained: int | None = None          # of those at the start, still employed at the end
    budgeted_positions: int | None = None
    vacant_positions: int | None = None

    @property
    def separations(self) -> int:
        return self.separations_voluntary + self.separations_involuntary + self.separations_other

    @property
    def average_headcount(self) -> Decimal:
        return Decimal(self.headcount_start + self.headcount_end) / 2

    @property
    def openings_filled(self) -> int:
        return self.hires + self.internal_fills


def percent(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """part / whole x 100, or None when either is unknown or the whole is zero."""
    if part is None or whole is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(ONE_DECIMAL)


def turnover_rate(counts: Counts) -> Decimal | None:
    return percent(counts.separations, counts.average_headcount)


def voluntary_turnover_rate(counts: Counts) -> Decimal | None:
    return percent(counts.separations_voluntary, counts.average_headcount)


def involuntary_turnover_rate(counts: Counts) -> Decimal | None:
    return percent(counts.separations_involuntary, counts.average_headcount)


def retention_rate(counts: Counts) -> Decimal | None:
    return percent(counts.retained, counts.headcount_start)


def promotion_rate(counts: Counts) -> Decimal | None:
    return percent(counts.promotions, counts.average_headcount)


def internal_fill_rate(counts: Counts) -> Decimal | None:
    return percent(counts.internal_fills, counts.openings_filled)


def vacancy_rate(counts: Counts) -> Decimal | None:
    return percent(counts.vacant_positions, counts.budgeted_positions)


# The rates a page, the PDF, the exports and a plan target can name, in the order shown.
RATES = {
    "promotion_rate": promotion_rate,
    "internal_fill_rate": internal_fill_rate,
    "retention_rate": retention_rate,
    "turnover_rate": turnover_rate,
    "voluntary_turnover_rate": voluntary_turnover_rate,
    "involuntary_turnover_rate": involuntary_turnover_rate,
    "vacancy_rate": vacancy_rate,
}
# For these a lower figure is the better one (a target is met at or below it).
LOWER_IS_BETTER = frozenset({"turnover_rate", "voluntary_turnover_rate",
                             "involuntary_turnover_rate", "vacancy_rate"})


def rates(counts: Counts) -> dict[str, Decimal | None]:
    return {name: rule(counts) for name, rule in RATES.items()}


# ---------------------------------------------------------------- checks

def problems(counts: Counts) -> list[str]:
    """What cannot be true of these figures, as codes the forms turn into messages.

    Rates whose definition caps them at 100 % (retention, vacancy) refuse figures that
    would go over; so does losing more people than the period ever had."""
    found = []
    for field in fields(Counts):
        value = getattr(counts, field.name)
        if value is not None and value < 0:
            found.append("negative")
            break
    if counts.retained is not None and counts.retained > counts.headcount_start:
        found.append("retention_over_100")
    if counts.retained is not None and counts.retained > counts.headcount_end:
        found.append("retained_over_end")
    if (counts.vacant_positions is not None and counts.budgeted_positions is not None
            and counts.vacant_positions > counts.budgeted_positions):
        found.append("vacancy_over_100")
    if counts.vacant_positions is not None and counts.budgeted_positions is None:
        found.append("vacant_without_budgeted")
    if counts.separations > counts.headcount_start + counts.hires:
        found.append("separations_over_staff")
    return found


# ---------------------------------------------------------------- tenure, caseload, pay

def years_between(start: date, end: date) -> Decimal:
    return Decimal(max((end - start).days, 0)) / Decimal("365.25")


def average(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_DECIMAL)


def caseload_percent_of_best(actual: Decimal | None, best: Decimal | None) -> Decimal | None:
    """Clients per worker as a share of the best practice the organization set: 120 means
    a fifth more clients than it should be."""
    return percent(actual, best)


def median_pay(values: list[Decimal]) -> Decimal | None:
    return Decimal(median(values)).quantize(CENTS) if values else None


def pay_gap_percent(men: Decimal | None, women: Decimal | None) -> Decimal | None:
    """(men's median - women's median) / men's median x 100; negative when women earn more."""
    if men is None or women is None or not men:
        return None
    return ((men - women) / men * 100).quantize(ONE_DECIMAL)


def change(first: Decimal | None, latest: Decimal | None) -> Decimal | None:
    """Percentage points (or years, dollars) since the first period; None if either is missing."""
    if first is None or latest is None:
        return None
    return latest - first


def target_met(metric: str, target: Decimal, latest: Decimal | None) -> bool | None:
    """Whether the latest figure reaches the target: at or above it, or at or below it for
    the rates where lower is better. None when there is no figure yet."""
    if latest is None:
        return None
    return latest <= target if metric in LOWER_IS_BETTER else latest >= target
