"""The lattice editor for leads and coaches: starting from a starter, editing positions,
moves and offerings in both languages, publishing, and every bad input answered in the
user's language with nothing lost."""
from __future__ import annotations

import pytest

from assessment.extensions import db
from assessment.lattice import operations
from assessment.organizations.models import Organization
from tests.conftest import post_form
from tests.lattice_helpers import (
    add_starter_by_form,
    draft,
    editor,
    key_of,
    publish_by_form,
    text,
)


@pytest.fixture
def lead(app, make_organization, make_user, logged_in):
    organization = make_organization("Harbor Peer Collective")
    client = logged_in(make_user("lead", organization))
    return client, organization.id


def position_data(**overrides) -> dict:
    data = {"title_en": "Peer navigator", "title_es": "Navegador(a) de pares", "track": "t1",
            "step": "2", "pay_unit": "hour", "pay_low": "21.00", "pay_high": "25.50",
            "schedule": "full", "education_en": "", "education_es": "",
            "certification_en": "Medi-Cal peer certification",
            "certification_es": "Certificación de pares de Medi-Cal",
            "months_experience": "12"}
    return {**data, **overrides}


def test_a_lead_starts_from_a_starter_and_sees_its_positions(lead, app):
    client, org_id = lead
    response = add_starter_by_form(client, org_id)
    assert response.status_code == 302
    page = text(client.get(editor(org_id)))
    assert "Peer support specialist" in page and "Peer support supervisor" in page
    assert "No pay range yet" in page  # the starter leaves pay to the organization
    assert len(draft(app, org_id).positions) == 4


def test_a_lead_adds_a_position_with_pay_and_requirements(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    response = post_form(client, f"{editor(org_id)}/position", position_data())
    assert response.status_code == 302
    saved = next(p for p in draft(app, org_id).positions if p.title.en == "Peer navigator")
    assert saved.title.es == "Navegador(a) de pares"
    assert (saved.pay.unit, str(saved.pay.low), str(saved.pay.high)) == ("hour", "21.00", "25.50")
    assert saved.months_experience == 12 and saved.track == "t1"


def test_the_position_form_shows_the_regions_peer_pay_beside_the_pay(lead, app):
    client, org_id = lead
    with app.app_context():
        db.session.get(Organization, org_id).hhs_region = 9
        db.session.commit()
    add_starter_by_form(client, org_id)
    page = text(client.get(f"{editor(org_id)}/position"))
    assert "HHS region 9" in page and "median of $" in page


def test_pay_whose_end_is_below_its_start_is_refused_and_the_form_kept(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    response = post_form(client, f"{editor(org_id)}/position",
                         position_data(pay_low="25.00", pay_high="20.00"))
    page = text(response)
    assert response.status_code == 400
    assert "The end of the pay range is below its start" in page
    assert 'value="Peer navigator"' in page  # nothing typed is lost
    assert not any(p.title.en == "Peer navigator" for p in draft(app, org_id).positions)


def test_pay_errors_are_in_spanish_for_a_spanish_reader(lead):
    client, org_id = lead
    post_form(client, "/language", {"lang": "es", "next": "/"})
    add_starter_by_form(client, org_id)
    response = post_form(client, f"{editor(org_id)}/position",
                         position_data(pay_low="25.00", pay_high="20.00"))
    assert response.status_code == 400
    assert "El final del rango de pago" in text(response)


def test_a_title_missing_in_one_language_is_saved_marked_not_yet_translated(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    response = post_form(client, f"{editor(org_id)}/position", position_data(title_es=""))
    assert response.status_code == 302
    saved = next(p for p in draft(app, org_id).positions if p.title.en == "Peer navigator")
    assert saved.title.untranslated == "es"
    page = text(client.get(editor(org_id)))
    assert "still missing in Spanish" in page


def test_a_title_missing_in_both_languages_is_refused(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    response = post_form(client, f"{editor(org_id)}/position",
                         position_data(title_en="", title_es=""))
    assert response.status_code == 400
    assert "Write the title in English or Spanish" in text(response)


def test_a_move_from_a_position_to_itself_is_refused(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    document = draft(app, org_id)
    key = key_of(document, "Peer support specialist")
    response = post_form(client, f"{editor(org_id)}/move",
                         {"source": key, "target": key, "kind": "lateral"})
    assert response.status_code == 400
    assert "choose a different position to move to" in text(response)
    assert len(draft(app, org_id).moves) == len(document.moves)


def test_a_lead_adds_a_move_and_names_the_offering_that_prepares_for_it(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    add_starter_by_form(client, org_id, "family-partner")
    document = draft(app, org_id)
    source = key_of(document, "Peer support specialist")
    target = key_of(document, "Certified family peer specialist")
    offering = document.offerings[0].key
    response = post_form(client, f"{editor(org_id)}/move", {
        "source": source, "target": target, "kind": "diagonal", "training_en": "Family track",
        "training_es": "Área familiar", "months_in_role": "6", "offerings": [offering]})
    assert response.status_code == 302
    move = draft(app, org_id).moves_from(source)[-1]
    assert (move.target, move.kind, move.offerings) == (target, "diagonal", (offering,))


def test_deleting_a_position_that_moves_point_to_asks_then_removes_the_moves(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    document = draft(app, org_id)
    key = key_of(document, "Peer support specialist")
    url = f"{editor(org_id)}/position/delete?key={key}"
    page = text(client.get(url))
    assert "Remove the position “Peer support specialist”?" in page
    assert "2 move(s) to or from this position are removed too" in page
    assert draft(app, org_id).position(key) is not None  # asking changed nothing
    assert post_form(client, url).status_code == 302
    after = draft(app, org_id)
    assert after.position(key) is None
    assert not [m for m in after.moves if key in (m.source, m.target)]


def test_an_offering_is_saved_with_cost_paid_time_and_languages(lead, app):
    client, org_id = lead
    response = post_form(client, f"{editor(org_id)}/offering", {
        "kind": "tuition", "name_en": "Tuition help", "name_es": "Ayuda con la matrícula",
        "cost": "0", "paid_time": "y", "languages": ["en", "es"]})
    assert response.status_code == 302
    offering = draft(app, org_id).offerings[0]
    assert (offering.kind, offering.cost, offering.paid_time, offering.languages) == (
        "tuition", 0, True, ("en", "es"))


def test_drafts_stay_private_until_published_and_the_old_version_stays_until_then(
        lead, app, client):
    lead_client, org_id = lead
    add_starter_by_form(lead_client, org_id)
    with app.app_context():
        code = operations.lattice_of(db.session.get(Organization, org_id)).code
    worker = app.test_client()
    assert worker.get(f"/l/{code}").status_code == 404  # a draft is not shown
    assert "Publish the lattice?" in text(lead_client.get(f"{editor(org_id)}/publish"))
    assert publish_by_form(lead_client, org_id).status_code == 302
    assert "Peer support specialist" in text(worker.get(f"/l/{code}"))
    post_form(lead_client, f"{editor(org_id)}/position", position_data())
    assert "Peer navigator" not in text(worker.get(f"/l/{code}"))  # not yet published
    publish_by_form(lead_client, org_id)
    assert "Peer navigator" in text(worker.get(f"/l/{code}"))
    with app.app_context():
        lattice = operations.lattice_of(db.session.get(Organization, org_id))
        assert [v.number for v in lattice.published] == [1, 2]


def test_a_coach_of_the_organization_edits_its_lattice(app, make_organization, make_user,
                                                       logged_in):
    organization = make_organization()
    client = logged_in(make_user("coach", coaches=[organization]))
    assert add_starter_by_form(client, organization.id).status_code == 302
    assert len(draft(app, organization.id).positions) == 4


def test_a_save_over_someone_elses_newer_save_is_refused(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    page = client.get(f"{editor(org_id)}/position").get_data(as_text=True)
    assert 'name="read_version"' in page
    response = post_form(client, f"{editor(org_id)}/position",
                         position_data(read_version="1"))  # the draft is at version 2 now
    assert response.status_code == 302
    assert "Someone else changed the lattice" in text(client.get(editor(org_id)))
    assert not any(p.title.en == "Peer navigator" for p in draft(app, org_id).positions)


def test_the_organization_page_shows_the_lattice_checks_as_evidence_for_practices_3_and_4(
        lead, app):
    client, org_id = lead
    page = text(client.get(f"/organizations/{org_id}"))
    assert "No career lattice yet" in page
    add_starter_by_form(client, org_id)
    page = text(client.get(f"/organizations/{org_id}"))
    assert "Evidence for: 3. Part of employee development; 4. Pathways mapped" in page
    assert "it never changes a rating" in page
    assert "No pay range yet: Peer support trainee" in page
    assert "No way up or across from: Peer support supervisor" in page


def test_plan_items_for_practices_3_and_4_link_to_the_lattice(lead, app):
    from datetime import date

    from assessment.capability import operations as capability
    from assessment.planning.operations import create_plan
    client, org_id = lead
    with app.app_context():
        cycle = capability.start_cycle(db.session.get(Organization, org_id), "2026",
                                       date(2026, 1, 15))
        create_plan(cycle, None, None, date.today())
        cycle_id = cycle.id
    page = client.get(f"/organizations/{org_id}/cycles/{cycle_id}/plan").get_data(as_text=True)
    assert page.count(f'href="/organizations/{org_id}/lattice"') == 2


def test_removing_a_track_asks_then_removes_its_positions_and_their_moves(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    add_starter_by_form(client, org_id, "family-partner")
    before = draft(app, org_id)
    url = f"{editor(org_id)}/track/delete?key=t1"
    page = text(client.get(url))
    assert "Remove the track “Peer support”?" in page and "4 position(s)" in page
    assert post_form(client, url).status_code == 302
    after = draft(app, org_id)
    assert [t.name.en for t in after.tracks] == ["Family partner"]
    assert len(after.positions) == len(before.positions) - 4
    assert all(after.position(m.source) and after.position(m.target) for m in after.moves)


def test_an_unknown_item_key_in_the_editor_is_a_new_item_or_a_plain_message(lead, app):
    client, org_id = lead
    add_starter_by_form(client, org_id)
    assert client.get(f"{editor(org_id)}/position?key=nope").status_code == 200
    response = client.get(f"{editor(org_id)}/position/delete?key=nope", follow_redirects=True)
    assert "no longer in the draft" in text(response)
