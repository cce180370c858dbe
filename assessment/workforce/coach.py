"""Workforce figures across a coach's organizations: latest rates, cohort spread, export."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from functools import cache
from typing import Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..organizations.models import Organization
from . import figures, messages, metrics
from .models import COUNT_FIELDS, WorkforcePeriod
from .report import period_name, rate_text

# The rates the coach's pages show side by side (all of them go into the export).
HEADLINE = ("promotion_rate", "internal_fill_rate", "retention_rate", "turnover_rate")


@dataclass(frozen=True)
class OrganizationFigures:
    organization_id: int
    name: str
    latest: WorkforcePeriod | None
    rates: dict[str, Decimal | None]
    changes: dict[str, Decimal | None]     # since the organization's first comparable period


def portfolio(org_ids: list[int]) -> list[OrganizationFigures]:
    """One line per organization (by name), in two queries whatever their number."""
    if not org_ids:
        return []
    names = dict(db.session.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_(org_ids))).all())
    periods: dict[int, list[WorkforcePeriod]] = {org_id: [] for org_id in names}
    for row in db.session.scalars(select(WorkforcePeriod).where(
            WorkforcePeriod.organization_id.in_(org_ids)).order_by(
            WorkforcePeriod.organization_id, WorkforcePeriod.year, WorkforcePeriod.quarter)):
        periods[row.organization_id].append(row)
    lines = []
    for org_id, name in sorted(names.items(), key=lambda item: item[1].lower()):
        shown = figures.comparable(periods[org_id])
        trend = {row.metric: row for row in figures.trend([_Counted(p.counts) for p in shown])}
        lines.append(OrganizationFigures(
            org_id, name, shown[-1] if shown else None,
            {metric: trend[metric].values[-1] if shown else None for metric in metrics.RATES},
            {metric: trend[metric].change if shown else None for metric in metrics.RATES}))
    return lines


@dataclass(frozen=True)
class Spread:
    organizations: int
    median: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None


def spread(values: list[Decimal | None]) -> Spread:
    """Median and range across organizations, of those that have the figure."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return Spread(0, None, None, None)
    return Spread(len(known), Decimal(median(known)).quantize(metrics.ONE_DECIMAL),
                  known[0], known[-1])


def cohort(lines: list[OrganizationFigures]) -> dict[str, Spread]:
    return {metric: spread([line.rates[metric] for line in lines]) for metric in metrics.RATES}


def portfolio_in_chunks(org_ids: list[int], chunk: int = 50
                        ) -> Iterator[OrganizationFigures]:
    """portfolio's lines, by name, read a chunk of organizations at a time, for an export
    whose memory stays flat."""
    ordered = [org_id for org_id, name in sorted(db.session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))).all(),
        key=lambda item: item[1].lower())]
    for start in range(0, len(ordered), chunk):
        yield from portfolio(ordered[start:start + chunk])


def export(lines: Iterable[OrganizationFigures]) -> tuple[list[str], Iterator[list]]:
    header = [_("Organization"), _("Latest period"), _("Source")]
    for metric in metrics.RATES:
        label = str(messages.METRIC_LABELS[metric])
        header += [label, _("%(figure)s: change since the first period", figure=label)]
    header += [_("Staff at the start"), _("Staff at the end"),
               _("Median hourly pay of women"), _("Median hourly pay of men"), _("Pay gap")]
    return header, _export_rows(lines)


def _export_rows(lines: Iterable[OrganizationFigures]) -> Iterator[list]:
    for line in lines:
        latest = line.latest
        row = [line.name, period_name(latest.period) if latest else "",
               (_("roster") if latest.source == "roster" else _("typed by hand")) if latest
               else ""]
        for metric in metrics.RATES:
            row += [_blank(line.rates[metric]), _blank(line.changes[metric])]
        pay = (latest.details or {}).get("pay", {}).get("overall", {}) if latest else {}
        row += [latest.headcount_start if latest else "", latest.headcount_end if latest else "",
                pay.get("female") or "", pay.get("male") or "",
                _blank(figures.pay_gap(pay))]
        yield row


def _blank(value: Decimal | None) -> str:
    """Spreadsheets get numbers, or an empty cell for "no figure" (never 0)."""
    return "" if value is None else str(value)


def page_data(org_ids: list[int]) -> dict:
    """What the dashboard and cohort partials need."""
    lines = portfolio(org_ids)
    return {"lines": lines, "cohort": cohort(lines), "headline": HEADLINE,
            "reporting": sum(1 for line in lines if line.latest),
            "labels": messages.METRIC_LABELS, "period_name": period_name,
            "rate_text": rate_text}


@dataclass(frozen=True)
class _Counted:
    """A period's counts worked out once: trend reads them once for every rate."""
    counts: metrics.Counts


@cache
def _latest_periods():
    ranked = select(WorkforcePeriod, func.row_number().over(
        partition_by=WorkforcePeriod.organization_id,
        order_by=(WorkforcePeriod.year.desc(), WorkforcePeriod.quarter.desc())).label("rank")
    ).where(WorkforcePeriod.organization_id.in_(bindparam("org_ids", expanding=True))).subquery()
    return select(*(ranked.c[name] for name in COUNT_FIELDS)).where(ranked.c.rank == 1)


def cohort_data(org_ids: list[int]) -> dict:
    """What the dashboard and cohort partials show: how many organizations report and each
    rate's spread across their latest periods, read from those periods only."""
    rates: dict[str, list[Decimal | None]] = {metric: [] for metric in metrics.RATES}
    reporting = 0
    if org_ids:
        for row in db.session.execute(_latest_periods(), {"org_ids": org_ids}):
            reporting += 1
            counts = metrics.Counts(**dict(zip(COUNT_FIELDS, row)))
            for metric, rule in metrics.RATES.items():
                rates[metric].append(rule(counts))
    return {"reporting": reporting,
            "cohort": {metric: spread(values) for metric, values in rates.items()},
            "headline": HEADLINE, "labels": messages.METRIC_LABELS,
            "period_name": period_name, "rate_text": rate_text}
