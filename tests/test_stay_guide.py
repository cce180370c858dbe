"""The stay interview guide: a printable PDF for supervisors, in English and in Spanish,
reachable from the lead's survey page."""
import html
import io
import re

import pytest
from pypdf import PdfReader

from assessment.survey.stay_guide import stay_guide
from tests.conftest import log_in


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def lead(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return organization, make_user("lead", organization)


def test_the_survey_page_links_the_guide_in_both_languages(client, lead):
    organization, user = lead
    log_in(client, user)
    page = html.unescape(client.get(f"/organizations/{organization.id}/surveys").get_data(
        as_text=True))
    assert "Stay interview guide (PDF, English)" in page
    assert f"/organizations/{organization.id}/surveys/stay-interview-guide.pdf?lang=es" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_guide_pdf_holds_every_question_and_topic_in_the_language_asked(
        client, lead, language):
    organization, user = lead
    log_in(client, user)
    response = client.get(
        f"/organizations/{organization.id}/surveys/stay-interview-guide.pdf?lang={language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    printed = _flat(" ".join(page.extract_text()
                             for page in PdfReader(io.BytesIO(response.data)).pages))
    guide = stay_guide()
    assert _flat(guide.title.in_language(language)) in printed
    for topic in guide.topics:
        assert _flat(topic.title.in_language(language)) in printed
    for question in guide.questions():
        assert _flat(question.in_language(language)) in printed
    other = "es" if language == "en" else "en"
    assert _flat(guide.questions()[0].in_language(other)) not in printed
    assert "Harbor Peer Collective" in printed
    label = "Talk with:" if language == "en" else "Conversación con:"
    assert label in printed


def test_the_guide_covers_why_people_stay_career_goals_leaving_and_support():
    assert [topic.id for topic in stay_guide().topics] == [
        "why_stay", "career_goals", "might_leave", "support"]


def test_an_unknown_language_gives_the_readers_language(client, lead):
    organization, user = lead
    log_in(client, user)
    response = client.get(
        f"/organizations/{organization.id}/surveys/stay-interview-guide.pdf?lang=fr")
    assert response.status_code == 200
    assert 'filename="stay-interview-guide-en.pdf"' in response.headers["Content-Disposition"]
