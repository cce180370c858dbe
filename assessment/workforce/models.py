from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization
from .metrics import Counts, Period


class WorkforcePeriod(db.Model):
    """One reporting period's workforce aggregates for an organization, typed by hand or
    computed from a roster that was read and dropped. No row about any person is kept."""

    __table_args__ = (
        UniqueConstraint("organization_id", "year", "quarter", name="uq_workforce_period"),
        CheckConstraint("quarter BETWEEN 0 AND 4", name="quarter_in_range"),
        CheckConstraint("source IN ('entered', 'roster')", name="known_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    quarter: Mapped[int] = mapped_column(default=0)  # 0: the whole year
    source: Mapped[str] = mapped_column(String(10))
    headcount_start: Mapped[int]
    headcount_end: Mapped[int]
    hires: Mapped[int] = mapped_column(default=0)
    promotions: Mapped[int] = mapped_column(default=0)
    internal_fills: Mapped[int] = mapped_column(default=0)
    separations_voluntary: Mapped[int] = mapped_column(default=0)
    separations_involuntary: Mapped[int] = mapped_column(default=0)
    separations_other: Mapped[int] = mapped_column(default=0)
    retained: Mapped[int | None]
    budgeted_positions: Mapped[int | None]
    vacant_positions: Mapped[int | None]
    average_tenure: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    median_pay_female: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    median_pay_male: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    # Caseload lines, pay by role, breakdowns: already cleared by the small-group rule.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter or None)

    @property
    def counts(self) -> Counts:
        return Counts(**{name: getattr(self, name) for name in COUNT_FIELDS})


COUNT_FIELDS = tuple(Counts.__dataclass_fields__)


class MetricTarget(db.Model):
    """A plan item's measurable target, e.g. internal fill rate 40 % within 12 months.
    Kept beside the plan item (not in it) and read against the latest period's figure."""

    __table_args__ = (
        CheckConstraint("within_months BETWEEN 1 AND 60", name="months_in_range"),
        CheckConstraint("value >= 0 AND value <= 100", name="value_is_a_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    within_months: Mapped[int]
    set_on: Mapped[date]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
