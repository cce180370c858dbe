"""Which questionnaire a wave asks: the staff survey or the exit survey, by id and version.

Both are read by the same engine (questionnaire.py): the same item types, sections,
forms, tallies and privacy rules. The exit survey informs no practice of the rubric, so
it has no agreement questions and is never compared with a cycle's ratings.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..capability.rubric import rubric
from ..questionnaires import (
    QUESTIONNAIRES_DIR,
    QuestionnaireError,
    bilingual,
    read,
    required,
)
from .questionnaire import SURVEY_ID, Section, Survey, _item, survey

EXIT_ID = "exit-survey"
EXIT_VERSION = 1
KINDS = (SURVEY_ID, EXIT_ID)


def load_exit_survey(path: Path) -> Survey:
    data = read(path)
    sections = []
    for number, raw in enumerate(required(data, "sections", list, "the file", path), start=1):
        section_id = required(raw, "id", str, f"section {number}", path)
        items = tuple(_item(entry, (), rubric(), path)
                      for entry in required(raw, "items", list, f"section '{section_id}'", path))
        hint = bilingual(raw["hint"], f"section '{section_id}' hint", path) if "hint" in raw else None
        sections.append(Section(section_id, number, bilingual(
            raw.get("title"), f"section '{section_id}' title", path), items, hint))
    loaded = Survey(id=required(data, "id", str, "the file", path),
                    version=required(data, "version", int, "the file", path),
                    title=bilingual(data.get("title"), "title", path), agreement=(),
                    agreeing=frozenset(), not_counted=frozenset(), sections=tuple(sections))
    ids = [item.id for item in loaded.items()]
    if len(ids) != len(set(ids)):
        raise QuestionnaireError(f"{path.name}: item ids repeat")
    if loaded.items("agreement"):
        raise QuestionnaireError(f"{path.name}: an exit survey informs no practice")
    if loaded.id != EXIT_ID:
        raise QuestionnaireError(f"{path.name}: its id is not {EXIT_ID!r}")
    return loaded


@cache
def exit_survey(version: int = EXIT_VERSION) -> Survey:
    return load_exit_survey(QUESTIONNAIRES_DIR / f"{EXIT_ID}-v{version}.toml")


def instrument(questionnaire_id: str, version: int) -> Survey:
    """The questionnaire a wave of this id and version asks."""
    return exit_survey(version) if questionnaire_id == EXIT_ID else survey(version)


def of_wave(wave) -> Survey:
    return instrument(wave.questionnaire_id, wave.questionnaire_version)


def current(questionnaire_id: str) -> Survey:
    """The version a new wave of this kind asks."""
    return exit_survey() if questionnaire_id == EXIT_ID else survey()


def is_exit(wave) -> bool:
    return wave.questionnaire_id == EXIT_ID
