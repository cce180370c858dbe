"""What the organization page gathers from elsewhere: comment threads waiting for the
reader's answer, the latest plan, and the survey that stands for the organization."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..capability.models import AssessmentCycle
from ..comments.models import Comment
from ..extensions import db
from ..planning.models import Plan, PlanItem


@dataclass(frozen=True)
class Waiting:
    """A thread whose last comment is someone else's: the reader owes an answer."""
    cycle: AssessmentCycle
    practice_id: str | None
    item: PlanItem | None
    last: Comment


def waiting_threads(organization_id: int, viewer_id: int) -> list[Waiting]:
    """Every thread of the organization whose latest comment the viewer did not write,
    newest first. Threads of items removed from the plan are left out: nobody can
    answer them there."""
    latest: dict[tuple, Comment] = {}
    for comment in db.session.scalars(
            select(Comment).join(AssessmentCycle, Comment.cycle_id == AssessmentCycle.id)
            .where(AssessmentCycle.organization_id == organization_id)
            .order_by(Comment.created_at, Comment.id)):
        latest[(comment.cycle_id, comment.practice_id, comment.plan_item_id)] = comment
    waiting = []
    for (cycle_id, practice_id, item_id), last in latest.items():
        if last.author_id == viewer_id:
            continue
        item = db.session.get(PlanItem, item_id) if item_id else None
        if item is not None and item.removed_at is not None:
            continue
        waiting.append(Waiting(db.session.get(AssessmentCycle, cycle_id), practice_id, item,
                               last))
    return sorted(waiting, key=lambda w: (w.last.created_at, w.last.id), reverse=True)


def latest_plan(organization_id: int) -> Plan | None:
    """The plan of the organization's latest cycle that has one."""
    return db.session.scalar(
        select(Plan).join(AssessmentCycle, Plan.cycle_id == AssessmentCycle.id)
        .where(AssessmentCycle.organization_id == organization_id)
        .order_by(AssessmentCycle.starts_on.desc(), AssessmentCycle.id.desc()).limit(1))


def closed_day(cycle: AssessmentCycle) -> date | None:
    return cycle.closed_at.date() if cycle.closed_at else None
