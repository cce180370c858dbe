"""Answering the staff survey as a worker would, through the test client."""
import itertools
import re
import uuid

from assessment.survey.questionnaire import survey
from tests.conftest import csrf_token

SURVEY = survey()
# Each worker on a phone of their own, with an address of its own, as in real life: the
# survey limits how many responses one address may start in an hour.
_addresses = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


def agreement_answers(choice: str = "agree", questionnaire=None) -> dict:
    return {f"q_{item.id}": choice for item in (questionnaire or SURVEY).items("agreement")}


def section_data(number: int, answers: dict, questionnaire=None) -> dict:
    ids = {f"q_{item.id}" for item in (questionnaire or SURVEY).section(number).items}
    return {key: value for key, value in answers.items() if key in ids}


def questionnaire_of(app, code: str):
    """The questionnaire the wave with this code was opened with."""
    from assessment.survey.operations import wave_by_code
    from assessment.survey.instruments import of_wave
    with app.app_context():
        return of_wave(wave_by_code(code))


def phone(app):
    """A new worker's browser: its own cookies and its own address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = next(_addresses)
    return client


def hidden(page: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page)
    return match.group(1) if match else None


def begin(client, code: str, language: str | None = None, consent: bool = True) -> str:
    """Open the wave's link, tick the consent box and press start; returns the response id."""
    if language:
        client.post("/language", data={"lang": language, "next": "/",
                                       "csrf_token": csrf_token(client)})
    client.get(f"/s/{code}")
    page = client.get("/survey/").get_data(as_text=True)
    response_id, token = hidden(page, "response_id"), hidden(page, "csrf_token")
    data = {"response_id": response_id, "csrf_token": token}
    if consent:
        data["consent"] = "y"
    client.post("/survey/start", data=data)
    return response_id


def post_section(client, number: int, response_id: str, data: dict):
    page = client.get(f"/survey/section/{number}").get_data(as_text=True)
    token = hidden(page, "csrf_token") or csrf_token(client)
    return client.post(f"/survey/section/{number}",
                       data={"response_id": response_id, "csrf_token": token, **data})


def full_answers(answers: dict | None = None, questionnaire=None) -> dict:
    return {**agreement_answers(questionnaire=questionnaire), "q_intent_to_stay": "likely",
            **(answers or {})}


def answer_all(app, code: str, answers: dict | None = None, language: str | None = None):
    """A new worker answers every section of the wave's questionnaire and sends; returns
    (client, response id)."""
    questionnaire = questionnaire_of(app, code)
    client = phone(app)
    response_id = begin(client, code, language)
    answers = full_answers(answers, questionnaire)
    for number in range(1, len(questionnaire.sections) + 1):
        response = post_section(client, number, response_id,
                                section_data(number, answers, questionnaire))
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return client, response_id


def new_response_id() -> str:
    return str(uuid.uuid4())
