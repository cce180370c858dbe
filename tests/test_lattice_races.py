"""Races on the lattice under gunicorn with several workers: the first visits make one
lattice, two people saving the draft at once never undo each other silently, and
publishing twice at once numbers the versions without a clash."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from assessment.extensions import db
from assessment.lattice import operations
from assessment.lattice.models import CareerLattice
from assessment.organizations.models import Organization
from tests.lattice_helpers import published_lattice
from tests.live_gunicorn import at_once, gunicorn_server, logged_in_phone, token_of  # noqa: F401

CHANGED = "Someone else changed the lattice"


def test_first_visits_at_once_make_one_lattice(app, gunicorn_server, make_organization,
                                               make_user):  # noqa: F811
    organization = make_organization()
    phone = logged_in_phone(gunicorn_server(), make_user("lead", organization))
    pages = at_once(6, lambda i: phone.get(f"/organizations/{organization.id}/lattice"))
    assert all(status == 200 for status, _ in pages)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CareerLattice)) == 1


def test_two_saves_at_once_keep_one_and_tell_the_other(app, gunicorn_server,
                                                        make_organization, make_user):  # noqa: F811
    organization = make_organization()
    published_lattice(app, organization.id)  # a draft with a track "t1"
    base = gunicorn_server()
    phones = [logged_in_phone(base, make_user("lead", organization)) for _ in range(2)]
    url = f"/organizations/{organization.id}/lattice/position"
    forms = []
    for phone in phones:
        page = phone.get(url)[1]
        forms.append({"csrf_token": token_of(page),
                      "read_version": re.search(r'name="read_version"[^>]*value="(\d+)"',
                                                page).group(1)})

    def save(i: int):
        return phones[i].post(url, {**forms[i], "title_en": f"Navigator {i}",
                                    "title_es": f"Navegador {i}", "track": "t1", "step": "2",
                                    "pay_unit": "", "schedule": "full"})

    assert [status for status, _ in at_once(2, save)] == [302, 302]
    with app.app_context():
        document = operations.lattice_of(db.session.get(Organization, organization.id)).document
    saved = [i for i in range(2) if any(p.title.en == f"Navigator {i}" for p in document.positions)]
    assert len(saved) == 1
    refused = 1 - saved[0]
    assert CHANGED in phones[refused].get(f"/organizations/{organization.id}/lattice")[1]
    assert CHANGED not in phones[saved[0]].get(f"/organizations/{organization.id}/lattice")[1]


def test_publishing_twice_at_once_numbers_the_versions_without_a_clash(
        app, gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization()
    published_lattice(app, organization.id)
    phone = logged_in_phone(gunicorn_server(), make_user("lead", organization))
    url = f"/organizations/{organization.id}/lattice/publish"
    token = token_of(phone.get(url)[1])
    results = at_once(3, lambda i: phone.post(url, {"csrf_token": token}))
    assert all(status == 302 for status, _ in results)
    with app.app_context():
        lattice = operations.lattice_of(db.session.get(Organization, organization.id))
        numbers = [version.number for version in lattice.published]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
