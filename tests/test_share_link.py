"""Rater and survey links: the full link, a Copy button from a script the CSP allows, and
email and text-message shortcuts carrying a message in English and Spanish."""
import html
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from assessment.capability import operations as capability
from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey.operations import open_wave
from tests.conftest import log_in


def shortcuts(page: str) -> dict[str, str]:
    """The bodies of the mailto: and sms: links, decoded."""
    found = {}
    for scheme in ("mailto", "sms"):
        href = html.unescape(re.search(rf'href="({scheme}:[^"]+)"', page).group(1))
        found[scheme] = parse_qs(urlsplit(href).query)["body"][0]
        if scheme == "mailto":
            found["subject"] = parse_qs(urlsplit(href).query)["subject"][0]
    return found


def test_a_rater_link_is_shown_in_full_with_copy_email_and_text_message(
        app, client, make_organization, make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 15))
        token = capability.add_rater(cycle, "Maria").token
        cycle_id = cycle.id
    log_in(client, lead)
    response = client.get(f"/organizations/{organization.id}/cycles/{cycle_id}")
    page = response.get_data(as_text=True)
    link = f"http://localhost/rate/{token}"
    assert re.search(rf'<textarea id="link-\d+" class="share-url" readonly[^>]*>{link}</textarea>',
                     page)
    assert re.search(r'<script src="/static/share\.js(\?v=\w+)?" defer></script>', page)
    assert re.search(r"<title>2026 · [^<]*</title>", page)  # the script is not in the title
    assert page.count("share.js") == 1
    assert "<script>" not in page and " onclick=" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert re.search(r'<button type="button" class="button secondary" data-copy="link-\d+"[^>]* '
                     r'hidden>Copy', page)  # shown by the script only
    sent = shortcuts(page)
    assert link in sent["mailto"] and link in sent["sms"]
    assert "Please rate how our organization grows staff careers" in sent["sms"]
    assert "Por favor, califique" in sent["sms"] or "califique" in sent["sms"]
    assert sent["subject"] == ("Career pathways self-assessment / Autoevaluación de "
                               "trayectorias profesionales")
    with client.get("/static/share.js") as script:
        assert script.status_code == 200 and "clipboard" in script.get_data(as_text=True)


def test_an_open_surveys_link_has_the_same_shortcuts(app, client, make_organization,
                                                     make_user):
    organization = make_organization()
    lead = make_user("lead", organization)
    with app.app_context():
        wave = open_wave(db.session.get(Organization, organization.id), "Staff survey",
                         date.today(), date.today() + timedelta(days=9), None)
        code, wave_id = wave.code, wave.id
    log_in(client, lead)
    page = client.get(f"/organizations/{organization.id}/surveys/{wave_id}").get_data(
        as_text=True)
    link = f"http://localhost/s/{code}"
    assert f'readonly rows="3" spellcheck="false" autocomplete="off">{link}</textarea>' in page
    sent = shortcuts(page)
    assert link in sent["sms"] and "anonymous staff survey" in sent["sms"]
    assert "anónima" in sent["sms"]
