"""Pieces of pages that depend only on what names them, rendered once per process and kept.

A survey question, or a rater's list of levels, is the same markup for everyone who sees
it in the same language with the same answer ticked; rendering it again was most of those
pages' own time (issue 15). A piece is rendered in the language its key names, whatever
the request's, so what is kept is right for its key. Questionnaires and rubrics never
change while the app runs; with templates reloading (development) nothing is kept.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup

from .i18n import LANGUAGES

LIMIT = 8192  # pieces kept; past it the store starts afresh
_kept: dict[tuple, Markup] = {}


def macro_markup(template: str, macro: str, language: str, *args, key: tuple | None) -> Markup:
    """The macro's markup for args in language; kept under key, or rendered afresh when key
    is None (a piece showing errors, say, which are not worth keeping)."""
    if key is None or current_app.jinja_env.auto_reload:
        return _render(template, macro, language, args)
    name = (template, macro, language, *key)
    piece = _kept.get(name)
    if piece is None:
        if len(_kept) >= LIMIT:
            _kept.clear()
        piece = _kept[name] = _render(template, macro, language, args)
    return piece


def _render(template: str, macro: str, language: str, args: tuple) -> Markup:
    with force_locale(LANGUAGES[language]):
        module = current_app.jinja_env.get_template(template).module
        return Markup(getattr(module, macro)(*args, language))
