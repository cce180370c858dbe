"""The Career Pathways Capability Assessment: 7 practices x 4 levels, loaded from
questionnaires/capability-v<version>.toml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..questionnaires import (
    QUESTIONNAIRES_DIR,
    QuestionnaireError,
    Text,
    bilingual,
    read,
    required,
)

RUBRIC_ID = "capability"
CURRENT_VERSION = 2
LEVELS = (1, 2, 3, 4)
PRACTICE_COUNT = 7


@dataclass(frozen=True)
class Practice:
    id: str
    number: int
    title: Text
    descriptors: dict[int, Text]

    @property
    def best_practice(self) -> Text:
        """The Level-4 descriptor: the target of every plan item."""
        return self.descriptors[4]


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    title: Text
    levels: dict[int, Text]
    practices: tuple[Practice, ...]

    @property
    def practice_ids(self) -> list[str]:
        return [p.id for p in self.practices]

    def practice(self, practice_id: str) -> Practice | None:
        return next((p for p in self.practices if p.id == practice_id), None)

    def practice_number(self, number: int) -> Practice | None:
        return self.practices[number - 1] if 1 <= number <= len(self.practices) else None


def load_rubric(path: Path) -> Rubric:
    data = read(path)
    rubric_id = required(data, "id", str, "the file", path)
    version = required(data, "version", int, "the file", path)
    levels = _levels(data.get("levels"), "levels", path)
    raw_practices = required(data, "practices", list, "the file", path)
    practices = tuple(_practice(raw, n, path) for n, raw in enumerate(raw_practices, start=1))
    if len(practices) != PRACTICE_COUNT:
        raise QuestionnaireError(
            f"{path.name}: has {len(practices)} practices, needs {PRACTICE_COUNT}")
    ids = [p.id for p in practices]
    if len(set(ids)) != len(ids):
        raise QuestionnaireError(f"{path.name}: practice ids repeat: {ids}")
    return Rubric(id=rubric_id, version=version, title=bilingual(data.get("title"), "title", path),
                  levels=levels, practices=practices)


def _levels(raw: object, where: str, path: Path) -> dict[int, Text]:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{path.name}: {where} are missing")
    texts = {}
    for level in LEVELS:
        if str(level) not in raw:
            raise QuestionnaireError(f"{path.name}: {where} have no level {level}")
        texts[level] = bilingual(raw[str(level)], f"{where} level {level}", path)
    extra = set(raw) - {str(level) for level in LEVELS}
    if extra:
        raise QuestionnaireError(f"{path.name}: {where} have unknown levels {sorted(extra)}")
    return texts


def _practice(raw: object, number: int, path: Path) -> Practice:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{path.name}: practice {number} is not a table")
    practice_id = required(raw, "id", str, f"practice {number}", path)
    where = f"practice '{practice_id}'"
    return Practice(
        id=practice_id, number=number,
        title=bilingual(raw.get("title"), f"{where} title", path),
        descriptors=_levels(raw.get("descriptors"), f"{where} descriptors", path),
    )


@cache
def rubric(version: int = CURRENT_VERSION) -> Rubric:
    """The rubric of that version, as stored ratings name it."""
    loaded = load_rubric(QUESTIONNAIRES_DIR / f"{RUBRIC_ID}-v{version}.toml")
    if loaded.id != RUBRIC_ID or loaded.version != version:
        raise QuestionnaireError(
            f"{RUBRIC_ID}-v{version}.toml: says id {loaded.id!r} version {loaded.version}")
    return loaded
