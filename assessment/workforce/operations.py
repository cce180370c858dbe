"""Keeping and reading an organization's workforce periods.

A draft (the figures of one period, typed or read from a roster) travels signed in the
form between the preview and the save, so the roster itself is never written anywhere.
"""
from __future__ import annotations

from decimal import Decimal

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..organizations.models import Organization
from .metrics import Counts, Period
from .models import COUNT_FIELDS, WorkforcePeriod

DRAFT_SALT = "workforce-draft"
DRAFT_MAX_AGE = 2 * 60 * 60  # a preview left open longer than this must be uploaded again


def make_draft(organization: Organization, period: Period, source: str, counts: Counts,
               summary: dict) -> dict:
    return {"org": organization.id, "year": period.year, "quarter": period.quarter or 0,
            "source": source, "counts": {name: getattr(counts, name) for name in COUNT_FIELDS},
            "summary": summary}


def sign_draft(secret_key: str, draft: dict) -> str:
    return URLSafeTimedSerializer(secret_key, salt=DRAFT_SALT).dumps(draft)


def read_draft(secret_key: str, token: str, organization: Organization) -> dict | None:
    """The draft, if it is ours, recent, and for this organization; else None."""
    try:
        draft = URLSafeTimedSerializer(secret_key, salt=DRAFT_SALT).loads(
            token or "", max_age=DRAFT_MAX_AGE)
    except BadSignature:
        return None
    return draft if isinstance(draft, dict) and draft.get("org") == organization.id else None


def draft_period(draft: dict) -> Period:
    return Period(draft["year"], draft["quarter"] or None)


def find_period(organization: Organization, period: Period) -> WorkforcePeriod | None:
    return db.session.scalar(select(WorkforcePeriod).filter_by(
        organization_id=organization.id, year=period.year, quarter=period.quarter or 0))


def periods_of(organization_id: int) -> list[WorkforcePeriod]:
    """Oldest first."""
    return list(db.session.scalars(select(WorkforcePeriod).filter_by(
        organization_id=organization_id).order_by(WorkforcePeriod.year,
                                                  WorkforcePeriod.quarter)))


def save_draft(organization: Organization, draft: dict, user_id: int | None,
               replace: bool) -> WorkforcePeriod | None:
    """The kept period; None when it exists already and replacing was not confirmed
    (also when another save of the same period won a race)."""
    period = draft_period(draft)
    row = find_period(organization, period)
    if row is not None and not replace:
        return None
    if row is None:
        row = WorkforcePeriod(organization_id=organization.id, year=period.year,
                              quarter=period.quarter or 0)
        db.session.add(row)
    summary = draft["summary"]
    for name in COUNT_FIELDS:
        setattr(row, name, draft["counts"][name])
    row.source = draft["source"]
    row.average_tenure = _decimal(summary.get("average_tenure"))
    pay = summary.get("pay", {}).get("overall", {})
    row.median_pay_female = _decimal(pay.get("female"))
    row.median_pay_male = _decimal(pay.get("male"))
    row.details = summary
    row.user_id = user_id
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return row


def delete_period(row: WorkforcePeriod) -> None:
    db.session.delete(row)
    db.session.commit()


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)
