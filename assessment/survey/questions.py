"""A survey page's multiple-choice questions as HTML. A question's markup depends only on
the question, its number on the page, the language and the answer ticked, so each is
rendered once per process and kept: this was most of a survey page's own rendering time,
and a survey's questions never change while the app runs."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from markupsafe import Markup

from .questionnaire import Item

TEMPLATE = "survey/_question.html"


def question_markup(item: Item, number: int, language: str, data, errors) -> Markup:
    """The fieldset of a radio or checkbox question, with data (the field's value: a
    choice id, or a list of them for several answers) ticked and errors shown."""
    checked = frozenset(data or ()) if item.type == "multiple" else frozenset([data])
    known = checked <= {*item.choice_ids(), None}
    if errors or not known or current_app.jinja_env.auto_reload:
        return _render(item, number, language, checked, tuple(errors or ()))
    return _kept(item, number, language, checked)


@lru_cache(maxsize=4096)
def _kept(item: Item, number: int, language: str, checked: frozenset) -> Markup:
    return _render(item, number, language, checked, ())


def _render(item: Item, number: int, language: str, checked: frozenset,
            errors: tuple) -> Markup:
    macro = current_app.jinja_env.get_template(TEMPLATE).module.question
    return Markup(macro(item, number, language, checked, errors))
