"""A plan item's key activities: lines, each one text in both languages with its funding tag.

Lines are edited as two texts, one per language, a line each. A line changed in one
language only is marked untranslated in the other until someone writes it there; lines
left alone keep their translation and their tag. Plain functions, no Flask.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Iterable

from ..questionnaires import Text
from .library import Activity

Activities = tuple[Activity, ...]


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def as_text(activities: Iterable[Activity], language: str) -> str:
    """The activities in one language, a line each, as the edit form shows them: a line
    not yet written in that language shows the other language's text."""
    return "\n".join(a.text.in_language(language) for a in activities)


def written(en_text: str | None, es_text: str | None) -> Activities:
    """New activities: lines paired by position; a line given in one language only shows
    in the other, not yet translated."""
    return _paired((), lines(en_text), lines(es_text))


def edited(old: Activities, en_text: str | None, es_text: str | None) -> Activities:
    """old after an edit form gave both languages' texts."""
    new = {"en": lines(en_text), "es": lines(es_text)}
    changed = {language: new[language] != lines(as_text(old, language))
               for language in ("en", "es")}
    if changed["en"] and changed["es"]:
        return _paired(old, new["en"], new["es"])
    for language in ("en", "es"):
        if changed[language]:
            return _followed(old, new[language], language)
    return old


def _followed(old: Activities, new_lines: list[str], language: str) -> Activities:
    """One language's lines changed: match them to the old ones, so unchanged lines keep
    their translation and tag, and changed or added lines wait for the other language."""
    shown = [a.text.in_language(language) for a in old]
    result: list[Activity] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, shown, new_lines,
                                               autojunk=False).get_opcodes():
        if op == "equal":
            result.extend(old[i1:i2])
            continue
        for offset, line in enumerate(new_lines[j1:j2]):
            before = old[i1 + offset] if op == "replace" and i1 + offset < i2 else None
            result.append(_rewritten(before, line, language))
    return tuple(result)


def _rewritten(before: Activity | None, line: str, language: str) -> Activity:
    if before is None:
        return Activity(Text.written_in(language, line), None)
    shown = _as_shown(before.text)
    en, es = (line, shown.es) if language == "en" else (shown.en, line)
    return Activity(shown.edited(en, es), before.funds)


def _as_shown(text: Text) -> Text:
    """The text as the edit form showed it: a line not yet translated shows the other
    language's words in both boxes, so leaving it alone keeps it marked."""
    return Text(text.in_language("en"), text.in_language("es"), text.untranslated)


def _paired(old: Activities, en_lines: list[str], es_lines: list[str]) -> Activities:
    """Both languages changed: line n of one language goes with line n of the other."""
    result = []
    for n in range(max(len(en_lines), len(es_lines))):
        en = en_lines[n] if n < len(en_lines) else None
        es = es_lines[n] if n < len(es_lines) else None
        before = old[n] if n < len(old) else None
        if en is None or es is None:
            language = "es" if en is None else "en"
            result.append(Activity(Text.written_in(language, es or en), None))
        elif before is None:
            result.append(Activity(Text(en, es), None))
        else:
            shown = _as_shown(before.text)
            funds = before.funds if en == shown.en or es == shown.es else None
            result.append(Activity(shown.edited(en, es), funds))
    return tuple(result)


def to_data(activities: Iterable[Activity]) -> list[dict]:
    """As the item stores them (JSON)."""
    return [{"en": a.text.en, "es": a.text.es, "untranslated": a.text.untranslated,
             "funds": a.funds} for a in activities]


def from_data(data: Iterable[dict] | None) -> Activities:
    return tuple(Activity(Text(line["en"], line["es"], line.get("untranslated")),
                          line.get("funds")) for line in data or ())
