from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..capability.models import AssessmentCycle
from ..clock import utcnow
from ..extensions import db
from .generator import BUCKETS

STATUSES = ("not_started", "in_progress", "done")


class Plan(db.Model):
    """The implementation plan generated from one cycle's profile."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), unique=True)
    library_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[AssessmentCycle] = relationship()
    items: Mapped[list["PlanItem"]] = relationship(
        back_populates="plan", order_by="PlanItem.position", cascade="all, delete-orphan")


class PlanItem(db.Model):
    """One row of the plan. Texts are kept in both languages; the names of the people
    involved are one text for both (None: show the library's suggested roles)."""

    __table_args__ = (
        CheckConstraint(f"bucket IN {BUCKETS}", name="known_bucket"),
        CheckConstraint(f"status IN {STATUSES}", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    practice_id: Mapped[str | None] = mapped_column(String(40))
    from_level: Mapped[int | None]
    reasons: Mapped[str] = mapped_column(String(120), default="")
    target_en: Mapped[str] = mapped_column(Text)
    target_es: Mapped[str] = mapped_column(Text)
    activities_en: Mapped[str] = mapped_column(Text)
    activities_es: Mapped[str] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(String(300))
    contributors: Mapped[str | None] = mapped_column(String(300))
    stakeholders: Mapped[str | None] = mapped_column(String(300))
    bucket: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="items")

    # Two people saving the same item: the second save fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}

    def text(self, field: str, language: str) -> str:
        return getattr(self, f"{field}_{'es' if language == 'es' else 'en'}")

    def is_overdue(self, today: date) -> bool:
        return self.status != "done" and self.due_on < today


class PlanChange(db.Model):
    """The dated history: who changed what, from what, to what."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_item.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()
