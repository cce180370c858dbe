"""A survey page's multiple-choice questions as HTML, kept once rendered (fragments.py): a
question's markup depends only on the question, its number on the page, the language and
the answers ticked."""
from __future__ import annotations

from markupsafe import Markup

from ..fragments import macro_markup
from .questionnaire import Item


def question_markup(item: Item, number: int, language: str, data, errors) -> Markup:
    """The fieldset of a radio or checkbox question, with data (the field's value: a
    choice id, or a list of them for several answers) ticked and errors shown."""
    checked = frozenset(data or ()) if item.type == "multiple" else frozenset([data])
    known = checked <= {*item.choice_ids(), None}
    key = (item, number, checked) if known and not errors else None
    return macro_markup("survey/_question.html", "question", language, item, number, checked,
                        tuple(errors or ()), key=key)
