"""Measurable targets on plan items, read against the latest workforce figure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from . import figures, metrics, operations
from .models import MetricTarget

MONTHS = (3, 6, 12, 24)


@dataclass(frozen=True)
class TargetView:
    target: MetricTarget
    by: date                         # set_on + within_months
    latest: Decimal | None           # the latest comparable period's figure
    latest_period: metrics.Period | None
    met: bool | None                 # None: no figure yet


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def targets_of(organization_id: int) -> dict[int, TargetView]:
    """plan item id -> its target with the latest figure, in two queries."""
    rows = list(db.session.scalars(select(MetricTarget).filter_by(
        organization_id=organization_id)))
    if not rows:
        return {}
    periods = figures.comparable(operations.periods_of(organization_id))
    latest = periods[-1] if periods else None
    rates = metrics.rates(latest.counts) if latest else {}
    return {row.plan_item_id: TargetView(
        row, add_months(row.set_on, row.within_months), rates.get(row.metric),
        latest.period if latest else None,
        metrics.target_met(row.metric, row.value, rates.get(row.metric))) for row in rows}


def set_target(item, organization_id: int, metric: str, value: Decimal, months: int,
               today: date, user_id: int | None) -> MetricTarget:
    row = db.session.scalar(select(MetricTarget).filter_by(plan_item_id=item.id))
    if row is None:
        row = MetricTarget(plan_item_id=item.id, organization_id=organization_id)
        db.session.add(row)
    row.metric, row.value, row.within_months = metric, value, months
    row.set_on, row.user_id = today, user_id
    db.session.commit()
    return row


def remove_target(item) -> None:
    row = db.session.scalar(select(MetricTarget).filter_by(plan_item_id=item.id))
    if row is not None:
        db.session.delete(row)
        db.session.commit()
