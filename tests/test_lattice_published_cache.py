"""A published lattice's document is read once per process (issue 15: the coach's pay
table parsed every organization's lattice on every view). Kept documents must never
outlive what they were read from."""
from datetime import datetime, timedelta

from assessment.extensions import db
from assessment.lattice.document import Lattice, to_data
from assessment.lattice.models import CareerLattice, LatticeVersion
from assessment.lattice.starters import add_starter, library
from assessment.organizations.models import Organization


def _document(starter: str) -> dict:
    return to_data(add_starter(Lattice(), library().starters[starter]))


def test_a_row_whose_id_comes_back_shows_its_own_document(app):
    """SQLite may give a deleted row's id to the next row: the kept document of the old
    version must not be shown for the new one."""
    with app.app_context():
        organization = Organization(name="Harbor Peer Collective")
        db.session.add(organization)
        db.session.flush()
        lattice = CareerLattice(organization_id=organization.id, code="CODE1",
                                draft=_document("peer-support"))
        db.session.add(lattice)
        db.session.flush()
        old = LatticeVersion(lattice_id=lattice.id, number=1, data=_document("peer-support"),
                             published_at=datetime(2026, 1, 1))
        db.session.add(old)
        db.session.commit()
        version_id = old.id
        first = old.document
        assert old.document is first  # kept
        db.session.delete(old)
        db.session.commit()
        again = LatticeVersion(id=version_id, lattice_id=lattice.id, number=1,
                               data=_document("family-partner"),
                               published_at=datetime(2026, 1, 1) + timedelta(days=1))
        db.session.add(again)
        db.session.commit()
        assert again.document == add_starter(Lattice(), library().starters["family-partner"])
        assert again.document != first
