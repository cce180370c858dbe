from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db


class Comment(db.Model):
    """A message in the thread of one practice of a cycle, or of one plan item, between
    the organization's lead and its coach."""

    __table_args__ = (CheckConstraint("(practice_id IS NULL) <> (plan_item_id IS NULL)",
                                      name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_cycle.id", ondelete="CASCADE"), index=True)
    practice_id: Mapped[str | None] = mapped_column(String(40))
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
