"""Accounts and input under hostile use: each test names the finding of the security review
(../shared/reviews/2026-11-23-security.md) or walkthrough it keeps from coming back."""
import html
import re
from datetime import date

import itsdangerous.timed
import pytest
from sqlalchemy import func, select

from assessment.auth.models import LoginFailure
from assessment.capability import operations as capability
from assessment.capability.models import AssessmentCycle, Rater, Rating
from assessment.comments.models import Comment
from assessment.extensions import db
from assessment.fields import FriendlyDateField
from assessment.navigation import local_path
from assessment.organizations.models import Organization
from assessment.planning import forms as plan_forms
from assessment.planning import operations as plans
from assessment.survey import forms as survey_forms
from tests.conftest import PASSWORD, csrf_token, log_in, post_form

HOSTILE_NEXT = [
    "/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: x=1",
    "/%0D%0ASet-Cookie:%20x=1", "/\\evil.example", "/%5Cevil.example", "/%5C%5Cevil.example",
    "//evil.example", "/%2F%2Fevil.example", "/%2f/evil.example", "https://evil.example/",
    "http:/evil.example", "javascript:alert(1)", "/\x00/evil.example", "/%00", " /x",
    "/\u2028/evil.example", "/\u202e/evil.example", "evil.example", "",
]


@pytest.fixture
def harbor(app, make_organization, make_user):
    """An organization with a lead, its coach, a cycle with one rater, and a plan."""
    organization = make_organization("Harbor Peer Collective")
    lead = make_user("lead", organization)
    coach = make_user("coach", coaches=[organization])
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, organization.id),
                                       "2026 baseline", date(2026, 1, 15))
        rater = capability.add_rater(cycle, "Supervisor")
        for practice_id in capability.cycle_rubric(cycle).practice_ids:
            capability.save_rating(rater, practice_id, 2, "")
        plan = plans.create_plan(cycle, None, None, date.today())[0]
        return {"organization": organization, "lead": lead, "coach": coach,
                "cycle_id": cycle.id, "token": rater.token, "item_id": plan.items[0].id}


def comments_url(harbor) -> str:
    return f"/organizations/{harbor['organization'].id}/cycles/{harbor['cycle_id']}/comments"


def profile_url(harbor) -> str:
    return f"/organizations/{harbor['organization'].id}/cycles/{harbor['cycle_id']}/profile"


def client_at(app, address: str):
    """A browser on another computer, at that address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def expired_tokens(monkeypatch):
    """expired_tokens() -> from now on, the forms already on screen are 13 hours old."""
    def expire():
        now = itsdangerous.timed.TimestampSigner.get_timestamp
        monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp",
                            lambda self: now(self) + 13 * 3600)
    return expire


# F5, F10: next targets stay on this site


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_next_target_that_could_leave_the_site_is_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/organizations/1", "/coach/?q=Pe%C3%B1a&sort=name",
                                    "/organizations/1/cycles/2/plan#item-3"])
def test_a_plain_path_on_this_site_is_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_with_a_hostile_next_lands_at_home_and_never_a_500(client, make_user, target):
    coach = make_user("coach")
    response = client.post("/login", query_string={"next": target}, data={
        "csrf_token": csrf_token(client, "/login"), "email": coach.email, "password": PASSWORD})
    if response.status_code == 400:  # control characters in the address: refused whole
        assert "Some characters cannot be used" in response.get_data(as_text=True)
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/coach/"


@pytest.mark.parametrize("target", [t for t in HOSTILE_NEXT if "\x00" not in t])
def test_a_comment_with_a_hostile_next_returns_to_the_results_page(
        client, harbor, target):
    log_in(client, harbor["coach"])
    response = post_form(client, comments_url(harbor),
                         {"practice_id": "budget", "body": "Hello", "next": target})
    if response.status_code == 400:  # control characters: refused whole, nothing stored
        assert "Some characters cannot be used" in response.get_data(as_text=True)
        return
    assert response.headers["Location"] == f"{profile_url(harbor)}#comments-budget"


# F14, F15: password guessing is slowed, and nobody can lock out the owner


def test_guesses_at_the_current_password_are_throttled_and_end_the_login(app, client, make_user):
    coach = make_user("coach")
    log_in(client, coach)
    for _ in range(4):
        page = post_form(client, "/account/password", {
            "current_password": "a wrong guess", "new_password": "a brand new phrase",
            "confirm": "a brand new phrase"})
        assert "This is not your current password." in page.get_data(as_text=True)
    fifth = post_form(client, "/account/password", {
        "current_password": "a wrong guess", "new_password": "a brand new phrase",
        "confirm": "a brand new phrase"})
    assert fifth.status_code == 303 and fifth.headers["Location"] == "/login"
    assert "For your safety you were logged out" in client.get("/login").get_data(as_text=True)
    assert client.get("/account/password").status_code == 302  # logged out
    assert log_in(client, coach).status_code == 429  # from this computer, paused like logins


def test_a_stranger_cannot_lock_the_owner_out_from_another_address(app, make_user):
    lead = make_user("lead", email="lead.eastside@demo.example")
    stranger = client_at(app, "127.0.0.2")
    for _ in range(8):
        log_in(stranger, lead, "a wrong guess")
    assert log_in(stranger, lead).status_code == 429  # the stranger is paused
    owner = client_at(app, "127.0.0.3")
    assert log_in(owner, lead).status_code == 302


def test_guessing_from_many_addresses_pauses_new_devices_but_not_the_owners(app, make_user):
    app.config["LOGIN_FAILURE_LIMIT_ACCOUNT_ALL_CLIENTS"] = 6
    lead = make_user("coach")
    owner = client_at(app, "10.0.0.1")
    assert log_in(owner, lead).status_code == 302  # this browser is now a known device
    post_form(owner, "/logout")
    for n in range(6):
        guesser = client_at(app, f"10.9.0.{n}")
        log_in(guesser, lead, "a wrong guess")
    new_device = client_at(app, "10.0.0.1")
    assert log_in(new_device, lead).status_code == 429
    assert log_in(owner, lead).status_code == 302
    with app.app_context():  # keyed digests only: no address or email stored
        stored = " ".join(db.session.scalars(select(LoginFailure.key_digest)))
    assert "10.9.0" not in stored and lead.email not in stored


# F7, F8, F9: no 500 for control characters, huge or odd numbers


@pytest.mark.parametrize("path", ["/s/%00", "/s/a%00b", "/rate/%00", "/coach/?q=%00",
                                  "/coach/?level=%01", "/login?next=%1b", "/%00"])
def test_control_characters_in_an_address_get_a_clear_400(client, make_user, path):
    log_in(client, make_user("coach"))
    response = client.get(path)
    assert response.status_code == 400
    assert "Some characters cannot be used" in response.get_data(as_text=True)


def test_the_400_page_is_in_the_visitors_language(client):
    response = client.get("/s/%00", headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert "No se pueden usar algunos caracteres" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_form_is_refused_before_anything_is_stored(app, client, harbor):
    assert post_form(client, "/login", {"email": "nul\x00byte", "password": "x"}
                     ).status_code == 400
    log_in(client, harbor["coach"])
    before = count(app, Comment)
    for body in ("a\x00b", "escape \x1b[31m", "bell \x07", "c1 \x85 control"):
        response = post_form(client, comments_url(harbor),
                             {"practice_id": "budget", "body": body})
        assert response.status_code == 400
    assert count(app, Comment) == before


def test_the_control_character_patterns_are_unicodes_control_characters():
    """Every code point: refused exactly when Unicode calls it a control character (Cc) or
    a lone surrogate (Cs); in a text box, tab, line feed and carriage return are allowed."""
    import unicodedata

    from assessment.request_checks import CONTROL, CONTROL_IN_TEXT
    for code in range(0x110000):
        char = chr(code)
        control = unicodedata.category(char) in ("Cc", "Cs")
        assert bool(CONTROL.search(char)) == control, hex(code)
        assert bool(CONTROL_IN_TEXT.search(char)) == (control and char not in "\t\n\r"), hex(code)


def test_line_breaks_and_tabs_in_a_text_box_are_kept(app, client, harbor):
    log_in(client, harbor["coach"])
    post_form(client, comments_url(harbor),
              {"practice_id": "budget", "body": "First line\r\nSecond\tline"})
    with app.app_context():
        assert db.session.scalar(select(Comment.body)) == "First line\r\nSecond\tline"


@pytest.mark.parametrize("number", ["2147483648", "9223372036854775808",
                                    "99999999999999999999", "%D9%A3", "0"])
def test_an_id_out_of_range_or_not_in_ascii_digits_is_not_found(client, harbor, number):
    log_in(client, harbor["lead"])
    org = harbor["organization"].id
    for path in (f"/organizations/{number}", f"/organizations/{org}/cycles/{number}",
                 f"/organizations/{org}/cycles/{number}/profile",
                 f"/organizations/{org}/cycles/{harbor['cycle_id']}/plan/items/{number}",
                 f"/organizations/{org}/surveys/{number}", f"/rate/practices/{number}"):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("item_id", ["99999999999999999999", "2147483648", "²", "-1", "1.0"])
def test_a_comment_on_an_item_id_out_of_range_is_not_found(client, harbor, item_id):
    log_in(client, harbor["coach"])
    response = post_form(client, comments_url(harbor), {"plan_item_id": item_id, "body": "x"})
    assert response.status_code == 404


def test_a_level_filter_in_superscript_digits_is_ignored(client, harbor):
    log_in(client, harbor["coach"])
    for level in ("²", "٣", "99999999999999999999", "-1"):
        page = client.get("/coach/", query_string={"level": level})
        assert page.status_code == 200
        assert "Harbor Peer Collective" in page.get_data(as_text=True)


def test_a_number_the_database_cannot_hold_in_a_form_field_gets_a_400(client, harbor):
    log_in(client, harbor["lead"])
    org, cycle = harbor["organization"].id, harbor["cycle_id"]
    response = post_form(
        client, f"/organizations/{org}/cycles/{cycle}/plan/items/{harbor['item_id']}/status",
        {"status": "done", "version": "99999999999999999999"})
    assert response.status_code in (302, 400, 409)


def test_an_oversized_body_gets_a_friendly_page(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "x" * 3_000_000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


# F13: dates from 2000 to 2100 only, in every date field


@pytest.mark.parametrize("starts_on", ["9999-12-31", "1999-12-31", "2101-01-01", "0001-01-01"])
def test_a_cycle_date_outside_2000_to_2100_is_refused_with_a_clear_message(
        app, client, harbor, starts_on):
    log_in(client, harbor["lead"])
    with app.app_context():  # a new cycle is offered once the open one is closed
        capability.close_cycle(db.session.get(AssessmentCycle, harbor["cycle_id"]))
    before = count(app, AssessmentCycle)
    page = post_form(client, f"/organizations/{harbor['organization'].id}/cycles/new",
                     {"name": "Far away", "starts_on": starts_on}).get_data(as_text=True)
    assert "Enter a date between the years 2000 and 2100." in page
    assert starts_on in page  # what they typed is shown again to correct
    assert count(app, AssessmentCycle) == before


def test_every_date_field_has_the_range_check():
    assert issubclass(plan_forms.PlanItemForm.due_on.field_class, FriendlyDateField)
    for name in ("opens_on", "closes_on"):
        assert issubclass(getattr(survey_forms.WaveForm, name).field_class, FriendlyDateField)


# F19: pages with a rater's or a worker's answers are not kept by the browser


def test_rater_and_survey_pages_are_not_cached(app, client, harbor):
    client.get(f"/rate/{harbor['token']}")
    for path in ("/rate/", "/rate/practices/1", "/rate/review", "/survey/", "/s/NOSUCH",
                 "/survey/section/1"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    assert "no-store" not in app.test_client().get("/").headers.get("Cache-Control", "")


# F20: an expired token keeps what was typed


def test_a_rater_whose_page_expired_gets_the_page_back_filled_in(
        app, client, harbor, expired_tokens):
    client.get(f"/rate/{harbor['token']}")
    token = csrf_token(client, "/rate/practices/3")
    expired_tokens()
    response = client.post("/rate/practices/3", data={
        "csrf_token": token, "level": "4", "evidence": "Our budget has a training line."})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "What you typed is still here" in page
    assert "Our budget has a training line." in page
    assert re.search(r'value="4"[^>]*checked|checked[^>]*value="4"', page)
    with app.app_context():
        rating = db.session.scalar(select(Rating).join(Rater).where(
            Rater.token == harbor["token"], Rating.practice_id == "budget"))
        assert rating is None or rating.evidence == ""  # nothing saved yet
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    again = client.post("/rate/practices/3", data={
        "csrf_token": fresh, "level": "4", "evidence": "Our budget has a training line."})
    assert again.status_code == 302


def test_a_comment_whose_page_expired_comes_back_filled_in(app, client, harbor, expired_tokens):
    log_in(client, harbor["coach"])
    token = csrf_token(client, profile_url(harbor))
    expired_tokens()
    response = client.post(comments_url(harbor), data={
        "csrf_token": token, "practice_id": "budget", "body": "Could the board fund it?",
        "next": profile_url(harbor)})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Could the board fund it?" in page and "What you typed is still here" in page
    assert count(app, Comment) == 0
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(comments_url(harbor), data={
        "csrf_token": fresh, "practice_id": "budget", "body": "Could the board fund it?",
        "next": profile_url(harbor)})
    assert response.headers["Location"] == f"{profile_url(harbor)}#comments-budget"
    assert count(app, Comment) == 1


def test_a_too_long_comment_comes_back_to_shorten_not_lost(client, harbor):
    log_in(client, harbor["coach"])
    response = post_form(client, comments_url(harbor),
                         {"practice_id": "budget", "body": "long " * 500})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Use at most 2,000 characters." in page and "long long long" in page


def test_admin_and_account_forms_come_back_filled_in_after_expiry(
        app, client, make_user, expired_tokens):
    admin = make_user("admin", email="admin@example.org")
    token = csrf_token(client, "/login")
    expired_tokens()
    page = client.post("/login", data={"csrf_token": token, "email": admin.email,
                                       "password": PASSWORD})
    assert page.status_code == 400
    assert 'value="admin@example.org"' in page.get_data(as_text=True)
    assert log_in(client, admin).status_code == 302
    token = csrf_token(client, "/admin/organizations/new")
    expired_tokens()
    page = client.post("/admin/organizations/new",
                       data={"csrf_token": token, "name": "Valle Verde Recovery"})
    assert page.status_code == 400
    assert "Valle Verde Recovery" in page.get_data(as_text=True)
    assert count(app, Organization) == 0
    token = csrf_token(client, "/account/password")
    expired_tokens()
    page = client.post("/account/password", data={
        "csrf_token": token, "current_password": "a wrong guess",
        "new_password": "a brand new phrase", "confirm": "a brand new phrase"})
    assert page.status_code == 400 and "What you typed is still here" in page.get_data(
        as_text=True)
    assert count(app, LoginFailure) == 0  # the password was not even checked


# F12 (single process; the races under gunicorn are in test_hardening_races.py)


def test_an_organization_or_account_that_exists_is_told_not_a_500(app, client, make_user):
    log_in(client, make_user("admin"))
    post_form(client, "/admin/organizations/new", {"name": "Harbor"})
    page = post_form(client, "/admin/organizations/new", {"name": "HARBOR"})
    assert "An organization with this name already exists." in page.get_data(as_text=True)
    assert count(app, Organization) == 1


# Walkthrough 11 and 20


def test_a_rater_changing_an_answer_from_the_review_returns_to_the_review(client, harbor):
    client.get(f"/rate/{harbor['token']}")
    post_form(client, "/rate/practices/2", {"level": "3", "evidence": "Two people promoted."})
    review = html.unescape(client.get("/rate/review").get_data(as_text=True))
    assert "Two people promoted." in review
    change = re.search(r'href="([^"]*practices/2[^"]*)"', review).group(1)
    page = client.get(change).get_data(as_text=True)
    assert "Save and return to the review" in page
    response = post_form(client, change, {"level": "4", "evidence": "Three now."})
    assert response.headers["Location"] == "/rate/review"
    assert "Three now." in html.unescape(client.get("/rate/review").get_data(as_text=True))


def test_comment_boxes_and_buttons_name_their_practice(client, harbor):
    log_in(client, harbor["coach"])
    page = html.unescape(client.get(profile_url(harbor)).get_data(as_text=True))
    labels = re.findall(r'<label for="comment-[^"]+">([^<]+)</label>', page)
    assert len(labels) == 7 and len(set(labels)) == 7
    assert labels[0].startswith("Your comment on 1. ")
    buttons = re.findall(r"<button[^>]*>Post comment(.*?)</button>", page, re.S)
    assert any('<span class="visually-hidden"> on 3. ' in b for b in buttons)


def test_a_form_field_sent_as_a_file_gets_a_clear_400_not_a_500(client):
    import io

    for path in ("/login", "/survey/start", "/survey/resume"):
        response = client.post(path, data={"email": (io.BytesIO(b"x"), "x.txt"),
                                           "code": (io.BytesIO(b"x"), "x.txt")},
                               content_type="multipart/form-data")
        assert response.status_code == 400, path
        assert "Something in the request was not right" in response.get_data(as_text=True)


def test_a_new_cycle_with_a_bad_date_answers_400_with_the_message(client, make_user,
                                                                  make_organization):
    organization = make_organization("Harbor")
    log_in(client, make_user("lead", organization))
    response = post_form(client, f"/organizations/{organization.id}/cycles/new",
                         {"name": "2026", "starts_on": "9999-12-31"})
    assert response.status_code == 400
    assert "Enter a date between the years 2000 and 2100." in response.get_data(as_text=True)
