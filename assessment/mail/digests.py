"""What the daily and weekly emails say, and the survey-closed notes: found by
`flask send-mail`, each told about once."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from ..auth.models import User
from ..capability.models import AssessmentCycle
from ..comments.models import Comment
from ..extensions import db
from ..organizations.models import Organization, coach_assignments
from ..planning.models import Plan, PlanItem
from ..survey.models import SurveyWave
from ..survey.stats import sent_counts
from . import messages

DUE_SOON = timedelta(days=14)
WEEK = timedelta(days=7)
# A survey that closed long before the mail was set up is not announced.
SURVEY_NOTE_WITHIN = timedelta(days=7)


def _recipients(flag) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.active.is_(True), User.role.in_(("lead", "coach")), flag.is_(True))
        .order_by(User.id)))


def _organization_ids(user: User) -> list[int]:
    if user.role == "lead":
        return [user.organization_id] if user.organization_id else []
    return list(db.session.scalars(select(coach_assignments.c.organization_id).where(
        coach_assignments.c.coach_id == user.id)))


def _grouped(rows) -> list[tuple[Organization, list]]:
    groups: dict[int, list] = defaultdict(list)
    organizations = {}
    for organization, entry in rows:
        organizations[organization.id] = organization
        groups[organization.id].append(entry)
    return [(organizations[i], groups[i])
            for i in sorted(groups, key=lambda i: organizations[i].name.lower())]


def _comment_entry(comment: Comment, language: str) -> tuple:
    from ..comments.views import subject_label  # the thread's own name for its subject

    cycle = db.session.get(AssessmentCycle, comment.cycle_id)
    item = db.session.get(PlanItem, comment.plan_item_id) if comment.plan_item_id else None
    subject = subject_label(cycle, comment.practice_id, item, language)
    if item is not None:
        url = messages.link("plan.show", org_id=cycle.organization_id, cycle_id=cycle.id,
                            _anchor=f"item-{item.id}")
    else:
        url = messages.link("capability.profile", org_id=cycle.organization_id,
                            cycle_id=cycle.id, _anchor=f"comments-{comment.practice_id}")
    return cycle.organization, (comment, subject, url)


def comment_digests(now: datetime) -> int:
    """Once a day, to each lead and coach: comments by others on their organizations
    since their last digest (or the last day)."""
    queued = 0
    for user in _recipients(User.mail_comment_digest):
        through = user.comments_mailed_through
        if through is not None and through.date() == now.date():
            continue
        since = through or now - timedelta(days=1)
        organizations = _organization_ids(user)
        comments = list(db.session.scalars(
            select(Comment).join(AssessmentCycle, Comment.cycle_id == AssessmentCycle.id)
            .where(AssessmentCycle.organization_id.in_(organizations),
                   Comment.created_at > since, Comment.created_at <= now,
                   (Comment.author_id.is_(None)) | (Comment.author_id != user.id))
            .order_by(Comment.created_at))) if organizations else []
        user.comments_mailed_through = now
        if not comments:
            db.session.commit()
            continue
        language = messages.language_of(user)
        groups = _grouped(_comment_entry(c, language) for c in comments)
        if messages.comment_digest(user, groups, f"comments:{user.id}:{now.date()}"):
            queued += 1
    return queued


def _latest_plans(organization_ids: list[int]) -> list[int]:
    """The plan of each organization's newest cycle that has one."""
    newest = (select(func.max(AssessmentCycle.id)).join(Plan, Plan.cycle_id == AssessmentCycle.id)
              .where(AssessmentCycle.organization_id.in_(organization_ids))
              .group_by(AssessmentCycle.organization_id))
    return list(db.session.scalars(select(Plan.id).where(Plan.cycle_id.in_(newest))))


def plan_digests(today: date) -> int:
    """Once a week, to each lead and coach: unfinished items of their organizations'
    current plans that are overdue or due within two weeks."""
    from ..planning.views import item_name

    queued = 0
    for user in _recipients(User.mail_plan_digest):
        if user.plan_digest_on is not None and today - user.plan_digest_on < WEEK:
            continue
        plans = _latest_plans(_organization_ids(user))
        items = list(db.session.scalars(
            select(PlanItem).where(PlanItem.plan_id.in_(plans), PlanItem.removed_at.is_(None),
                                   PlanItem.status != "done",
                                   PlanItem.due_on <= today + DUE_SOON)
            .order_by(PlanItem.due_on, PlanItem.position))) if plans else []
        user.plan_digest_on = today
        if not items:
            db.session.commit()
            continue
        language = messages.language_of(user)
        groups = _grouped(
            (item.plan.cycle.organization,
             (item, item_name(item, language),
              messages.link("plan.show", org_id=item.plan.cycle.organization_id,
                            cycle_id=item.plan.cycle_id, _anchor=f"item-{item.id}")))
            for item in items)
        if messages.plan_digest(user, groups, today, f"plan:{user.id}:{today}"):
            queued += 1
    return queued


def survey_closed_notes(today: date) -> int:
    """To each lead of the organization, once, when a staff survey has closed."""
    waves = [wave for wave in db.session.scalars(select(SurveyWave).where(
        SurveyWave.closes_on >= today - SURVEY_NOTE_WITHIN - timedelta(days=1)))
        if wave.is_closed(today) and wave.last_day >= today - SURVEY_NOTE_WITHIN]
    if not waves:
        return 0
    counts = sent_counts([wave.id for wave in waves])
    queued = 0
    for wave in waves:
        leads = db.session.scalars(select(User).where(
            User.organization_id == wave.organization_id, User.role == "lead",
            User.active.is_(True), User.mail_survey_closed.is_(True)))
        for user in leads:
            if messages.survey_closed(user, wave, counts.get(wave.id, 0),
                                      f"survey-closed:{wave.id}:{user.id}"):
                queued += 1
    return queued
