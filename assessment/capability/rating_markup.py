"""The levels on a rater's page as HTML, kept once rendered (fragments.py): they depend
only on the practice's texts, the language and the level chosen."""
from __future__ import annotations

from markupsafe import Markup

from ..fragments import macro_markup
from .rubric import Rubric


def levels_markup(form, rubric: Rubric, language: str) -> Markup:
    field = form.level
    choices = tuple((choice.value, str(choice.label)) for choice in field.iter_choices())
    level_names = {level: text.in_language(language) for level, text in rubric.levels.items()}
    args = (field.name, str(field.label.text), choices, level_names, field.data,
            bool(field.flags.required), tuple(field.errors))
    key = None if field.errors else (*args[:3], tuple(level_names.items()), *args[4:6])
    return macro_markup("rating/_levels.html", "levels", language, *args, key=key)
