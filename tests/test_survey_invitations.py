"""Invitation codes: a lead prints single-use cards; each response spends one unused code,
and nothing stored links a code to the answers it let in."""
import html
import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, inspect, select, text

from assessment.extensions import db
from assessment.organizations.models import Organization
from assessment.survey import cards as cards_module
from assessment.survey import invitations, operations
from assessment.survey.invitation_models import SurveyCardBatch, SurveyInvitation
from assessment.survey.models import SurveyResponse, SurveyWave
from tests.conftest import TEST_CONFIG, csrf_token, log_in, post_form
from tests.live_gunicorn import at_once, gunicorn_server  # noqa: F401
from tests.survey_helpers import (
    SURVEY,
    full_answers,
    hidden,
    phone,
    post_section,
    section_data,
)

SECRET = TEST_CONFIG["SECRET_KEY"]
CARD_CODE = re.compile(r"\b([A-Z2-9]{5}-[A-Z2-9]{5})\b")


@pytest.fixture
def org(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization, "lead": make_user("lead", organization),
            "coach": make_user("coach", coaches=[organization])}


def open_coded_wave(app, org, codes: int = 0, invitation_codes: bool = True) -> dict:
    """An open wave with invitation codes and `codes` cards made; returns its code, id
    and the cards' codes."""
    with app.app_context():
        organization = db.session.get(Organization, org["organization"].id)
        wave = operations.open_wave(organization, "Staff survey 2026",
                                    date.today() - timedelta(days=1),
                                    date.today() + timedelta(days=20), None,
                                    invitation_codes=invitation_codes)
        made = invitations.make_codes(wave, codes, SECRET, date.today()) if codes else []
        return {"code": wave.code, "id": wave.id, "cards": made}


def start_page(client, wave_code: str, card: str | None = None) -> str:
    client.get(f"/s/{wave_code}/{card}" if card else f"/s/{wave_code}")
    return html.unescape(client.get("/survey/").get_data(as_text=True))


def press_start(client, page: str, card: str | None):
    data = {"response_id": hidden(page, "response_id"), "csrf_token": hidden(page, "csrf_token"),
            "consent": "y"}
    if card is not None:
        data["invitation"] = card
    return client.post("/survey/start", data=data)


def answer_with_card(app, wave_code: str, card: str, language: str | None = None):
    """A worker scans the card, starts, answers every section and sends."""
    client = phone(app)
    if language:
        client.post("/language", data={"lang": language, "next": "/",
                                       "csrf_token": csrf_token(client)})
    page = start_page(client, wave_code, card)
    response_id = hidden(page, "response_id")
    assert press_start(client, page, card).status_code == 302
    answers = full_answers()
    for number in range(1, len(SURVEY.sections) + 1):
        assert post_section(client, number, response_id,
                            section_data(number, answers)).status_code == 302
    return client


def used_count(app, wave_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SurveyInvitation).where(
            SurveyInvitation.wave_id == wave_id, SurveyInvitation.used.is_(True)))


def responses(app, wave_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
            SurveyResponse.wave_id == wave_id))


# ------------------------------------------------------------------ the lead

def test_a_lead_opens_a_survey_with_one_code_per_person_and_downloads_that_many_cards(
        app, client, org):
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    opened = post_form(client, base, {"name": "Survey with cards", "opens_on": "2026-11-01",
                                      "closes_on": "2099-12-15", "cycle_id": 0,
                                      "one_code_per_person": "y", "card_count": "3"})
    assert opened.status_code == 302 and "cards=3" in opened.location
    page = html.unescape(client.get(opened.location).get_data(as_text=True))
    assert "Invitation cards" in page and 'value="3"' in page
    pdf = post_form(client, opened.location.split("?")[0] + "/cards.pdf", {"count": "3"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    codes = CARD_CODE.findall(printed)
    assert len(set(codes)) == 3
    assert "Your code / Su código" in printed and "Encuesta del personal" in printed
    with app.app_context():
        wave = db.session.scalar(select(SurveyWave).where(SurveyWave.name == "Survey with cards"))
        stored = list(db.session.scalars(select(SurveyInvitation)))
        assert wave.invitation_codes
        assert {row.digest for row in stored} == {
            invitations.digest(SECRET, wave.id, code) for code in codes}
        assert not any(row.used for row in stored)
        # Only digests are kept: no code is written anywhere in the table.
        dumped = " ".join(f"{row.digest} {row.wave_id} {row.used}" for row in stored)
        assert not any(code.replace("-", "") in dumped for code in codes)
    shown = html.unescape(client.get(opened.location.split("?")[0]).get_data(as_text=True))
    assert "3 cards made" in shown and "0 used" in shown


def test_each_card_has_a_qr_code_holding_the_short_link_with_its_own_code(monkeypatch):
    drawn = []
    real_qr = cards_module._qr
    monkeypatch.setattr(cards_module, "_qr", lambda url, size: drawn.append(url) or real_qr(url, size))
    pdf = cards_module.cards_pdf("Harbor", "Staff survey", "Encuesta del personal",
                                 "http://localhost/s/ABCDEFGH", ["ABCDEFGHJK", "KLMNPQRSTU"])
    assert drawn == ["http://localhost/s/ABCDEFGH/ABCDEFGHJK",
                     "http://localhost/s/ABCDEFGH/KLMNPQRSTU"]
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_nine_cards_take_two_pages(app):
    codes = [f"ABCDEFGH{a}{b}" for a in "JK" for b in "23456"][:9]
    pdf = cards_module.cards_pdf("Harbor", "Staff survey", "Encuesta", "http://h/s/X", codes)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2


def test_a_lead_prints_more_cards_later_and_sees_every_batch(app, client, org):
    wave = open_coded_wave(app, org, codes=2)
    log_in(client, org["lead"])
    show = f"/organizations/{org['organization'].id}/surveys/{wave['id']}"
    assert post_form(client, show + "/cards.pdf", {"count": "4"}).status_code == 200
    page = html.unescape(client.get(show).get_data(as_text=True))
    assert "6 cards made" in page and "2 cards" in page and "4 cards" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyCardBatch)) == 2


def test_a_double_tap_on_make_the_cards_makes_them_once(app, client, org):
    wave = open_coded_wave(app, org)
    log_in(client, org["lead"])
    show = f"/organizations/{org['organization'].id}/surveys/{wave['id']}"
    token = csrf_token(client, show)
    body = {"count": "5", "csrf_token": token, "once": "a-one-time-token-of-this-form-123"}
    first, second = client.post(show + "/cards.pdf", data=body), client.post(
        show + "/cards.pdf", data=body)
    assert first.status_code == 200 and second.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 5


@pytest.mark.parametrize("count", ["0", "501", "abc", "²", "", "-3", "9" * 40])
def test_a_wrong_number_of_cards_says_what_to_enter_and_makes_none(app, client, org, count):
    wave = open_coded_wave(app, org)
    log_in(client, org["lead"])
    show = f"/organizations/{org['organization'].id}/surveys/{wave['id']}"
    response = post_form(client, show + "/cards.pdf", {"count": count})
    assert response.status_code == 303
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "Enter a number of cards from 1 to 500." in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 0


def test_opening_with_codes_but_no_number_of_cards_asks_for_it_and_keeps_the_form(client, org):
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    response = post_form(client, base, {"name": "Kept name", "opens_on": "2026-11-01",
                                        "closes_on": "2099-12-15", "cycle_id": 0,
                                        "one_code_per_person": "y", "card_count": ""})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Enter a number of cards from 1 to 500." in page and 'value="Kept name"' in page


def test_cards_are_refused_for_a_wave_without_codes_and_for_a_closed_wave(app, client, org):
    plain = open_coded_wave(app, org, invitation_codes=False)
    coded = open_coded_wave(app, org)
    log_in(client, org["lead"])
    base = f"/organizations/{org['organization'].id}/surveys"
    refused = post_form(client, f"{base}/{plain['id']}/cards.pdf", {"count": "2"})
    assert refused.status_code == 303
    assert "opened without invitation codes" in html.unescape(
        client.get(refused.location).get_data(as_text=True))
    with app.app_context():
        operations.close_wave(db.session.get(SurveyWave, coded["id"]), date.today())
    closed = post_form(client, f"{base}/{coded['id']}/cards.pdf", {"count": "2"})
    assert closed.status_code == 409 and "This survey is closed" in closed.get_data(as_text=True)


def test_a_coach_sees_the_cards_made_but_cannot_make_any(app, client, org):
    wave = open_coded_wave(app, org, codes=3)
    log_in(client, org["coach"])
    show = f"/organizations/{org['organization'].id}/surveys/{wave['id']}"
    page = html.unescape(client.get(show).get_data(as_text=True))
    assert "3 cards made" in page and "Make the cards (PDF)" not in page
    assert post_form(client, show + "/cards.pdf", {"count": "2"}).status_code == 403


# ------------------------------------------------------------------ the worker

def test_a_worker_who_scans_a_card_finds_the_code_filled_in_and_gets_in_once(app, org):
    wave = open_coded_wave(app, org, codes=2)
    card = wave["cards"][0]
    client = phone(app)
    page = start_page(client, wave["code"], card)
    assert f'value="{card}"' in page and "The code on your card" in page
    started = press_start(client, page, card)
    assert started.status_code == 302 and started.location.endswith("/survey/section/1")
    assert used_count(app, wave["id"]) == 1 and responses(app, wave["id"]) == 1
    # The browser keeps nothing of the card once it is spent.
    with client.session_transaction() as session:
        assert card not in str(dict(session))


def test_a_typed_code_works_with_spaces_dashes_and_small_letters(app, org):
    wave = open_coded_wave(app, org, codes=1)
    card = wave["cards"][0]
    typed = f" {card[:5].lower()} - {card[5:]} "
    client = phone(app)
    assert press_start(client, start_page(client, wave["code"]), typed).status_code == 302
    assert used_count(app, wave["id"]) == 1


def test_a_used_code_is_refused_in_the_workers_language_and_lets_no_one_in(app, org):
    wave = open_coded_wave(app, org, codes=2)
    card = wave["cards"][0]
    answer_with_card(app, wave["code"], card)
    other = phone(app)
    other.post("/language", data={"lang": "es", "next": "/", "csrf_token": csrf_token(other)})
    page = start_page(other, wave["code"], card)
    refused = press_start(other, page, card)
    text_shown = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 400
    assert "Este código ya se usó" in text_shown
    assert responses(app, wave["id"]) == 1 and used_count(app, wave["id"]) == 1


@pytest.mark.parametrize("typed", [
    "AAAAA-AAAAA",            # well formed, never made
    "ABC",                    # too short
    "ABCDE-FGHJK-LMNPQ",      # too long
    "ÀBCDE-FGHJK",            # letters outside the code's alphabet
    "x" * 40,
    "'; DROP TABLE survey_invitation; --",
])
def test_an_unknown_or_tampered_code_gets_a_clear_message_never_an_error(app, org, typed):
    wave = open_coded_wave(app, org, codes=1)
    client = phone(app)
    refused = press_start(client, start_page(client, wave["code"]), typed)
    assert refused.status_code == 400
    assert "We do not know this code" in html.unescape(refused.get_data(as_text=True))
    assert responses(app, wave["id"]) == 0 and used_count(app, wave["id"]) == 0


def test_a_code_of_another_survey_is_unknown_here(app, org):
    first = open_coded_wave(app, org, codes=1)
    second = open_coded_wave(app, org, codes=1)
    client = phone(app)
    refused = press_start(client, start_page(client, second["code"]), first["cards"][0])
    assert refused.status_code == 400 and "We do not know this code" in refused.get_data(
        as_text=True)
    assert used_count(app, first["id"]) == 0


def test_an_overlong_code_in_the_form_asks_for_the_code(app, org):
    wave = open_coded_wave(app, org, codes=1)
    client = phone(app)
    refused = press_start(client, start_page(client, wave["code"]), "A" * 41)
    assert refused.status_code == 400
    assert "Enter the code on your card." in refused.get_data(as_text=True)


def test_no_code_at_all_asks_for_the_code_on_the_card(app, org):
    wave = open_coded_wave(app, org, codes=1)
    client = phone(app)
    refused = press_start(client, start_page(client, wave["code"]), "")
    assert refused.status_code == 400
    assert "Enter the code on your card." in refused.get_data(as_text=True)
    missing = press_start(client, start_page(client, wave["code"]), None)
    assert missing.status_code == 400 and responses(app, wave["id"]) == 0


def test_a_double_tap_on_start_with_a_card_makes_one_response_and_both_taps_go_on(app, org):
    wave = open_coded_wave(app, org, codes=1)
    card = wave["cards"][0]
    client = phone(app)
    page = start_page(client, wave["code"], card)
    first, second = press_start(client, page, card), press_start(client, page, card)
    assert first.status_code == second.status_code == 302
    assert responses(app, wave["id"]) == 1 and used_count(app, wave["id"]) == 1


def test_guessing_codes_is_stopped_after_20_wrong_tries(app, org):
    wave = open_coded_wave(app, org, codes=1)
    client = phone(app)
    statuses = [press_start(client, start_page(client, wave["code"]),
                            f"AAAAA-AAA{chr(65 + n % 20)}{n % 8 + 2}").status_code
                for n in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    # Even the right code waits now: guessing cannot go on.
    assert press_start(client, start_page(client, wave["code"]),
                       wave["cards"][0]).status_code == 429


def test_a_wave_without_codes_needs_none(app, org):
    wave = open_coded_wave(app, org, invitation_codes=False)
    client = phone(app)
    page = start_page(client, wave["code"])
    assert "The code on your card" not in page
    assert press_start(client, page, None).status_code == 302


# ------------------------------------------------------------------ no link

def test_stored_rows_hold_no_link_from_a_code_to_the_response_it_let_in(app, org):
    wave = open_coded_wave(app, org, codes=6)
    for card in wave["cards"][:5]:
        answer_with_card(app, wave["code"], card)
    with app.app_context():
        operations.close_wave(db.session.get(SurveyWave, wave["id"]), date.today())
        schema = inspect(db.engine)
        # The code's row: its digest, its wave, a flag. No time, no counter, no response.
        assert {c["name"] for c in schema.get_columns("survey_invitation")} == {
            "digest", "wave_id", "used"}
        assert [fk["referred_table"] for fk in schema.get_foreign_keys("survey_invitation")] \
            == ["survey_wave"]
        for table in ("survey_response", "survey_answer", "survey_open_answer",
                      "survey_tally", "survey_card_batch"):
            assert all(fk["referred_table"] != "survey_invitation"
                       for fk in schema.get_foreign_keys(table))
        invitation_values = {value for row in db.session.execute(
            select(SurveyInvitation.__table__)) for value in row if isinstance(value, str)}
        for table in ("survey_response", "survey_answer", "survey_open_answer"):
            for row in db.session.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
                assert not invitation_values & {str(v) for v in row}
        # The sent responses keep only their days; the used codes none at all.
        assert db.session.scalar(select(func.count()).select_from(SurveyInvitation).where(
            SurveyInvitation.used.is_(True))) == 5
        if db.engine.dialect.name == "postgresql":
            # Written again together at the close: one transaction id for every code row,
            # so the transaction that spent a code is gone with its order.
            assert db.session.scalar(text(
                "SELECT count(DISTINCT xmin::text) FROM survey_invitation WHERE wave_id = :w"),
                {"w": wave["id"]}) == 1


def test_the_close_writes_the_code_rows_again_without_changing_them(app, org):
    wave = open_coded_wave(app, org, codes=4)
    answer_with_card(app, wave["code"], wave["cards"][1])
    with app.app_context():
        before = sorted(db.session.execute(select(SurveyInvitation.digest,
                                                  SurveyInvitation.used)).all())
        operations.close_wave(db.session.get(SurveyWave, wave["id"]), date.today())
        after = sorted(db.session.execute(select(SurveyInvitation.digest,
                                                 SurveyInvitation.used)).all())
    assert before == after and sum(used for _, used in after) == 1


# ------------------------------------------------------------------ races

def _phone_at_card(base: str, wave_code: str, card: str):
    from bench.survey_load import Phone
    worker = Phone(base)
    worker.get(f"/s/{wave_code}/{card}")
    _, page = worker.get("/survey/")
    return worker, page


def test_two_phones_with_one_card_at_the_same_moment_let_exactly_one_in(
        app, org, gunicorn_server):  # noqa: F811
    wave = open_coded_wave(app, org, codes=1)
    card = wave["cards"][0]
    base = gunicorn_server(workers=4)
    phones = [_phone_at_card(base, wave["code"], card) for _ in range(6)]

    def start(i: int):
        worker, page = phones[i]
        return worker.post("/survey/start", {
            "response_id": hidden(page, "response_id"), "csrf_token": hidden(page, "csrf_token"),
            "consent": "y", "invitation": card})[0]

    statuses = at_once(6, start)
    assert sorted(statuses) == [302] + [400] * 5
    assert responses(app, wave["id"]) == 1 and used_count(app, wave["id"]) == 1


def test_a_double_tap_with_a_card_at_the_same_moment_starts_one_response(
        app, org, gunicorn_server):  # noqa: F811
    wave = open_coded_wave(app, org, codes=1)
    card = wave["cards"][0]
    base = gunicorn_server(workers=4)
    worker, page = _phone_at_card(base, wave["code"], card)
    body = {"response_id": hidden(page, "response_id"),
            "csrf_token": hidden(page, "csrf_token"), "consent": "y", "invitation": card}
    statuses = at_once(4, lambda i: worker.post("/survey/start", body)[0])
    assert statuses == [302] * 4
    assert responses(app, wave["id"]) == 1 and used_count(app, wave["id"]) == 1


def test_a_card_code_typed_in_the_resume_box_says_where_it_goes(app, org):
    wave = open_coded_wave(app, org, codes=1)
    client = phone(app)
    page = start_page(client, wave["code"])
    response = client.post("/survey/resume", data={
        "code": invitations.written(wave["cards"][0]), "csrf_token": hidden(page, "csrf_token")})
    assert response.status_code == 400
    assert "This looks like the code on your card." in html.unescape(
        response.get_data(as_text=True))
