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
    """One text in both languages."""

    en: str
    es: str

    def in_language(self, language: str) -> str:
        return self.es if language == "es" else self.en


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
