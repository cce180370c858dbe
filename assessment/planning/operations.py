"""Make, remake, edit and track a plan; every change people make is written to its history."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..capability import operations as capability
from ..capability.models import AssessmentCycle
from ..clock import utcnow
from ..extensions import db
from ..questionnaires import Text
from .activities import as_text, from_data, to_data
from .generator import DraftItem, generate_plan
from .library import library
from .models import Plan, PlanChange, PlanItem

PEOPLE = ("lead", "contributors", "stakeholders")
# Fields a person edits, as the history names them. Bookkeeping columns (which language
# lags, how the due date was set, funding tags) change with them and are not listed.
HISTORY_FIELDS = ("target_en", "target_es", *PEOPLE, "bucket", "due_on", "status")
EDITABLE = HISTORY_FIELDS + ("target_untranslated", "activity_lines", "due_set_by_hand")


class StaleItem(Exception):
    """Someone saved the item since this form was opened."""

    def __init__(self, current: PlanItem):
        super().__init__("stale plan item")
        self.current = current


class ItemRemoved(Exception):
    """The item was removed from the plan (perhaps a moment ago, by someone else)."""


def plan_of(cycle: AssessmentCycle) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.cycle_id == cycle.id))


def _drafts(cycle: AssessmentCycle, made_on: date, staff_agreement) -> list[DraftItem]:
    return generate_plan(capability.cycle_profile(cycle), capability.cycle_rubric(cycle),
                         library(), made_on, staff_agreement)


def _values(draft: DraftItem) -> dict:
    return dict(
        practice_id=draft.practice_id, from_level=draft.from_level,
        reasons=",".join(draft.reasons), target_en=draft.target.en, target_es=draft.target.es,
        activity_lines=to_data(draft.activities), bucket=draft.bucket, due_on=draft.due_on)


def _item_from(draft: DraftItem, plan: Plan, position: int) -> PlanItem:
    return PlanItem(plan=plan, position=position, **_values(draft))


def create_plan(cycle: AssessmentCycle, user, staff_agreement, today: date) -> tuple[Plan, bool]:
    """Generate the cycle's plan: (the plan, True), or (the existing plan, False) when it
    was made already, by a double tap or by someone else at the same moment."""
    plan = Plan(cycle=cycle, library_version=library().version, made_on=today)
    db.session.add(plan)
    try:
        db.session.flush()  # the unique cycle_id decides who makes it
    except IntegrityError:
        db.session.rollback()
        return plan_of(cycle), False
    drafts = _drafts(cycle, today, staff_agreement)
    db.session.add_all(_item_from(draft, plan, n) for n, draft in enumerate(drafts, start=1))
    _record(plan, None, user, "plan", "", str(len(drafts)))
    db.session.commit()
    return plan, True


@dataclass
class Remade:
    """What remaking a plan changed, step by step (practice id, from level)."""

    added: list[tuple[str, int]] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)
    changed: list[tuple[str, int]] = field(default_factory=list)
    kept: list[tuple[str, int]] = field(default_factory=list)


def remake_plan(plan: Plan, user, staff_agreement, today: date) -> Remade:
    """Regenerate from the cycle's current results the items nobody touched. Items people
    edited, added or removed stay as they are, but every step's reasons are brought up to
    date. Due dates count from today. Each change goes to the history."""
    _lock(plan)
    drafts = {draft.key: draft for draft in _drafts(plan.cycle, today, staff_agreement)}
    result = Remade()
    # An item the plan itself took out earlier comes back if its step is needed again.
    items = {(i.practice_id, i.from_level): i
             for i in plan.removed_items + plan.items if i.practice_id}
    for key, item in items.items():
        draft = drafts.get(key)
        if draft is not None:
            item.reasons = ",".join(draft.reasons)
        if item.edited:
            if item.removed_at is None:
                result.kept.append(key)
        elif draft is None:
            if item.removed_at is None:
                item.removed_at = utcnow()
                _record(plan, item, user, "removed", item.target.en, "")
                result.removed.append(key)
        elif item.removed_at is not None:
            item.removed_at = None
            _refresh(item, draft, user)
            _record(plan, item, user, "restored", "", item.target.en)
            result.added.append(key)
        elif _refresh(item, draft, user):
            result.changed.append(key)
    position = max((i.position for i in items.values()), default=0)
    for key, draft in drafts.items():
        if key not in items:
            position += 1
            item = _item_from(draft, plan, position)
            db.session.add(item)
            db.session.flush()
            _record(plan, item, user, "added", "", draft.target.en)
            result.added.append(key)
    plan.made_on, plan.library_version = today, library().version
    _record(plan, None, user, "remade", "", "")
    db.session.commit()
    return result


def _lock(plan: Plan) -> None:
    """Serialise remakes of one plan across workers (a row lock; SQLite locks on write)."""
    db.session.execute(update(Plan).where(Plan.id == plan.id).values(made_on=Plan.made_on))


# What a remake writes to an untouched item's history when it changes it.
REMADE_FIELDS = ("bucket", "due_on", "target_en", "target_es")


def _refresh(item: PlanItem, draft: DraftItem, user) -> bool:
    """Bring an untouched item in line with its draft, recording what changed; True when
    more than its due date changed (a later start alone is not worth reporting)."""
    values = _values(draft)
    changed = {name for name, value in values.items() if getattr(item, name) != value}
    for name in REMADE_FIELDS:
        if name in changed:
            _record(item.plan, item, user, name, getattr(item, name), values[name])
    if "activity_lines" in changed:
        for language in ("en", "es"):
            old, new = item.text("activities", language), as_text(draft.activities, language)
            if old != new:
                _record(item.plan, item, user, f"activities_{language}", old, new)
    for name in changed:
        setattr(item, name, values[name])
    return bool(changed - {"due_on", "reasons"})


def _record(plan: Plan, item: PlanItem | None, user, field: str, old, new) -> None:
    db.session.add(PlanChange(plan_id=plan.id, item_id=item.id if item else None,
                              user_id=user.id if user else None, field=field,
                              old_value="" if old is None else str(old),
                              new_value="" if new is None else str(new)))


def update_item(item: PlanItem, seen_version: int, changes: dict, user) -> list[str]:
    """Apply changes made on a form opened at seen_version; return the fields the history
    records (only those whose value really changed)."""
    if item.removed_at is not None:
        raise ItemRemoved()
    if item.version != seen_version:
        raise StaleItem(item)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"{sorted(unknown)} cannot be edited")
    changes = {name: value for name, value in changes.items() if getattr(item, name) != value}
    recorded = [name for name in HISTORY_FIELDS if name in changes]
    for name in recorded:
        _record(item.plan, item, user, name, getattr(item, name), changes[name])
    if "activity_lines" in changes:  # recorded as each language's text, as people read it
        after = from_data(changes["activity_lines"])
        for language in ("en", "es"):
            old, new = item.text("activities", language), as_text(after, language)
            if old != new:
                _record(item.plan, item, user, f"activities_{language}", old, new)
                recorded.append(f"activities_{language}")
    for name, value in changes.items():
        setattr(item, name, value)
    if changes:
        item.edited = True
    try:
        db.session.commit()
    except StaleDataError:  # saved by someone else between our read and our write
        db.session.rollback()
        current = db.session.get(PlanItem, item.id)
        if current is None or current.removed_at is not None:
            raise ItemRemoved() from None
        raise StaleItem(current) from None
    return recorded


def add_item(plan: Plan, values: dict, user) -> PlanItem:
    item = PlanItem(plan=plan, position=max((i.position for i in plan.items), default=0) + 1,
                    edited=True, **values)
    db.session.add(item)
    db.session.flush()
    _record(plan, item, user, "added", "", item.target.en)
    db.session.commit()
    return item


def remove_item(item: PlanItem, user) -> bool:
    """Take the item out of the plan; it can be restored. False when it was out already."""
    return _set_removed(item, utcnow(), "removed", user)


def restore_item(item: PlanItem, user) -> bool:
    """Put a removed item back. False when it was back already."""
    return _set_removed(item, None, "restored", user)


def _set_removed(item: PlanItem, removed_at, action: str, user) -> bool:
    # The row count of a conditional update decides who acts, across workers, and the
    # version moves on so an edit form opened before sees the change.
    condition = (PlanItem.removed_at.is_(None) if removed_at else
                 PlanItem.removed_at.is_not(None))
    changed = db.session.execute(
        update(PlanItem).where(PlanItem.id == item.id, condition)
        .values(removed_at=removed_at, edited=True, version=PlanItem.version + 1)
        .execution_options(synchronize_session=False)).rowcount
    if changed:
        old, new = (item.target.en, "") if removed_at else ("", item.target.en)
        _record(item.plan, item, user, action, old, new)
    db.session.commit()
    db.session.refresh(item)
    return bool(changed)


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


def suggested_roles(item: PlanItem) -> dict[str, Text]:
    """The library's suggested roles for the item's practice, in both languages."""
    if item.practice_id is None:
        return {}
    return dict(library(item.plan.library_version).practices[item.practice_id].roles)


def people(item: PlanItem, language: str) -> dict[str, str]:
    """Lead, contributors and stakeholders: the names given, else the suggested roles in
    the reader's language. The page, the PDF and the exports all show these."""
    suggested = suggested_roles(item)
    return {kind: getattr(item, kind) or (suggested[kind].in_language(language)
                                          if kind in suggested else "")
            for kind in PEOPLE}


def person_value(item: PlanItem, kind: str, written: str | None) -> str | None:
    """What to store for a people field as the form gave it: None (the suggested role,
    kept translatable) when it is empty or still the suggestion in either language."""
    if not written:
        return None
    suggestion = suggested_roles(item).get(kind) if item.practice_id else None
    if suggestion and _same_words(written, suggestion.en, suggestion.es):
        return None
    return written


def _same_words(written: str, *texts: str) -> bool:
    def words(text: str) -> str:
        return " ".join(text.casefold().split())
    return words(written) in {words(text) for text in texts}
