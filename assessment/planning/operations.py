"""Make, edit and track a plan; every change is written to the plan's history."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..capability import operations as capability
from ..capability.models import AssessmentCycle
from ..extensions import db
from .generator import generate_plan
from .library import library
from .models import Plan, PlanChange, PlanItem

EDITABLE = ("target_en", "target_es", "activities_en", "activities_es", "lead", "contributors",
            "stakeholders", "bucket", "due_on", "status")


class StaleItem(Exception):
    """Someone saved the item since this form was opened."""

    def __init__(self, current: PlanItem):
        super().__init__("stale plan item")
        self.current = current


def plan_of(cycle: AssessmentCycle) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.cycle_id == cycle.id))


def create_plan(cycle: AssessmentCycle, user, staff_agreement=None) -> Plan:
    """Generate the plan from the cycle's profile (once per cycle)."""
    current_library = library()
    drafts = generate_plan(capability.cycle_profile(cycle), capability.cycle_rubric(cycle),
                           current_library, cycle.starts_on, staff_agreement)
    plan = Plan(cycle=cycle, library_version=current_library.version)
    for position, draft in enumerate(drafts, start=1):
        plan.items.append(PlanItem(
            position=position, practice_id=draft.practice_id, from_level=draft.from_level,
            reasons=",".join(draft.reasons), target_en=draft.target.en, target_es=draft.target.es,
            activities_en="\n".join(a.text.en for a in draft.activities),
            activities_es="\n".join(a.text.es for a in draft.activities),
            bucket=draft.bucket, due_on=draft.due_on))
    db.session.add(plan)
    db.session.flush()
    _record(plan, None, user, "plan", "", str(len(drafts)))
    db.session.commit()
    return plan


def _record(plan: Plan, item: PlanItem | None, user, field: str, old, new) -> None:
    db.session.add(PlanChange(plan_id=plan.id, item_id=item.id if item else None,
                              user_id=user.id if user else None, field=field,
                              old_value="" if old is None else str(old),
                              new_value="" if new is None else str(new)))


def update_item(item: PlanItem, seen_version: int, changes: dict, user) -> list[str]:
    """Apply changes made on a form opened at seen_version; return the changed fields."""
    if item.version != seen_version:
        raise StaleItem(item)
    changed = []
    for field, value in changes.items():
        if field not in EDITABLE:
            raise ValueError(f"{field} cannot be edited")
        if getattr(item, field) != value:
            _record(item.plan, item, user, field, getattr(item, field), value)
            setattr(item, field, value)
            changed.append(field)
    try:
        db.session.commit()
    except StaleDataError:  # saved by someone else between our read and our write
        db.session.rollback()
        raise StaleItem(db.session.get(PlanItem, item.id)) from None
    return changed


def add_item(plan: Plan, values: dict, user) -> PlanItem:
    item = PlanItem(plan=plan, position=max((i.position for i in plan.items), default=0) + 1,
                    **values)
    db.session.add(item)
    db.session.flush()
    _record(plan, item, user, "added", "", item.text("target", "en"))
    db.session.commit()
    return item


def remove_item(item: PlanItem, user) -> None:
    _record(item.plan, item, user, "removed", item.text("target", "en"), "")
    db.session.delete(item)
    db.session.commit()


def history(plan: Plan, item: PlanItem | None = None, limit: int = 50) -> list[PlanChange]:
    query = select(PlanChange).where(PlanChange.plan_id == plan.id)
    if item is not None:
        query = query.where(PlanChange.item_id == item.id)
    return list(db.session.scalars(query.order_by(PlanChange.changed_at.desc(),
                                                  PlanChange.id.desc()).limit(limit)))


def progress(plan: Plan, today: date) -> dict[str, int]:
    counts = {"done": 0, "in_progress": 0, "not_started": 0, "overdue": 0}
    for item in plan.items:
        counts[item.status] += 1
        counts["overdue"] += item.is_overdue(today)
    return counts


def people(item: PlanItem, language: str) -> dict[str, str]:
    """Lead, contributors and stakeholders: the names given, else the suggested roles."""
    suggested = suggested_roles(item, language)
    return {kind: getattr(item, kind) or suggested.get(kind, "")
            for kind in ("lead", "contributors", "stakeholders")}


def suggested_roles(item: PlanItem, language: str) -> dict[str, str]:
    """The library's suggested roles for the item's practice, in that language."""
    if item.practice_id is None:
        return {}
    roles = library(item.plan.library_version).practices[item.practice_id].roles
    return {kind: text.in_language(language) for kind, text in roles.items()}
