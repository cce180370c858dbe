"""Changes to an organization's lattice: its draft, its publication, its short link."""
from __future__ import annotations

import secrets

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..organizations.models import Organization
from .document import Lattice, to_data
from .models import CareerLattice, LatticeVersion

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a poster


class ChangedMeanwhile(Exception):
    """Someone else saved the draft since this change was read; nothing was saved."""


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def lattice_of(organization: Organization) -> CareerLattice | None:
    return db.session.scalar(select(CareerLattice).where(
        CareerLattice.organization_id == organization.id))


def lattice_for(organization: Organization) -> CareerLattice:
    """The organization's lattice, made empty the first time it is asked for."""
    found = lattice_of(organization)
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            found = CareerLattice(organization_id=organization.id, code=_code(),
                                  draft=to_data(Lattice()))
            db.session.add(found)
        db.session.commit()
        return found
    except IntegrityError:  # another request made it first
        db.session.rollback()
        return lattice_of(organization)


def save_draft(lattice: CareerLattice, document: Lattice, read_version: int | None = None) -> None:
    """Store the draft. read_version: the version the editor's form was made from; a save
    over someone else's newer save is refused rather than undoing it."""
    if read_version is not None and read_version != lattice.version:
        raise ChangedMeanwhile
    lattice.draft = to_data(document)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ChangedMeanwhile from None


def publish(lattice: CareerLattice, user_id: int | None) -> LatticeVersion:
    """A dated copy of the draft that staff see from now on; older copies are kept."""
    number = (db.session.scalar(select(func.max(LatticeVersion.number)).where(
        LatticeVersion.lattice_id == lattice.id)) or 0) + 1
    version = LatticeVersion(lattice_id=lattice.id, number=number, published_by=user_id,
                             data=dict(lattice.draft))
    db.session.add(version)
    try:
        db.session.commit()
    except IntegrityError:  # published twice at once: the other one stands
        db.session.rollback()
        return lattice_of(lattice.organization).latest
    return version


def by_code(code: str) -> CareerLattice | None:
    code = "".join(ch for ch in code.upper() if ch in CODE_ALPHABET)[:16]
    if not code:
        return None
    return db.session.scalar(select(CareerLattice).where(CareerLattice.code == code))


def published_lattices(organization_ids: list[int]) -> dict[int, LatticeVersion]:
    """The latest published version of each organization that has one, in one statement,
    with its lattice's link code (not its draft, which nobody reads here)."""
    newest = (select(LatticeVersion.lattice_id, func.max(LatticeVersion.number).label("number"))
              .group_by(LatticeVersion.lattice_id).subquery())
    versions = db.session.scalars(
        select(LatticeVersion).join(LatticeVersion.lattice)
        .join(newest, and_(newest.c.lattice_id == LatticeVersion.lattice_id,
                           newest.c.number == LatticeVersion.number))
        .options(contains_eager(LatticeVersion.lattice).load_only(
            CareerLattice.id, CareerLattice.code, CareerLattice.organization_id))
        .where(CareerLattice.organization_id.in_(organization_ids)))
    return {version.lattice.organization_id: version for version in versions}
