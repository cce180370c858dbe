"""Questionnaires are data files in questionnaires/, every text in English and Spanish.

This module reads them and checks them, naming the file and item of any fault.
No Flask here: pages, PDFs and exports all use the same loaded objects.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

QUESTIONNAIRES_DIR = Path(__file__).resolve().parent.parent / "questionnaires"
LANGUAGES = ("en", "es")


class QuestionnaireError(ValueError):
    """A questionnaire file is incomplete or malformed; the message says where."""


@dataclass(frozen=True)
class Text:
    """One text in both languages.

    untranslated names the language whose text has not caught up with an edit made in the
    other one; until someone writes it, readers of that language see the other language's
    text, marked as not yet translated."""

    en: str
    es: str
    untranslated: str | None = None

    def in_language(self, language: str) -> str:
        if language == self.untranslated:
            language = other_language(language)
        return self.es if language == "es" else self.en

    def is_translated(self, language: str) -> bool:
        return language != self.untranslated

    def edited(self, en: str, es: str) -> "Text":
        """This text after a form gave both languages: a language changed alone leaves the
        other one untranslated, unless the change was the catching up."""
        en_changed, es_changed = en != self.en, es != self.es
        if en_changed and es_changed:
            untranslated = None
        elif en_changed or es_changed:
            changed = "en" if en_changed else "es"
            untranslated = None if self.untranslated == changed else other_language(changed)
        else:
            untranslated = self.untranslated
        return Text(en, es, untranslated)

    @classmethod
    def written_in(cls, language: str, text: str) -> "Text":
        """A text written in one language only: the other shows it, not yet translated."""
        return cls(text, text, other_language(language))


def other_language(language: str) -> str:
    return "en" if language == "es" else "es"


def read(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise QuestionnaireError(f"{path}: no such questionnaire file") from None
    except tomllib.TOMLDecodeError as error:
        raise QuestionnaireError(f"{path.name}: not valid TOML ({error})") from None


def bilingual(value: object, where: str, path: Path) -> Text:
    if not isinstance(value, dict):
        raise QuestionnaireError(f"{path.name}: {where} has no text")
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise QuestionnaireError(f"{path.name}: {where} has no {language} text")
    return Text(en=value["en"].strip(), es=value["es"].strip())


def required(data: dict, key: str, kind: type, where: str, path: Path):
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise QuestionnaireError(f"{path.name}: {where} needs '{key}'")
    return value
