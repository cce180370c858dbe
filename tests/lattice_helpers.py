"""Shared steps of the lattice tests: an organization with a lead, a lattice made from a
starter, published."""
from __future__ import annotations

import re

from assessment.extensions import db
from assessment.lattice import operations
from assessment.lattice.starters import add_starter, library
from assessment.organizations.models import Organization
from tests.conftest import post_form


def editor(org_id: int) -> str:
    return f"/organizations/{org_id}/lattice"


def add_starter_by_form(client, org_id: int, starter: str = "peer-support"):
    client.get(editor(org_id))
    return post_form(client, f"{editor(org_id)}/starter", {"starter-starter": starter})


def publish_by_form(client, org_id: int):
    return post_form(client, f"{editor(org_id)}/publish")


def published_lattice(app, org_id: int, *starters: str) -> str:
    """Make and publish a lattice from starters directly; its short link's code."""
    with app.app_context():
        organization = db.session.get(Organization, org_id)
        lattice = operations.lattice_for(organization)
        document = lattice.document
        for starter in starters or ("peer-support",):
            document = add_starter(document, library().starters[starter])
        operations.save_draft(lattice, document)
        operations.publish(lattice, None)
        return lattice.code


def draft(app, org_id: int):
    with app.app_context():
        return operations.lattice_of(db.session.get(Organization, org_id)).document


def key_of(document, title_en: str) -> str:
    return next(p.key for p in document.positions if p.title.en == title_en)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))
