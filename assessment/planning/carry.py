"""Carrying the previous plan's unfinished items into a new cycle's plan.

An item carried over keeps its step, goal, key activities, people, period and status; its
due date counts again from the day the new plan was made. When the new plan already has
the same step (made from the new results), the carried item takes its place: the made
one is removed, and can be restored. The carried item counts as edited, so remaking the
plan keeps it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..capability.models import AssessmentCycle
from ..capability.operations import cycles_of
from ..clock import utcnow
from ..extensions import db
from .generator import due_date
from .models import Plan, PlanItem
from .operations import _lock, _record, plan_of


class AlreadyCarried(Exception):
    """An item chosen was carried into this plan before (a second tap, another tab)."""


class NotOffered(Exception):
    """An item chosen is not an unfinished item of the previous plan (a tampered form)."""


def previous_plan(cycle: AssessmentCycle) -> Plan | None:
    """The plan of the latest cycle before this one that has a plan."""
    cycles = cycles_of(cycle.organization)
    earlier = cycles[:[c.id for c in cycles].index(cycle.id)]
    for before in reversed(earlier):
        plan = plan_of(before)
        if plan is not None:
            return plan
    return None


def carried_ids(plan: Plan) -> set[int]:
    """Items of earlier plans already carried into this one (removed ones included)."""
    return set(db.session.scalars(select(PlanItem.carried_from_id).where(
        PlanItem.plan_id == plan.id, PlanItem.carried_from_id.is_not(None))))


def unfinished(previous: Plan | None) -> list[PlanItem]:
    return [item for item in previous.items if item.status != "done"] if previous else []


def offered(plan: Plan) -> list[PlanItem]:
    """The previous plan's unfinished items not yet carried into this plan."""
    taken = carried_ids(plan)
    return [item for item in unfinished(previous_plan(plan.cycle)) if item.id not in taken]


def carry(plan: Plan, item_ids: list[int], user) -> list[PlanItem]:
    """Carry the chosen items into the plan; each change goes to its history."""
    _lock(plan)
    choosable = {item.id: item for item in unfinished(previous_plan(plan.cycle))}
    if any(item_id not in choosable for item_id in item_ids):
        db.session.rollback()
        raise NotOffered()
    if carried_ids(plan) & set(item_ids):
        db.session.rollback()
        raise AlreadyCarried()
    try:
        carried = _copy_into(plan, [choosable[i] for i in sorted(
            set(item_ids), key=lambda i: choosable[i].position)], user)
        db.session.commit()
    except IntegrityError:  # carried by someone else between our check and our write
        db.session.rollback()
        raise AlreadyCarried() from None
    return carried


def _copy_into(plan: Plan, items: list[PlanItem], user) -> list[PlanItem]:
    position = max((i.position for i in plan.items + plan.removed_items), default=0)
    carried = []
    for old in items:
        _replace_same_step(plan, old, user)
        position += 1
        item = PlanItem(
            plan=plan, position=position, practice_id=old.practice_id,
            from_level=old.from_level, reasons=old.reasons, target_en=old.target_en,
            target_es=old.target_es, target_untranslated=old.target_untranslated,
            activity_lines=old.activity_lines, lead=old.lead, contributors=old.contributors,
            stakeholders=old.stakeholders, bucket=old.bucket, status=old.status,
            due_on=due_date(plan.made_on, old.bucket), edited=True, carried_from_id=old.id)
        db.session.add(item)
        db.session.flush()
        _record(plan, item, user, "carried", "", item.target.en)
        carried.append(item)
    return carried


def _replace_same_step(plan: Plan, old: PlanItem, user) -> None:
    if old.practice_id is None:
        return
    for item in plan.items:
        if (item.practice_id, item.from_level) == (old.practice_id, old.from_level) \
                and item.carried_from_id is None:
            item.removed_at = utcnow()
            item.edited = True
            _record(plan, item, user, "removed", item.target.en, "")
