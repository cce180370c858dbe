"""Comment threads on practices and plan items."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..capability.models import AssessmentCycle
from ..extensions import db
from .models import Comment


def add(cycle: AssessmentCycle, author, body: str, practice_id: str | None = None,
        plan_item_id: int | None = None) -> Comment:
    comment = Comment(cycle_id=cycle.id, practice_id=practice_id, plan_item_id=plan_item_id,
                      author_id=author.id, body=body)
    db.session.add(comment)
    db.session.commit()
    return comment


def latest_in(organization_id: int) -> Comment | None:
    """The organization's most recent comment, on any cycle."""
    return db.session.scalar(
        select(Comment).join(AssessmentCycle, Comment.cycle_id == AssessmentCycle.id)
        .where(AssessmentCycle.organization_id == organization_id)
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(1))


def threads(cycle: AssessmentCycle) -> dict[str | int, list[Comment]]:
    """Practice id or plan item id -> its comments, oldest first."""
    found: dict[str | int, list[Comment]] = defaultdict(list)
    # Every thread names its authors: read them with the comments, not one by one.
    for comment in db.session.scalars(select(Comment).where(Comment.cycle_id == cycle.id)
                                      .options(joinedload(Comment.author))
                                      .order_by(Comment.created_at, Comment.id)):
        found[comment.practice_id or comment.plan_item_id].append(comment)
    return found
