from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, false, true
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
    # A deactivated account cannot log in, and its open sessions stop working.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Set with a starting password from the administrator: changed at the first login.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # "en" or "es" for emails and, after login, pages; None: the browser's language.
    language: Mapped[str | None] = mapped_column(String(2))
    # Each kind of message a person can turn off (see mail/messages.py).
    mail_comment_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_plan_digest: Mapped[bool] = mapped_column(default=True, server_default=true())
    mail_survey_closed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Where the last digests stopped, so each comment or week is told about once.
    comments_mailed_through: Mapped[datetime | None]
    plan_digest_on: Mapped[date | None]

    organization: Mapped[Organization | None] = relationship(back_populates="leads")
    coached_organizations: Mapped[list[Organization]] = relationship(
        secondary=coach_assignments, back_populates="coaches", order_by="Organization.name"
    )

    # Flask-Login keeps this in the cookie instead of the user id: it names one
    # server-side session, so ending that row ends the login everywhere.
    session_token = None  # str | None; a plain attribute, not a column

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to log in an inactive user
        return self.active

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


class PasswordReset(db.Model):
    """A one-time link to set a new password. Only the token's digest is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
