"""Which language a page is in: the visitor's choice, else the browser's, else English."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request, session
from flask_babel import get_locale, get_translations

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


def select_locale() -> str:
    return LANGUAGES[current_language()]


def _catalog():
    """The catalog of the request's language, looked up once per request rather than at
    every string of a page, as Flask-Babel's template callables do (a page has up to a
    hundred). Keyed by the locale object, which force_locale replaces, so an email
    written in its reader's language inside a request still gets that language."""
    locale = get_locale()
    kept = g.get("_catalog")
    if kept is None or kept[0] is not locale:
        kept = g._catalog = (locale, get_translations())
    return kept[1]


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
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _catalog().ugettext(s),
        ngettext=lambda s, p, n: _catalog().ungettext(s, p, n),
        pgettext=lambda c, s: _catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalog().unpgettext(c, s, p, n),
        newstyle=True)

    @app.context_processor
    def language_context() -> dict:
        return {"current_language": current_language(), "language_names": LANGUAGE_NAMES,
                "today": date.today}
