"""An organization's career lattice: one private draft and its dated published versions.

The lattice is a small document edited and published as a whole (see document.py), so the
draft and each version keep it as JSON. The latest version is what staff see at the
lattice's short link; publishing again adds a version and never changes an older one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization
from .document import Lattice, from_data


class CareerLattice(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), unique=True)
    # The short link's code: /l/<code> shows the latest published version.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    draft: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    published: Mapped[list["LatticeVersion"]] = relationship(
        order_by="LatticeVersion.number", cascade="all, delete-orphan",
        back_populates="lattice")

    # Two people saving the draft at once: the second save fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}

    @property
    def document(self) -> Lattice:
        return from_data(self.draft)

    @property
    def latest(self) -> "LatticeVersion | None":
        return self.published[-1] if self.published else None


class LatticeVersion(db.Model):
    __table_args__ = (UniqueConstraint("lattice_id", "number", name="uq_lattice_version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lattice_id: Mapped[int] = mapped_column(
        ForeignKey("career_lattice.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    data: Mapped[dict] = mapped_column(JSON)

    lattice: Mapped[CareerLattice] = relationship(back_populates="published")

    @property
    def document(self) -> Lattice:
        """A published version never changes, so its document is read once per process
        (checked against its lattice, number and time, should a deleted row's id return)."""
        which = (self.lattice_id, self.number, self.published_at)
        document = _published.get(self.id)
        if document is None or document[0] != which:
            if len(_published) >= PUBLISHED_KEPT:
                _published.clear()
            document = _published[self.id] = (which, from_data(self.data))
        return document[1]


PUBLISHED_KEPT = 2048  # published documents kept per process; past it the store starts afresh
_published: dict[int, tuple[tuple, Lattice]] = {}
