from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import questionnaires
from ..auth.models import User
from ..capability.models import AssessmentCycle
from ..clock import utcnow
from ..extensions import db
from .activities import Activities, as_text, from_data
from .generator import BUCKETS

STATUSES = ("not_started", "in_progress", "done")


class Plan(db.Model):
    """The implementation plan generated from one cycle's profile."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), unique=True)
    library_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The day the plan was made (or last remade): due dates count from it.
    made_on: Mapped[date]

    cycle: Mapped[AssessmentCycle] = relationship()
    # Items in the plan; removed ones stay in removed_items, ready to be restored.
    items: Mapped[list["PlanItem"]] = relationship(
        primaryjoin="and_(PlanItem.plan_id == Plan.id, PlanItem.removed_at.is_(None))",
        order_by="PlanItem.position", viewonly=True)
    removed_items: Mapped[list["PlanItem"]] = relationship(
        primaryjoin="and_(PlanItem.plan_id == Plan.id, PlanItem.removed_at.is_not(None))",
        order_by="PlanItem.removed_at.desc()", viewonly=True)


class PlanItem(db.Model):
    """One step of the plan: a practice climbing one level (from_level 1-3), keeping level 4
    (from_level 4), or the organization's own item (no practice).

    Goal and key activities are kept in both languages; text edited in one language only
    marks the other as not yet translated. The people involved are names, which have no
    language, or None: the library's suggested role, shown in the reader's language."""

    __table_args__ = (
        CheckConstraint(f"bucket IN {BUCKETS}", name="known_bucket"),
        CheckConstraint(f"status IN {STATUSES}", name="known_status"),
        # An item of last year's plan is carried into a plan once.
        UniqueConstraint("plan_id", "carried_from_id", name="uq_plan_item_carried_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    practice_id: Mapped[str | None] = mapped_column(String(40))
    from_level: Mapped[int | None]
    reasons: Mapped[str] = mapped_column(String(120), default="")
    target_en: Mapped[str] = mapped_column(Text)
    target_es: Mapped[str] = mapped_column(Text)
    target_untranslated: Mapped[str | None] = mapped_column(String(2))
    # The key activities, a line each: English, Spanish, which one lags, funding tag.
    activity_lines: Mapped[list] = mapped_column(JSON)
    lead: Mapped[str | None] = mapped_column(String(300))
    contributors: Mapped[str | None] = mapped_column(String(300))
    stakeholders: Mapped[str | None] = mapped_column(String(300))
    bucket: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date]
    due_set_by_hand: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    # Changed by a person (or added by one): a remade plan keeps it as it is.
    edited: Mapped[bool] = mapped_column(default=False)
    removed_at: Mapped[datetime | None]
    # The unfinished item of the previous cycle's plan this one was carried over from.
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_item.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship()

    # Two people saving the same item: the second save fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}

    @property
    def target(self) -> questionnaires.Text:
        return questionnaires.Text(self.target_en, self.target_es, self.target_untranslated)

    @property
    def activities(self) -> Activities:
        return from_data(self.activity_lines)

    def text(self, field: str, language: str) -> str:
        """The goal, or the activities a line each, as the reader sees them."""
        if field == "activities":
            return as_text(self.activities, language)
        return getattr(self, field).in_language(language)

    def is_translated(self, language: str) -> bool:
        """True when goal and every activity are written in that language."""
        return self.target.is_translated(language) and all(
            a.text.is_translated(language) for a in self.activities)

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
    item: Mapped[PlanItem | None] = relationship()
