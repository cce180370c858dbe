"""Survey questionnaires, loaded from questionnaires/<id>-v<version>.toml and checked.

The engine knows no particular questionnaire: the staff survey (versions 1 and 2) and any
other survey made of the same item types run through the same pages, rules and counts.
Every question may be skipped; a skipped question is counted as skipped (SKIPPED in the
wave's tallies), never as an answer."""
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

SURVEY_ID = "staff-survey"
CURRENT_VERSION = 2
ITEM_TYPES = ("agreement", "single", "multiple", "text", "demographic")
PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_TEXT = Text(en="Prefer not to say", es="Prefiero no contestar")
# Offered on sensitive questions (sensitive = true); never counted as agreeing or not.
PREFER_NOT_TO_ANSWER_TEXT = Text(en="Prefer not to answer", es="Prefiero no contestar")
# The tally value under which a sent response that skipped a question is counted. No
# choice id may start with "_", so it never collides with an answer.
SKIPPED = "_skipped"
TEXT_MAX = 1000


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    text: Text
    choices: tuple[Choice, ...]
    practice: str | None = None
    hint: Text | None = None
    optional: bool = False      # kept for older files; every question may be skipped
    sensitive: bool = False     # offers "Prefer not to answer"

    @property
    def required(self) -> bool:
        """No question is required: taking part, and each answer, is voluntary."""
        return False

    @property
    def counted(self) -> bool:
        """Whether sent answers to it are tallied (written answers are not)."""
        return self.type != "text"

    def choice_ids(self) -> list[str]:
        return [choice.id for choice in self.choices]

    def longest_choice(self, language: str) -> int:
        """The length of its longest answer as written in that language."""
        return max((len(choice.text.es if language == "es" else choice.text.en)
                    for choice in self.choices), default=0)


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: Text
    items: tuple[Item, ...]
    hint: Text | None = None


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    title: Text
    agreement: tuple[Choice, ...]
    agreeing: frozenset[str]
    not_counted: frozenset[str]
    sections: tuple[Section, ...]
    consent: Text | None = None     # a box the worker ticks before starting, when given

    def items(self, kind: str | None = None) -> list[Item]:
        return [i for s in self.sections for i in s.items if kind is None or i.type == kind]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    def section(self, number: int) -> Section | None:
        return self.sections[number - 1] if 1 <= number <= len(self.sections) else None

    def item_section(self, item_id: str) -> Section | None:
        """The section that asks this item."""
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def items_for(self, practice_id: str) -> list[Item]:
        return [i for i in self.items("agreement") if i.practice == practice_id]


def _choices(raw: object, where: str, path: Path) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or not raw:
        raise QuestionnaireError(f"{path.name}: {where} has no choices")
    choices = []
    for n, entry in enumerate(raw, start=1):
        choice_id = required(entry, "id", str, f"{where} choice {n}", path) \
            if isinstance(entry, dict) else None
        if choice_id is None:
            raise QuestionnaireError(f"{path.name}: {where} choice {n} is not a table")
        if choice_id.startswith("_"):
            raise QuestionnaireError(f"{path.name}: {where} choice '{choice_id}' starts with _")
        choices.append(Choice(choice_id, bilingual(entry, f"{where} choice '{choice_id}'", path)))
    return tuple(choices)


def _item(raw: object, agreement: tuple[Choice, ...], against: Rubric, path: Path) -> Item:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{path.name}: an item is not a table")
    item_id = required(raw, "id", str, "an item", path)
    where = f"item '{item_id}'"
    if item_id.startswith("_"):  # the draft and the tallies use such keys for themselves
        raise QuestionnaireError(f"{path.name}: {where} starts with _")
    kind = raw.get("type")
    if kind not in ITEM_TYPES:
        raise QuestionnaireError(f"{path.name}: {where} has an unknown type {kind!r}")
    practice = raw.get("practice")
    sensitive = bool(raw.get("sensitive", False))
    if kind == "agreement":
        if not agreement:
            raise QuestionnaireError(f"{path.name}: {where} needs [scales.agreement]")
        # An agreement item may inform no practice (it then counts only overall).
        if practice is not None and practice not in against.practice_ids:
            raise QuestionnaireError(f"{path.name}: {where} names no practice of the rubric")
        choices = agreement
    else:
        choices = _choices(raw.get("choices"), where, path) if kind != "text" else ()
    if kind == "demographic":
        choices += (Choice(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_TEXT),)
    elif sensitive and kind != "text":
        choices += (Choice(PREFER_NOT_TO_SAY, PREFER_NOT_TO_ANSWER_TEXT),)
    hint = bilingual(raw["hint"], f"{where} hint", path) if "hint" in raw else None
    return Item(id=item_id, type=kind, text=bilingual(raw.get("text"), f"{where} text", path),
                choices=choices, practice=practice, hint=hint,
                optional=bool(raw.get("optional", False)), sensitive=sensitive)


def load_survey(path: Path, against: Rubric) -> Survey:
    data = read(path)
    scale = data.get("scales", {}).get("agreement", {})
    # A questionnaire without agreement questions needs no agreement scale.
    agreement = _choices(scale.get("choices"), "the agreement scale", path) if scale else ()
    sections = []
    for number, raw in enumerate(required(data, "sections", list, "the file", path), start=1):
        section_id = required(raw, "id", str, f"section {number}", path)
        items = tuple(_item(entry, agreement, against, path)
                      for entry in required(raw, "items", list, f"section '{section_id}'", path))
        hint = bilingual(raw["hint"], f"section '{section_id}' hint", path) if "hint" in raw else None
        sections.append(Section(section_id, number,
                                bilingual(raw.get("title"), f"section '{section_id}' title", path),
                                items, hint))
    survey = Survey(
        id=required(data, "id", str, "the file", path),
        version=required(data, "version", int, "the file", path),
        title=bilingual(data.get("title"), "title", path), agreement=agreement,
        agreeing=frozenset(scale.get("agreeing", [])),
        not_counted=frozenset(scale.get("not_counted", [])), sections=tuple(sections),
        consent=bilingual(data["consent"], "consent", path) if "consent" in data else None)
    ids = [item.id for item in survey.items()]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise QuestionnaireError(f"{path.name}: item ids repeat: {repeated}")
    # A questionnaire that informs practices at all informs every one of them.
    if any(item.practice for item in survey.items("agreement")):
        untouched = [p for p in against.practice_ids if not survey.items_for(p)]
        if untouched:
            raise QuestionnaireError(
                f"{path.name}: no agreement item informs practices {untouched}")
    if survey.items("agreement") and (
            not survey.agreeing or not survey.agreeing <= {c.id for c in agreement}):
        raise QuestionnaireError(f"{path.name}: 'agreeing' must name choices of the scale")
    return survey


def practices_resting_on_one_item(questionnaire: Survey) -> list[str]:
    """Practices whose staff agreement would hang on a single question."""
    return [p for p in {i.practice for i in questionnaire.items("agreement") if i.practice}
            if len(questionnaire.items_for(p)) < 2]


@cache
def survey(version: int = CURRENT_VERSION) -> Survey:
    return load_survey(QUESTIONNAIRES_DIR / f"{SURVEY_ID}-v{version}.toml", rubric())

