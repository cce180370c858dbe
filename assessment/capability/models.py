from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization

if TYPE_CHECKING:
    from ..auth.models import User


class AssessmentCycle(db.Model):
    """One round of the capability self-assessment, e.g. "2026 baseline"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    questionnaire_id: Mapped[str] = mapped_column(String(40))
    questionnaire_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    raters: Mapped[list["Rater"]] = relationship(
        back_populates="cycle", order_by="Rater.id", cascade="all, delete-orphan")
    events: Mapped[list["CycleEvent"]] = relationship(
        order_by="CycleEvent.id", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Rater(db.Model):
    """A member of the assessment team, reached through a personal link."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # The link's secret. Kept readable so the lead can copy the link again; it
    # opens only this rater's answers to this one cycle.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # Optional: where the invitation and reminders go, and in which language.
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(2))
    invited_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    cycle: Mapped[AssessmentCycle] = relationship(back_populates="raters")
    ratings: Mapped[list["Rating"]] = relationship(
        back_populates="rater", cascade="all, delete-orphan")


class Rating(db.Model):
    """One rater's answer for one practice: a level, or "not sure" (level NULL)."""

    __table_args__ = (
        UniqueConstraint("rater_id", "practice_id", name="uq_rating_rater_practice"),
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 4", name="level_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("rater.id", ondelete="CASCADE"), index=True)
    practice_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(Text, default="")
    questionnaire_id: Mapped[str] = mapped_column(String(40))
    questionnaire_version: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    rater: Mapped[Rater] = relationship(back_populates="ratings")


class PracticeScore(db.Model):
    """A cycle's scored practice, kept up to date as ratings change, so dashboards across
    many organizations aggregate it in SQL. The scoring functions stay the one source."""

    __table_args__ = (UniqueConstraint("cycle_id", "practice_id",
                                       name="uq_practice_score_cycle_practice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    practice_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None]
    lowest: Mapped[int | None]
    highest: Mapped[int | None]
    rater_count: Mapped[int] = mapped_column(default=0)
    not_sure_count: Mapped[int] = mapped_column(default=0)


class CycleEvent(db.Model):
    """The cycle's history: who closed or reopened it, and when."""

    __table_args__ = (CheckConstraint("action IN ('closed', 'reopened')", name="known_action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User | None"] = relationship()
