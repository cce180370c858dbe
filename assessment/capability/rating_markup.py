"""The levels on a rater's page as HTML, kept once rendered (fragments.py): they depend
only on the practice's texts, the language and the level chosen."""
from __future__ import annotations

from markupsafe import Markup

from ..fragments import macro_markup
from .forms import LEVEL_QUESTION, level_choices
from .rubric import Practice, Rubric


def levels_markup(practice: Practice, rubric: Rubric, language: str, selected: str | None,
                  errors=()) -> Markup:
    choices = tuple((choice.value, str(choice.label))
                    for choice in level_choices(practice, language))
    level_names = tuple((level, text.in_language(language))
                        for level, text in rubric.levels.items())
    args = ("level", str(LEVEL_QUESTION), choices, dict(level_names), selected, True,
            tuple(str(error) for error in errors))
    key = None if errors else (args[1], choices, level_names, selected)
    return macro_markup("rating/_levels.html", "levels", language, *args, key=key)
