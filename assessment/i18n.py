"""Which language a page is in: the visitor's choice, else the browser's, else English."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

# Language code shown to people and kept in the session -> Babel locale for
# formatting. Spanish numbers and dates follow US Spanish usage (es_US).
LANGUAGES = {"en": "en_US", "es": "es_US"}
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
DOMAIN = "messages"


def current_language() -> str:
    if not has_request_context():  # commands and jobs speak English
        return DEFAULT_LANGUAGE
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


# Parsed once: Flask-Babel would parse the tag again at every request.
_LOCALES = {code: Locale.parse(tag) for code, tag in LANGUAGES.items()}


def select_locale() -> Locale:
    return _LOCALES[current_language()]


def _catalog():
    """The catalog of the request's language, looked up once per request rather than at
    every string of a page, as Flask-Babel's template callables do (a page has up to a
    hundred). Kept next to Flask-Babel's own locale and checked against it, which
    force_locale replaces, so an email written in its reader's language inside a request
    still gets that language."""
    try:
        babel = g._flask_babel
        kept = babel.kept_catalog
        if kept[0] is babel.babel_locale:
            return kept[1]
    except (AttributeError, RuntimeError):  # not looked up yet, or outside an app context
        pass
    locale, translations = get_locale(), get_translations()
    if locale is not None:
        g._flask_babel.kept_catalog = (locale, translations)
    return translations


# Jinja's "newstyle" gettext for templates, written out: Jinja's own wraps each string in
# three context calls and a look-up of the locale, which a page with 80 strings pays 80
# times. Same behaviour: the translation is a format string even without variables, and
# it is Markup (so its variables are escaped) only where the template autoescapes.
def _formatted(eval_ctx: EvalContext, translated: str, variables: dict) -> str:
    if eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, **variables) -> str:
    return _formatted(eval_ctx, _catalog().ugettext(string), variables)


@pass_eval_context
def _template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int,
                       **variables) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _catalog().ungettext(singular, plural, num), variables)


@pass_eval_context
def _template_pgettext(eval_ctx: EvalContext, context: str, string: str, **variables) -> str:
    variables.setdefault("context", context)
    return _formatted(eval_ctx, _catalog().upgettext(context, string), variables)


@pass_eval_context
def _template_npgettext(eval_ctx: EvalContext, context: str, singular: str, plural: str,
                        num: int, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _catalog().unpgettext(context, singular, plural, num),
                      variables)


def compile_catalogs(source: Path, target: Path) -> list[str]:
    """Compile each translations/<lang>/LC_MESSAGES/messages.po into target when it changed.

    Writes to a temporary file and renames it, so workers starting together
    never read half a catalog. Returns the languages found.
    """
    languages = []
    for po_path in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po_path.parent.parent.name
        languages.append(language)
        mo_path = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=language)
        with tempfile.NamedTemporaryFile(dir=mo_path.parent, delete=False) as draft:
            write_mo(draft, catalog)
        os.replace(draft.name, mo_path)
    return languages


def init_app(app: Flask, babel) -> None:
    source = Path(app.root_path).parent / "translations"
    target = Path(app.instance_path) / "translations"
    languages = compile_catalogs(source, target)
    missing = set(LANGUAGES) - {DEFAULT_LANGUAGE} - set(languages)
    if missing:
        raise RuntimeError(f"No catalog for {sorted(missing)} in {source}")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target.resolve())
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext, pgettext=_template_pgettext,
                                 npgettext=_template_npgettext)

    app.jinja_env.globals.update(language_names=LANGUAGE_NAMES, today=date.today)

    @app.context_processor
    def language_context() -> dict:
        return {"current_language": current_language()}
