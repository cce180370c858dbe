"""A lead runs a capability cycle; raters rate from their links; lead and coach read the profile."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from assessment.capability import operations
from assessment.capability.models import AssessmentCycle, Rater, Rating
from assessment.extensions import db
from tests.conftest import log_in, post_form

PRACTICE_COUNT = 7


@pytest.fixture
def team(app, make_organization, make_user):
    organization = make_organization("Harbor Peer Collective")
    return {"organization": organization,
            "lead": make_user("lead", organization, name="Dana Brooks"),
            "coach": make_user("coach", coaches=[organization])}


@pytest.fixture
def cycle(app, team):
    """cycle(name, starts_on) -> a started cycle of the team's organization (its id)."""
    def make(name="2026 baseline", starts_on=date(2026, 1, 15)):
        with app.app_context():
            organization = db.session.get(type(team["organization"]), team["organization"].id)
            return operations.start_cycle(organization, name, starts_on).id
    return make


def add_rater(app, cycle_id, name="Supervisor") -> str:
    with app.app_context():
        return operations.add_rater(db.session.get(AssessmentCycle, cycle_id), name).token


def rate_all(app, token, levels, notes=None, language="en"):
    """A rater opens their link and answers every practice; levels[i] is a level or "not_sure"."""
    client = app.test_client()
    if language == "es":
        post_form(client, "/language", {"lang": "es", "next": "/"})
    client.get(f"/rate/{token}")
    for number, level in enumerate(levels, start=1):
        response = post_form(client, f"/rate/practices/{number}",
                             {"level": level, "evidence": (notes or {}).get(number, "")})
        assert response.status_code == 302, response.get_data(as_text=True)
    post_form(client, "/rate/finish")
    return client


def stored_ratings(app, token):
    with app.app_context():
        rater = db.session.scalar(select(Rater).where(Rater.token == token))
        return {r.practice_id: (r.level, r.evidence) for r in rater.ratings}


def test_a_lead_starts_a_cycle_and_invites_a_rater(client, team):
    log_in(client, team["lead"])
    org_id = team["organization"].id
    page = client.get(f"/organizations/{org_id}").get_data(as_text=True)
    assert "Start an assessment cycle" in page
    response = post_form(client, f"/organizations/{org_id}/cycles/new",
                         {"name": "2026 baseline", "starts_on": "2026-01-15"})
    assert response.status_code == 302
    cycle_url = response.headers["Location"]
    post_form(client, cycle_url, {"name": "Maria, peer supervisor"})
    page = client.get(cycle_url).get_data(as_text=True)
    assert "Link made for Maria, peer supervisor." in page
    assert "0 of 7 practices rated" in page
    link = re.search(r'(?:value="|>)(http://localhost/rate/[^"<]+)', page).group(1)
    assert len(link.rsplit("/", 1)[1]) >= 32  # unguessable


def test_a_cycle_needs_a_name_and_a_real_date(client, team):
    log_in(client, team["lead"])
    url = f"/organizations/{team['organization'].id}/cycles/new"
    page = post_form(client, url, {"name": "  ", "starts_on": "2026-02-31"}).get_data(as_text=True)
    assert "Give the cycle a name" in page
    assert "Enter a real date: month, day and year." in page


def test_a_rater_opens_the_link_and_the_address_bar_is_cleaned(app, cycle):
    token = add_rater(app, cycle())
    client = app.test_client()
    response = client.get(f"/rate/{token}")
    assert response.status_code == 302 and response.headers["Location"] == "/rate/"
    page = client.get("/rate/").get_data(as_text=True)
    assert "If you are torn between two levels, pick the lower one." in page
    assert "0 of 7 practices rated." in page
    assert token not in page


def test_a_rater_rates_all_seven_practices_and_every_answer_records_the_questionnaire(
        app, cycle):
    token = add_rater(app, cycle())
    client = rate_all(app, token, ["3", "2", "not_sure", "4", "1", "2", "3"],
                      notes={1: "Our director owns it."})
    assert "Thank you" in client.get("/rate/thanks").get_data(as_text=True)
    ratings = stored_ratings(app, token)
    assert ratings["accountability"] == (3, "Our director owns it.")
    assert ratings["development"] == (None, "")
    with app.app_context():
        rows = db.session.scalars(select(Rating)).all()
        assert len(rows) == PRACTICE_COUNT
        assert {(r.questionnaire_id, r.questionnaire_version) for r in rows} == {("capability", 2)}


def test_each_practice_page_shows_progress_the_four_descriptors_and_not_sure(app, cycle):
    token = add_rater(app, cycle())
    client = app.test_client()
    client.get(f"/rate/{token}")
    page = client.get("/rate/practices/3").get_data(as_text=True)
    assert "Practice 3 of 7" in page
    assert page.count('type="radio"') == 5
    assert "Level 1: Initially Developed" in page and "Level 4: Fully Developed" in page
    assert "Not sure" in page


def test_a_rater_who_stops_resumes_where_they_left_off_on_another_device(app, cycle):
    token = add_rater(app, cycle())
    first = app.test_client()
    first.get(f"/rate/{token}")
    for number in (1, 2):
        post_form(first, f"/rate/practices/{number}", {"level": "2"})
    later = app.test_client()
    later.get(f"/rate/{token}")
    page = later.get("/rate/").get_data(as_text=True)
    assert "2 of 7 practices rated." in page
    assert "Continue where you left off" in page and 'href="/rate/practices/3"' in page
    page = later.get("/rate/practices/2").get_data(as_text=True)
    assert re.search(r'value="2"[^>]*checked|checked[^>]*value="2"', page)


def test_a_saved_not_sure_and_its_evidence_come_back_on_the_page(app, cycle):
    token = add_rater(app, cycle())
    rater = app.test_client()
    rater.get(f"/rate/{token}")
    post_form(rater, "/rate/practices/4", {"level": "not_sure",
                                            "evidence": "Ask HR <first> & finance"})
    page = rater.get("/rate/practices/4").get_data(as_text=True)
    assert re.search(r'checked[^>]*value="not_sure"', page)
    assert page.count(" checked") == 1
    assert ">\r\nAsk HR &lt;first&gt; &amp; finance</textarea>" in page


def test_answers_can_change_until_the_cycle_closes(app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id)
    rater = rate_all(app, token, ["2"] * 7)
    post_form(rater, "/rate/practices/1", {"level": "3"})
    assert stored_ratings(app, token)["accountability"][0] == 3

    log_in(client, team["lead"])
    post_form(client, f"/organizations/{team['organization'].id}/cycles/{cycle_id}/close")
    response = post_form(rater, "/rate/practices/1", {"level": "4"})
    assert response.status_code == 409
    assert "This assessment is closed" in response.get_data(as_text=True)
    assert stored_ratings(app, token)["accountability"][0] == 3
    assert "This assessment is closed" in rater.get("/rate/").get_data(as_text=True)


def test_a_closed_cycles_team_cannot_change_so_its_results_stay_put(app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id)
    rate_all(app, token, ["2"] * 7)
    log_in(client, team["lead"])
    base = f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
    post_form(client, f"{base}/close")
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == token))
    for action in (f"/raters/{rater_id}/revoke", f"/raters/{rater_id}/reissue", "/rate-myself",
                   ""):
        response = post_form(client, base + action, {"name": "Late rater"})
        assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "This cycle is closed, so its team and answers can no longer change." in page
    assert "Turn off link" not in page and "Late rater" not in page
    with app.app_context():
        rater = db.session.get(Rater, rater_id)
        assert rater.token == token and rater.revoked_at is None


@pytest.mark.parametrize("level", ["7", "0", "abc", "", "3; DROP TABLE rating"])
def test_a_bad_level_gets_a_message_in_the_raters_language_and_changes_nothing(app, cycle, level):
    token = add_rater(app, cycle())
    client = app.test_client()
    post_form(client, "/language", {"lang": "es", "next": "/"})
    client.get(f"/rate/{token}")
    post_form(client, "/rate/practices/1", {"level": "2"})
    response = post_form(client, "/rate/practices/1", {"level": level, "evidence": "changed"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Elija" in page and "No estoy seguro/a" in page
    assert stored_ratings(app, token)["accountability"] == (2, "")


def test_a_tampered_practice_number_gets_a_clear_404(app, cycle):
    token = add_rater(app, cycle())
    client = app.test_client()
    client.get(f"/rate/{token}")
    for number in (0, 8, 99):
        response = post_form(client, f"/rate/practices/{number}", {"level": "2"})
        assert response.status_code == 404
        assert "There are 7 practices to rate." in response.get_data(as_text=True)
    assert stored_ratings(app, token) == {}


def test_an_unknown_link_gets_a_clear_page(client):
    response = client.get("/rate/not-a-real-token", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "Este enlace no funciona" in response.get_data(as_text=True)
    assert client.get("/rate/").status_code == 404


def test_a_revoked_link_stops_working_even_mid_rating_and_its_answers_stop_counting(
        app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id)
    rater = rate_all(app, token, ["4"] * 7)
    log_in(client, team["lead"])
    base = f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == token))
    post_form(client, f"{base}/raters/{rater_id}/revoke")
    assert rater.get("/rate/practices/1").status_code == 404
    assert app.test_client().get(f"/rate/{token}").status_code == 404
    assert "No rating yet" in client.get(f"{base}/profile").get_data(as_text=True)


def test_a_reissued_link_replaces_the_old_one_and_keeps_the_answers(app, client, team, cycle):
    cycle_id = cycle()
    old_token = add_rater(app, cycle_id)
    rate_all(app, old_token, ["3"] * 7)
    log_in(client, team["lead"])
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == old_token))
    post_form(client, f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
                      f"/raters/{rater_id}/reissue")
    assert app.test_client().get(f"/rate/{old_token}").status_code == 404
    with app.app_context():
        new_token = db.session.get(Rater, rater_id).token
    assert new_token != old_token
    assert len(stored_ratings(app, new_token)) == PRACTICE_COUNT


def test_finishing_twice_shows_the_thank_you_page_again(app, cycle):
    token = add_rater(app, cycle())
    client = rate_all(app, token, ["2"] * 7)
    response = post_form(client, "/rate/finish")
    assert response.headers["Location"] == "/rate/thanks"
    with app.app_context():
        assert db.session.scalar(select(Rater).where(Rater.token == token)).finished_at


def test_finishing_before_every_practice_is_answered_goes_to_the_first_missing_one(app, cycle):
    token = add_rater(app, cycle())
    client = app.test_client()
    client.get(f"/rate/{token}")
    post_form(client, "/rate/practices/1", {"level": "2"})
    response = post_form(client, "/rate/finish")
    assert response.headers["Location"] == "/rate/practices/2"


def test_the_lead_can_rate_too(app, client, team, cycle):
    cycle_id = cycle()
    log_in(client, team["lead"])
    response = post_form(client, f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
                                 "/rate-myself")
    client.get(response.headers["Location"])
    post_form(client, "/rate/practices/1", {"level": "4"})
    page = client.get(f"/organizations/{team['organization'].id}/cycles/{cycle_id}").get_data(
        as_text=True)
    assert "Dana Brooks" in page and "1 of 7 practices rated" in page


def test_the_profile_shows_levels_spread_agreement_and_notes(app, client, team, cycle):
    cycle_id = cycle()
    rate_all(app, add_rater(app, cycle_id, "A"), ["1", "3", "3", "4", "2", "2", "3"],
             notes={5: "No training budget line yet."})
    rate_all(app, add_rater(app, cycle_id, "B"), ["3", "3", "3", "4", "2", "3", "3"])
    rate_all(app, add_rater(app, cycle_id, "C"), ["3", "3", "not_sure", "4", "2", "3", "4"],
             language="es")
    log_in(client, team["coach"])
    page = client.get(f"/organizations/{team['organization'].id}/cycles/{cycle_id}/profile"
                      ).get_data(as_text=True)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    accountability = next(r for r in rows if "Accountability and leadership" in r)
    assert "3 · Well-Developed" in accountability and "1–3" in accountability
    assert "Low agreement" in accountability
    development = next(r for r in rows if "Part of employee development" in r)
    assert "1 not sure" in development and "Agreed" in development
    assert "2 · Partially Developed" in page  # overall: the budget practice sits at 2
    assert "3.00 of 4" in page                # (3+3+3+4+2+3+3) / 7
    assert "No training budget line yet." in page
    assert '<svg class="chart"' in page and "<title id=\"chart-title\">Capability profile" in page


def test_the_profile_reads_in_spanish_with_spanish_numbers(app, client, team, cycle):
    cycle_id = cycle()
    rate_all(app, add_rater(app, cycle_id), ["3", "3", "3", "4", "2", "3", "2"])
    log_in(client, team["lead"])
    post_form(client, "/language", {"lang": "es", "next": "/"})
    page = client.get(f"/organizations/{team['organization'].id}/cycles/{cycle_id}/profile"
                      ).get_data(as_text=True)
    assert "Buen desarrollo" in page and "Desarrollo parcial" in page
    assert "Responsabilidad y liderazgo" in page
    assert "2.86 de 4" in page  # 20 / 7; es_US writes a decimal point


def test_a_follow_up_cycle_shows_the_change_from_the_baseline(app, client, team, cycle):
    baseline = cycle("2026 baseline", date(2026, 1, 15))
    follow_up = cycle("2027 follow-up", date(2027, 1, 15))
    rate_all(app, add_rater(app, baseline), ["1", "2", "2", "2", "1", "1", "1"])
    rate_all(app, add_rater(app, follow_up), ["2", "2", "3", "1", "not_sure", "1", "1"])
    log_in(client, team["lead"])
    page = client.get(f"/organizations/{team['organization'].id}/cycles/{follow_up}/profile"
                      ).get_data(as_text=True)
    assert "Change is counted from the first cycle, “2026 baseline”." in page
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    change = {name: next(r for r in rows if name in r) for name in (
        "Accountability", "Process in", "Part of employee", "Pathways mapped", "Budget for")}
    assert "Up 1" in change["Accountability"]
    assert "Same" in change["Process in"]
    assert "Down 1" in change["Pathways mapped"]
    assert "Up 1" in change["Part of employee"]
    assert "Up" not in change["Budget for"] and "Down" not in change["Budget for"]


def test_how_scores_work_explains_the_rules_in_both_languages(client):
    english = client.get("/how-scores-work").get_data(as_text=True)
    assert "picks the level that fits" in english and "lower of the two middle answers" in english
    assert "Low agreement" in english and "highest level that every practice reaches" in english
    spanish = client.get("/how-scores-work", headers={"Accept-Language": "es"}).get_data(
        as_text=True)
    assert "Desarrollo inicial" in spanish and "mediana" in spanish


def test_another_organizations_cycle_is_not_found_through_my_organization(app, client, team,
                                                                         make_organization,
                                                                         cycle):
    other = make_organization("Other")
    with app.app_context():
        theirs = operations.start_cycle(db.session.get(type(other), other.id), "Theirs",
                                        date(2026, 1, 1)).id
    log_in(client, team["lead"])
    assert client.get(f"/organizations/{team['organization'].id}/cycles/{theirs}/profile"
                      ).status_code == 404


def test_a_new_link_also_ends_the_session_opened_with_the_old_one(app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id)
    wrong_person = app.test_client()
    wrong_person.get(f"/rate/{token}")
    log_in(client, team["lead"])
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == token))
    post_form(client, f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
                      f"/raters/{rater_id}/reissue")
    response = post_form(wrong_person, "/rate/practices/1", {"level": "4"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Rating)).all() == []


def test_going_back_saves_the_answer_on_screen(app, cycle):
    token = add_rater(app, cycle())
    client = app.test_client()
    client.get(f"/rate/{token}")
    post_form(client, "/rate/practices/1", {"level": "2"})
    response = post_form(client, "/rate/practices/2", {"level": "3", "evidence": "Seen it",
                                                       "back": "1"})
    assert response.headers["Location"] == "/rate/practices/1"
    assert stored_ratings(app, token)["process"] == (3, "Seen it")
    response = post_form(client, "/rate/practices/3", {"back": "1"})  # nothing chosen: just go
    assert response.headers["Location"] == "/rate/practices/2"


def test_a_rater_without_a_session_is_asked_to_open_their_link_again(client):
    response = client.get("/rate/practices/2")
    assert response.status_code == 404
    assert "Open the link you were sent by email or text message." in response.get_data(
        as_text=True)


def test_switching_language_on_a_form_address_returns_to_a_page_that_exists(client):
    response = post_form(client, "/language", {"lang": "es", "next": "/logout"})
    assert response.headers["Location"] == "/"
    response = post_form(client, "/language", {"lang": "es", "next": "/login?next=/admin/"})
    assert response.headers["Location"] == "/login?next=/admin/"


def test_stored_scores_follow_every_change_to_the_ratings(app, client, team, cycle):
    from assessment.capability.models import PracticeScore

    cycle_id = cycle()
    first = add_rater(app, cycle_id, "A")
    rate_all(app, first, ["1"] * 7)
    rate_all(app, add_rater(app, cycle_id, "B"), ["3"] * 7)

    def stored():
        with app.app_context():
            return {s.practice_id: (s.level, s.lowest, s.highest, s.rater_count)
                    for s in db.session.scalars(select(PracticeScore).where(
                        PracticeScore.cycle_id == cycle_id))}
    assert stored()["budget"] == (1, 1, 3, 2)
    log_in(client, team["lead"])
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == first))
    post_form(client, f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
                      f"/raters/{rater_id}/revoke")
    assert stored()["budget"] == (3, 3, 3, 1)
    with app.app_context():
        profile = operations.cycle_profile(db.session.get(AssessmentCycle, cycle_id))
    assert all(stored()[p.practice_id][0] == p.level for p in profile.practices)


def test_closing_a_cycle_asks_first_on_a_page_of_its_own(app, client, team, cycle):
    cycle_id = cycle()
    log_in(client, team["lead"])
    base = f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
    assert f'href="{base}/close"' in client.get(base).get_data(as_text=True)
    page = client.get(f"{base}/close").get_data(as_text=True)
    assert "Close the cycle “2026 baseline”?" in page
    assert "Raters can no longer change their answers" in page
    assert f'<form method="post" action="{base}/close"' in page and f'href="{base}"' in page
    with app.app_context():
        assert db.session.get(AssessmentCycle, cycle_id).is_open  # asking changed nothing


def test_a_lead_reopens_a_closed_cycle_and_the_history_says_who_did_what(
        app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id)
    log_in(client, team["lead"])
    base = f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
    post_form(client, f"{base}/close")
    post_form(client, f"{base}/close")  # a double tap closes once
    assert "Reopen the cycle “2026 baseline”?" in client.get(f"{base}/reopen").get_data(
        as_text=True)
    post_form(client, f"{base}/reopen")
    page = client.get(base).get_data(as_text=True)
    assert "Open: raters can still change their answers." in page
    history = page[page.index("History of this cycle"):]
    assert history.count("Dana Brooks · closed the cycle") == 1
    assert history.count("Dana Brooks · reopened the cycle") == 1
    rater = app.test_client()
    rater.get(f"/rate/{token}")
    assert post_form(rater, "/rate/practices/1", {"level": "3"}).status_code == 302
    assert stored_ratings(app, token)["accountability"][0] == 3


def test_turning_off_or_replacing_a_link_asks_first(app, client, team, cycle):
    cycle_id = cycle()
    token = add_rater(app, cycle_id, "Rosa")
    log_in(client, team["lead"])
    base = f"/organizations/{team['organization'].id}/cycles/{cycle_id}"
    with app.app_context():
        rater_id = db.session.scalar(select(Rater.id).where(Rater.token == token))
    off = client.get(f"{base}/raters/{rater_id}/revoke").get_data(as_text=True)
    assert "Turn off the link for Rosa?" in off and "left out of the results" in off
    new = client.get(f"{base}/raters/{rater_id}/reissue").get_data(as_text=True)
    assert "Make a new link for Rosa?" in new and "stops working at once" in new
    with app.app_context():
        rater = db.session.get(Rater, rater_id)
        assert rater.token == token and rater.revoked_at is None
