"""Sending raters their link by email, and reminding those who have not finished."""
from __future__ import annotations

from ..clock import utcnow
from ..extensions import db
from ..mail import messages
from .models import AssessmentCycle, Rater


def invite(rater: Rater, email: str, language: str, sender_name: str) -> bool:
    """Keep the rater's address and language and queue the invitation with their link."""
    rater.email, rater.language = email, language
    rater.invited_at = utcnow()
    db.session.commit()
    return messages.rater_invitation(rater, sender_name) is not None


def waiting_raters(cycle: AssessmentCycle) -> list[Rater]:
    """Raters with an email address whose link works and who have not finished."""
    return [rater for rater in cycle.raters
            if rater.email and not rater.revoked_at and not rater.finished_at]


def remind(cycle: AssessmentCycle, sender_name: str) -> int:
    raters = waiting_raters(cycle)
    now = utcnow()
    for rater in raters:
        rater.reminded_at = now
    db.session.commit()
    return sum(1 for rater in raters if messages.rater_reminder(rater, sender_name))
