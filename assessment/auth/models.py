from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..organizations.models import Organization, coach_assignments
from .roles import ROLES, Role


class User(UserMixin, db.Model):
    __table_args__ = (
        CheckConstraint(f"role IN {tuple(ROLES)}", name="known_role"),
        CheckConstraint("role = 'lead' OR organization_id IS NULL", name="only_leads_belong"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization | None] = relationship(back_populates="leads")
    coached_organizations: Mapped[list[Organization]] = relationship(
        secondary=coach_assignments, back_populates="coaches", order_by="Organization.name"
    )

    # Flask-Login keeps this in the cookie instead of the user id: it names one
    # server-side session, so ending that row ends the login everywhere.
    session_token = None  # str | None; a plain attribute, not a column

    def get_id(self) -> str | None:
        return self.session_token

    def has_role(self, role: Role) -> bool:
        return self.role == role

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class UserSession(db.Model):
    """One login. The cookie holds the token; only its digest is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LoginFailure(db.Model):
    """A failed login, keyed by a keyed digest of the client or the account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
