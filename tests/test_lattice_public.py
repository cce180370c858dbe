"""What a worker sees with no account: the published lattice at its short link (SVG and a
text list), a position's page, "My career map" with routes and the worksheet PDF, the
poster; unknown links and unconnected jobs answered plainly, never a 500."""
from __future__ import annotations

import re

import pytest

from assessment.extensions import db
from assessment.lattice import operations
from assessment.lattice.document import Move
from assessment.organizations.models import Organization
from tests.conftest import post_form
from tests.lattice_helpers import draft, key_of, published_lattice, text


@pytest.fixture
def published(app, make_organization):
    organization = make_organization("Harbor Peer Collective")
    code = published_lattice(app, organization.id, "peer-support", "family-partner")
    return code, draft(app, organization.id), organization.id


def test_the_short_link_shows_the_lattice_drawn_and_as_a_list(client, published):
    code, document, _ = published
    response = client.get(f"/l/{code}")
    page = text(response)
    assert response.status_code == 200
    assert "<svg" in page and 'role="group"' in page and "<title" in page
    assert "Careers at Harbor Peer Collective" in page
    for position in document.positions:  # the text alternative names every job
        assert position.title.en in page


def test_the_short_link_works_in_lower_case_too(client, published):
    code, _, _ = published
    assert client.get(f"/l/{code.lower()}").status_code == 200


def test_the_lattice_reads_in_spanish(client, published):
    code, _, _ = published
    post_form(client, "/language", {"lang": "es", "next": "/"})
    page = text(client.get(f"/l/{code}"))
    assert "Especialista en apoyo entre pares" in page and "Acompañante familiar" in page


def test_the_public_pages_load_nothing_from_elsewhere_and_need_no_script(client, published):
    code, document, _ = published
    start, goal = document.positions[0].key, document.positions[2].key
    for url in (f"/l/{code}", f"/l/{code}/p/{start}", f"/l/{code}/map?start={start}&goal={goal}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script" not in page and "style=" not in page
        assert not re.search(r'(src|href|action)="(https?:)?//', page)


def test_an_unknown_short_link_says_so_in_the_workers_language(client):
    response = client.get("/l/NOSUCH99")
    assert response.status_code == 404
    assert "does not lead to a published career lattice" in text(response)


def test_an_unpublished_lattice_is_not_shown(app, client, make_organization):
    organization = make_organization()
    with app.app_context():
        code = operations.lattice_for(db.session.get(Organization, organization.id)).code
    response = client.get(f"/l/{code}")
    assert response.status_code == 404
    assert "may not be published yet" in text(response)


def test_a_position_page_shows_pay_requirements_ksas_moves_and_offerings(client, published):
    code, document, _ = published
    key = key_of(document, "Peer support trainee")
    page = text(client.get(f"/l/{code}/p/{key}"))
    assert "Pay not given yet" in page and "Part-time" in page
    assert "High school diploma" in page and "Lived experience of recovery" in page
    assert "Listens without judging" in page  # a KSA from the competency list
    assert "Peer support specialist" in page  # where one can go from here
    assert "80-hour Medi-Cal peer support core training" in page
    assert "On paid work time" in page and "Given in: English, Spanish." in page


def test_an_unknown_position_is_a_friendly_404(client, published):
    code, _, _ = published
    response = client.get(f"/l/{code}/p/zz9")
    assert response.status_code == 404 and "not in the lattice" in text(response)


def test_my_career_map_shows_the_route_what_it_takes_and_a_likely_time(client, published):
    code, document, _ = published
    start = key_of(document, "Peer support trainee")
    goal = key_of(document, "Peer support supervisor")
    page = text(client.get(f"/l/{code}/map?start={start}&goal={goal}"))
    assert "1 route with the fewest moves" in page
    assert "3 moves" in page and "likely about 42 months" in page
    assert "Pass the state certification exam" in page
    assert "Mentoring by a senior peer specialist" in page


def test_no_route_between_unconnected_jobs_says_ask_your_supervisor(client, published):
    code, document, _ = published
    start = key_of(document, "Peer support trainee")
    goal = key_of(document, "Family partner lead")
    response = client.get(f"/l/{code}/map?start={start}&goal={goal}")
    assert response.status_code == 200
    assert "No route yet: ask your supervisor" in text(response)


def test_no_route_in_spanish(client, published):
    code, document, _ = published
    post_form(client, "/language", {"lang": "es", "next": "/"})
    start = key_of(document, "Peer support trainee")
    goal = key_of(document, "Family partner lead")
    assert "pregunte a su supervisor" in text(
        client.get(f"/l/{code}/map?start={start}&goal={goal}"))


def test_the_same_job_twice_or_none_chosen_is_explained(client, published):
    code, document, _ = published
    key = document.positions[0].key
    assert "same job twice" in text(client.get(f"/l/{code}/map?start={key}&goal={key}"))
    assert "Choose where you are now" in text(client.get(f"/l/{code}/map?start=&goal=zz"))


def test_the_worksheet_is_a_pdf_with_the_workers_milestones_and_nothing_is_stored(
        app, client, published):
    code, document, org_id = published
    start = key_of(document, "Peer support trainee")
    goal = key_of(document, "Senior peer support specialist")
    with app.app_context():
        before = operations.lattice_for(db.session.get(Organization, org_id)).draft
    response = client.post(f"/l/{code}/worksheet.pdf", data={
        "start": start, "goal": goal, "milestone-0": "Finish the core training",
        "milestone-0-date": "2027-03-01", "milestone-1": "Take the exam",
        "milestone-1-date": "not a date"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    with app.app_context():
        assert operations.lattice_for(db.session.get(Organization, org_id)).draft == before
    assert "session" not in response.headers.get("Set-Cookie", "")


def test_the_worksheet_without_a_choice_is_a_clear_400(client, published):
    code, _, _ = published
    response = client.post(f"/l/{code}/worksheet.pdf", data={"start": "", "goal": ""})
    assert response.status_code == 400
    assert "Choose where you are now" in text(response)


def test_a_republished_lattice_keeps_an_old_link_to_a_removed_job_friendly(app, client,
                                                                            published):
    code, document, org_id = published
    key = document.positions[0].key
    with app.app_context():
        lattice = operations.lattice_for(db.session.get(Organization, org_id))
        operations.save_draft(lattice, lattice.document.without_position(key))
        operations.publish(lattice, None)
    assert client.get(f"/l/{code}/p/{key}").status_code == 404


def test_the_lead_prints_a_poster_with_the_short_link(app, make_user, logged_in, published):
    code, _, org_id = published
    with app.app_context():
        organization = db.session.get(Organization, org_id)
    client = logged_in(make_user("lead", organization))
    response = client.get(f"/organizations/{org_id}/lattice/poster.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_drawing_links_each_job_to_its_page(client, published):
    code, document, _ = published
    page = client.get(f"/l/{code}").get_data(as_text=True)
    assert all(f'href="/l/{code}/p/{p.key}"' in page for p in document.positions)


def test_a_move_stored_to_a_missing_position_is_skipped_not_a_500(app, client, published):
    code, _, org_id = published
    with app.app_context():
        lattice = operations.lattice_for(db.session.get(Organization, org_id))
        broken = lattice.document.with_move(Move("m999", "p6", "gone", "vertical"))
        operations.save_draft(lattice, broken)
        operations.publish(lattice, None)
    assert client.get(f"/l/{code}").status_code == 200
    assert client.get(f"/l/{code}/p/p6").status_code == 200


def test_the_poster_carries_the_short_link_in_both_languages(app, make_user, logged_in,
                                                             published):
    import io

    from pypdf import PdfReader
    code, _, org_id = published
    with app.app_context():
        organization = db.session.get(Organization, org_id)
    client = logged_in(make_user("lead", organization))
    response = client.get(f"/organizations/{org_id}/lattice/poster.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    words = " ".join(reader.pages[0].extract_text().split())
    assert f"/l/{code}" in words
    assert "Where can your career go here?" in words and "¿A dónde puede llegar" in words


def test_coming_from_a_job_page_the_map_starts_there_without_an_error(client, published):
    code, document, _ = published
    key = key_of(document, "Peer support specialist")
    response = client.get(f"/l/{code}/map?start={key}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'role="alert"' not in page
    assert f'<option value="{key}" selected>' in page
