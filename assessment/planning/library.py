"""The activity library: key activities per (practice, current level) and suggested roles,
loaded from questionnaires/activities-v<version>.toml and checked against the rubric.

Version 1 has steps from levels 1-3 and untagged activities. From version 2 on, every
practice also has a step from level 4 ("verify and sustain": the practice is at level 4
but raters disagree or staff see a blind spot, or the level must be kept up) and every
activity says whether it needs new funds. Old versions stay loadable: a plan names the
library version it was made from, and its suggested roles come from that version.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..capability.rubric import Rubric, rubric
from ..questionnaires import (
    LANGUAGES,
    QUESTIONNAIRES_DIR,
    QuestionnaireError,
    Text,
    bilingual,
    read,
    required,
)

LIBRARY_ID = "activities"
CURRENT_VERSION = 2
STEP_LEVELS = (1, 2, 3)   # a climb goes from this level to the next; level 4 is the target
SUSTAIN_LEVEL = 4         # the "verify and sustain" step of a practice already at level 4
TAGGED_FROM_VERSION = 2   # first version with the level-4 step and a funds tag per activity
FUNDS = ("new", "existing")   # needs new funds / builds on what exists
ROLE_KINDS = ("lead", "contributors", "stakeholders")


@dataclass(frozen=True)
class Activity:
    text: Text
    funds: str | None         # one of FUNDS; None in version 1, which had no tags


@dataclass(frozen=True)
class PracticeActivities:
    practice_id: str
    roles: dict[str, Text]                    # lead / contributors / stakeholders
    steps: dict[int, tuple[Activity, ...]]    # 1-3: climb from that level; 4: verify and sustain


@dataclass(frozen=True)
class Library:
    version: int
    practices: dict[str, PracticeActivities]


def step_levels(version: int) -> tuple[int, ...]:
    """The steps every practice must have in a library of that version."""
    return STEP_LEVELS + (SUSTAIN_LEVEL,) if version >= TAGGED_FROM_VERSION else STEP_LEVELS


def load_library(path: Path, against: Rubric) -> Library:
    data = read(path)
    version = required(data, "version", int, "the file", path)
    practices = {}
    for n, raw in enumerate(required(data, "practices", list, "the file", path), start=1):
        entry = _practice(raw, n, version, path)
        if entry.practice_id in practices:
            raise QuestionnaireError(f"{path.name}: practice '{entry.practice_id}' appears twice")
        practices[entry.practice_id] = entry
    missing = [pid for pid in against.practice_ids if pid not in practices]
    if missing:
        raise QuestionnaireError(f"{path.name}: no activities for practices {missing}")
    unknown = sorted(set(practices) - set(against.practice_ids))
    if unknown:
        raise QuestionnaireError(f"{path.name}: practices {unknown} are not in the rubric")
    return Library(version=version, practices=practices)


def _practice(raw: object, n: int, version: int, path: Path) -> PracticeActivities:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{path.name}: practice {n} is not a table")
    practice_id = required(raw, "id", str, f"practice {n}", path)
    where = f"practice '{practice_id}'"
    roles_raw = raw.get("roles") if isinstance(raw.get("roles"), dict) else {}
    roles = {kind: bilingual(roles_raw.get(kind), f"{where} roles.{kind}", path)
             for kind in ROLE_KINDS}
    allowed = step_levels(version)
    steps: dict[int, tuple[Activity, ...]] = {}
    for step in raw.get("steps", []):
        level = step.get("from") if isinstance(step, dict) else None
        if level not in allowed or isinstance(level, bool):
            raise QuestionnaireError(
                f"{path.name}: {where} has a step from level {level!r}; "
                f"version {version} allows steps from {list(allowed)}")
        if level in steps:
            raise QuestionnaireError(f"{path.name}: {where} has two steps from level {level}")
        steps[level] = _activities(step.get("activities"), f"{where} step from level {level}",
                                   version, path)
    for level in allowed:
        if level not in steps:
            raise QuestionnaireError(f"{path.name}: {where} has no step from level {level}")
    return PracticeActivities(practice_id=practice_id, roles=roles, steps=steps)


def _activities(raw: object, where: str, version: int, path: Path) -> tuple[Activity, ...]:
    if not isinstance(raw, list) or not raw:
        raise QuestionnaireError(f"{path.name}: {where} has no activities")
    return tuple(_activity(a, f"{where} activity {i}", version, path)
                 for i, a in enumerate(raw, start=1))


def _activity(raw: object, where: str, version: int, path: Path) -> Activity:
    text = bilingual(raw, where, path)
    extra = sorted(set(raw) - set(LANGUAGES) - {"funds"})
    if extra:
        raise QuestionnaireError(f"{path.name}: {where} has unknown keys {extra}")
    funds = raw.get("funds")
    if version < TAGGED_FROM_VERSION:
        if funds is not None:
            raise QuestionnaireError(
                f"{path.name}: {where} has funds, which version {version} does not use")
        return Activity(text=text, funds=None)
    if funds is None:
        raise QuestionnaireError(f"{path.name}: {where} needs funds = \"new\" or \"existing\"")
    if funds not in FUNDS:
        raise QuestionnaireError(
            f"{path.name}: {where} has funds = {funds!r}; use \"new\" or \"existing\"")
    return Activity(text=text, funds=funds)


@cache
def library(version: int = CURRENT_VERSION) -> Library:
    """The library of that version, as a stored plan names it."""
    loaded = load_library(QUESTIONNAIRES_DIR / f"{LIBRARY_ID}-v{version}.toml", rubric())
    if loaded.version != version:
        raise QuestionnaireError(
            f"{LIBRARY_ID}-v{version}.toml: says version {loaded.version}")
    return loaded
