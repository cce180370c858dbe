from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db

coach_assignments = Table(
    "coach_assignment",
    db.metadata,
    Column("coach_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
)


class Organization(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    # HHS region 1-10, for seed 003's regional peer pay shown beside the organization's own.
    hhs_region: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coaches: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=coach_assignments, back_populates="coached_organizations",
        order_by="User.name",
    )
    leads: Mapped[list["User"]] = relationship(  # noqa: F821
        back_populates="organization", order_by="User.name",
    )

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"
