"""The interface in English and Spanish: catalogs complete and current, the choice remembered."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import log_in, post_form

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
SPANISH = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def strings_of(message) -> tuple[str, ...]:
    """The translation, or each plural form of it."""
    return message.string if isinstance(message.string, tuple) else (message.string,)


def messages_in_code() -> set[str]:
    method_map = [("assessment/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_the_template_catalog_matches_the_code():
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_catalog(POT) if m.id}
    in_code = messages_in_code()
    assert in_code - in_pot == set(), "run pybabel extract (see README): new strings"
    assert in_pot - in_code == set(), "run pybabel extract (see README): removed strings"


def test_every_message_has_a_spanish_translation():
    pot_ids = {m.id for m in read_catalog(POT) if m.id}
    spanish = read_catalog(SPANISH)
    assert {m.id for m in spanish if m.id} == pot_ids, "run pybabel update (see README)"
    untranslated = [m.id for m in spanish if m.id and (not all(strings_of(m)) or m.fuzzy)]
    assert untranslated == []


def test_placeholders_are_the_same_in_english_and_spanish():
    for message in read_catalog(SPANISH):
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            expected = set(PLACEHOLDER.findall("".join(ids)))
            for string in strings_of(message):
                assert set(PLACEHOLDER.findall(string)) == expected, message.id


def test_spanish_uses_the_glossary_not_false_friends():
    text = " ".join(" ".join(strings_of(m)) for m in read_catalog(SPANISH) if m.id).lower()
    for wrong in ("formación", "facturación", "enrejado", "tenencia", "abuso de sustancias",
                  " tú ", "asesoramiento"):
        assert wrong not in text, wrong


def test_the_language_switch_is_on_every_page_and_remembered(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="lang" value="es"' in page
    response = post_form(client, "/language", {"lang": "es", "next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Correo electrónico" in page and "Contraseña" in page


def test_an_explicit_choice_beats_the_browser_language(client):
    post_form(client, "/language", {"lang": "en", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_the_language_switch_never_redirects_off_the_site(client):
    response = post_form(client, "/language", {"lang": "es", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_ignored(client):
    post_form(client, "/language", {"lang": "xx", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_language_survives_login_and_logout(client, make_user):
    post_form(client, "/language", {"lang": "es", "next": "/"})
    log_in(client, make_user("coach"))
    assert "Mis organizaciones" in client.get("/organizations/").get_data(as_text=True)
    post_form(client, "/logout")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Cerró la sesión." in page


def test_dates_follow_the_pages_locale(app, client, make_organization, make_user):
    from datetime import date

    from assessment.capability import operations
    from assessment.extensions import db
    from assessment.organizations.models import Organization

    organization = make_organization("Harbor")
    with app.app_context():
        cycle_id = operations.start_cycle(db.session.get(Organization, organization.id), "2026",
                                          date(2026, 1, 15)).id
    log_in(client, make_user("lead", organization))
    url = f"/organizations/{organization.id}/cycles/{cycle_id}"
    assert "Started January 15, 2026." in client.get(url).get_data(as_text=True)
    post_form(client, "/language", {"lang": "es", "next": "/"})
    assert "15 de enero de 2026" in client.get(url).get_data(as_text=True)  # months in lowercase


def _render(app, source, language, **values):
    """A template string rendered in a request of the given language."""
    from flask import render_template_string, session
    with app.test_request_context("/"):
        session["lang"] = language
        return render_template_string(source, **values)


def test_template_strings_escape_their_values_in_html_but_not_in_text_mail(app):
    source = '{{ _("Up %(n)s", n=value) }}'
    assert _render(app, source, "es", value="<b>") == "Subió &lt;b&gt;"
    # Mail templates (.txt) do not autoescape.
    text = app.jinja_env.overlay(autoescape=False).from_string(source)
    with app.test_request_context("/"):
        assert text.render(value="O'Brien") == "Up O'Brien"


def test_template_plurals_pick_the_form_and_fill_num(app):
    source = ('{{ ngettext("Based on %(num)s rater, %(finished)s finished.", '
              '"Based on %(num)s raters, %(finished)s finished.", count, finished=1) }}')
    assert _render(app, source, "es", count=1) == "Según 1 evaluador/a (terminados/as: 1)."
    assert _render(app, source, "en", count=3) == "Based on 3 raters, 1 finished."


def test_template_strings_follow_force_locale_inside_a_request(app):
    from flask import render_template_string
    from flask_babel import force_locale
    with app.test_request_context("/"):
        before = render_template_string('{{ _("Up %(n)s", n=2) }}')
        with force_locale("es_US"):
            inside = render_template_string('{{ _("Up %(n)s", n=2) }}')
        after = render_template_string('{{ _("Up %(n)s", n=2) }}')
    assert (before, inside, after) == ("Up 2", "Subió 2", "Up 2")
