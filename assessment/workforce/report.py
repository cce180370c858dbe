"""The workforce figures as plain text rows, for the plan PDF and the coach's pages.

Called under the reader's locale (gettext); no request needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _

from ..peer_pay import peer_pay
from . import figures, messages, operations
from .metrics import Period
from .targets import targets_of

MAX_PERIODS = 5   # the first period (the baseline) and the latest four


@dataclass(frozen=True)
class WorkforceTable:
    headers: list[str]
    rows: list[list[str]]
    notes: list[str]


def period_name(period: Period) -> str:
    if period.quarter:
        return _("%(year)s, quarter %(quarter)s", year=period.year, quarter=period.quarter)
    return str(period.year)


def rate_text(value: Decimal | None) -> str:
    return _("no figure") if value is None else f"{value} %"


def points_text(value: Decimal | None) -> str:
    return "—" if value is None else _("%(points)s points", points=f"{value:+.1f}")


def dollars(value) -> str:
    return _("no figure") if value in (None, "") else f"${value}"


def workforce_table(organization, items=(), language: str = "en") -> WorkforceTable | None:
    """items: the printed plan's items, whose measurable targets are listed under the table."""
    periods = figures.comparable(operations.periods_of(organization.id))
    if not periods:
        return None
    if len(periods) > MAX_PERIODS:
        periods = [periods[0]] + periods[-(MAX_PERIODS - 1):]
    trend = figures.trend(periods)
    headers = [_("Figure")] + [period_name(p.period) for p in periods]
    several = len(periods) > 1
    if several:
        headers.append(_("Change since %(period)s", period=period_name(periods[0].period)))
    rows = []
    for row in trend:
        cells = [str(messages.METRIC_LABELS[row.metric])] + [rate_text(v) for v in row.values]
        rows.append(cells + ([points_text(row.change)] if several else []))
    return WorkforceTable(headers, rows, pay_notes(organization, periods[-1])
                          + target_notes(organization, items, language))


def target_notes(organization, items, language: str) -> list[str]:
    views = targets_of(organization.id)
    notes = []
    for item in items:
        view = views.get(item.id)
        if view is None:
            continue
        goal = item.text("target", language)
        goal = goal if len(goal) <= 80 else goal[:79] + "…"
        if view.latest is None:
            status = _("no figure yet")
        elif view.met:
            status = _("latest %(value)s %%: reached", value=view.latest)
        else:
            status = _("latest %(value)s %%: not yet reached", value=view.latest)
        notes.append(_("Target for “%(goal)s”: %(figure)s %(value)s %% by %(date)s; %(status)s.",
                       goal=goal, figure=messages.METRIC_LABELS[view.target.metric],
                       value=view.target.value, date=format_date(view.by, "long"),
                       status=status))
    return notes


def pay_notes(organization, latest) -> list[str]:
    pay = (latest.details or {}).get("pay", {}).get("overall", {})
    notes = [_("Median hourly pay, %(period)s: women %(women)s, men %(men)s; pay gap %(gap)s.",
               period=period_name(latest.period), women=dollars(pay.get("female")),
               men=dollars(pay.get("male")), gap=rate_text(figures.pay_gap(pay)))]
    region = peer_pay().for_region(organization.hhs_region)
    if region:
        notes.append(_("Peer specialists in HHS region %(n)s (seed 003): women %(women)s, "
                       "men %(men)s; pay gap %(gap)s.", n=region.region,
                       women=dollars(region.female), men=dollars(region.male),
                       gap=rate_text(region.gap_percent)))
    else:
        notes.append(_("HHS region not set, so no regional pay to compare with."))
    return notes
