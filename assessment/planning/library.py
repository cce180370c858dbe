"""The activity library: key activities per (practice, current level) and suggested roles,
loaded from questionnaires/activities-v<version>.toml and checked against the rubric."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..capability.rubric import Rubric, rubric
from ..questionnaires import (
    QUESTIONNAIRES_DIR,
    QuestionnaireError,
    Text,
    bilingual,
    read,
    required,
)

LIBRARY_ID = "activities"
CURRENT_VERSION = 1
STEP_LEVELS = (1, 2, 3)  # a step goes from this level to the next; level 4 is the target
ROLE_KINDS = ("lead", "contributors", "stakeholders")


@dataclass(frozen=True)
class PracticeActivities:
    practice_id: str
    roles: dict[str, Text]                    # lead / contributors / stakeholders
    steps: dict[int, tuple[Text, ...]]        # from level -> activities


@dataclass(frozen=True)
class Library:
    version: int
    practices: dict[str, PracticeActivities]


def load_library(path: Path, against: Rubric) -> Library:
    data = read(path)
    version = required(data, "version", int, "the file", path)
    practices = {}
    for n, raw in enumerate(required(data, "practices", list, "the file", path), start=1):
        entry = _practice(raw, n, path)
        practices[entry.practice_id] = entry
    missing = [pid for pid in against.practice_ids if pid not in practices]
    if missing:
        raise QuestionnaireError(f"{path.name}: no activities for practices {missing}")
    unknown = sorted(set(practices) - set(against.practice_ids))
    if unknown:
        raise QuestionnaireError(f"{path.name}: practices {unknown} are not in the rubric")
    return Library(version=version, practices=practices)


def _practice(raw: object, n: int, path: Path) -> PracticeActivities:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{path.name}: practice {n} is not a table")
    practice_id = required(raw, "id", str, f"practice {n}", path)
    where = f"practice '{practice_id}'"
    roles_raw = raw.get("roles") if isinstance(raw.get("roles"), dict) else {}
    roles = {kind: bilingual(roles_raw.get(kind), f"{where} roles.{kind}", path)
             for kind in ROLE_KINDS}
    steps = {}
    for step in raw.get("steps", []):
        level = step.get("from") if isinstance(step, dict) else None
        if level not in STEP_LEVELS:
            raise QuestionnaireError(f"{path.name}: {where} has a step from level {level!r}")
        activities = step.get("activities")
        if not isinstance(activities, list) or not activities:
            raise QuestionnaireError(f"{path.name}: {where} step from level {level} has no activities")
        steps[level] = tuple(bilingual(a, f"{where} step from level {level} activity {i}", path)
                             for i, a in enumerate(activities, start=1))
    for level in STEP_LEVELS:
        if level not in steps:
            raise QuestionnaireError(f"{path.name}: {where} has no step from level {level}")
    return PracticeActivities(practice_id=practice_id, roles=roles, steps=steps)


@cache
def library(version: int = CURRENT_VERSION) -> Library:
    return load_library(QUESTIONNAIRES_DIR / f"{LIBRARY_ID}-v{version}.toml", rubric())
