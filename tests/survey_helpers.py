"""Answering the staff survey as a worker would, through the test client."""
import re
import uuid

from assessment.survey.questionnaire import survey
from tests.conftest import csrf_token

SURVEY = survey()


def agreement_answers(choice: str = "agree") -> dict:
    return {f"q_{item.id}": choice for item in SURVEY.items("agreement")}


def section_data(number: int, answers: dict) -> dict:
    ids = {f"q_{item.id}" for item in SURVEY.section(number).items}
    return {key: value for key, value in answers.items() if key in ids}


def begin(client, code: str, language: str | None = None) -> str:
    """Open the wave's link and press start; returns the response id."""
    if language:
        client.post("/language", data={"lang": language, "next": "/",
                                       "csrf_token": csrf_token(client)})
    client.get(f"/s/{code}")
    page = client.get("/survey/").get_data(as_text=True)
    response_id = re.search(r'name="response_id" type="hidden" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/survey/start", data={"response_id": response_id, "csrf_token": token})
    return response_id


def post_section(client, number: int, response_id: str, data: dict):
    page = client.get(f"/survey/section/{number}").get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = match.group(1) if match else csrf_token(client)
    return client.post(f"/survey/section/{number}",
                       data={"response_id": response_id, "csrf_token": token, **data})


def answer_all(app, code: str, answers: dict | None = None, language: str | None = None):
    """A new worker answers every section and sends; returns (client, response id)."""
    client = app.test_client()
    response_id = begin(client, code, language)
    answers = {**agreement_answers(), "q_intent_to_stay": "likely", **(answers or {})}
    for number in range(1, len(SURVEY.sections) + 1):
        response = post_section(client, number, response_id, section_data(number, answers))
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return client, response_id


def new_response_id() -> str:
    return str(uuid.uuid4())
