"""The lattice's CSV rows for a coach's exports: positions and offerings of each
organization's published lattice. Rows come out of generators, one organization's
lattice read at a time, so an export starts at once and its memory stays flat."""
from __future__ import annotations

from functools import cache
from typing import Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..organizations.models import Organization
from .document import Lattice
from .forms import LANGUAGE_NAMES, OFFERING_KIND_NAMES, PAY_UNIT_NAMES, SCHEDULE_NAMES
from .models import CareerLattice, LatticeVersion

EXPORTS = ("lattice-positions", "lattice-offerings")


@cache
def _latest_versions():
    """Each organization's latest published version (operations.published_lattices), by
    organization name, in one query."""
    ranked = select(LatticeVersion, CareerLattice.organization_id, func.row_number().over(
        partition_by=LatticeVersion.lattice_id, order_by=LatticeVersion.number.desc()
    ).label("rank")).join(CareerLattice, CareerLattice.id == LatticeVersion.lattice_id).where(
        CareerLattice.organization_id.in_(bindparam("org_ids", expanding=True))).subquery()
    version = aliased(LatticeVersion, ranked)
    return (select(Organization, version)
            .join(ranked, ranked.c.organization_id == Organization.id)
            .where(ranked.c.rank == 1).order_by(Organization.name))


def _published(org_ids: list[int]) -> Iterator[tuple[Organization, LatticeVersion]]:
    if not org_ids:
        return
    result = db.session.execute(_latest_versions().execution_options(yield_per=50),
                                {"org_ids": org_ids})
    try:  # closed even when the download stops half way
        yield from result
    finally:
        result.close()


def _name(names: dict, code: str | None) -> str:
    """A stored code (hour, part, mentoring, es) as the page names it, in the reader's language."""
    return str(names[code]) if code in names else (code or "")


def _text(text, language: str) -> str:
    return text.in_language(language) if text else ""


def positions(org_ids: list[int], language: str) -> tuple[list[str], Iterable[list]]:
    header = [_("Organization"), _("HHS region"), _("Published"), _("Track"), _("Step"),
              _("Position"), _("Pay per"), _("Pay from"), _("Pay to"), _("Hours"),
              _("Education"), _("Certification"), _("Lived experience"),
              _("Months of experience"), _("Moves from it")]
    return header, _position_rows(org_ids, language)


def _position_rows(org_ids: list[int], language: str) -> Iterator[list]:
    for organization, version in _published(org_ids):
        lattice: Lattice = version.document
        for track in lattice.tracks:
            for p in lattice.positions_in(track.key):
                yield ([
                    organization.name, organization.hhs_region or "",
                    version.published_at.date().isoformat(), _text(track.name, language),
                    p.step, _text(p.title, language),
                    _name(PAY_UNIT_NAMES, p.pay.unit) if p.pay else "",
                    p.pay.low if p.pay else "", p.pay.high if p.pay else "",
                    _name(SCHEDULE_NAMES, p.schedule),
                    _text(p.education, language), _text(p.certification, language),
                    _("yes") if p.lived_experience else _("no"), p.months_experience or "",
                    len(lattice.moves_from(p.key))])


def offerings(org_ids: list[int], language: str) -> tuple[list[str], Iterable[list]]:
    header = [_("Organization"), _("Published"), _("Offering"), _("Kind"), _("Who can take part"),
              _("Cost to the worker"), _("Paid time"), _("Languages"), _("Moves it prepares for")]
    return header, _offering_rows(org_ids, language)


def _offering_rows(org_ids: list[int], language: str) -> Iterator[list]:
    for organization, version in _published(org_ids):
        lattice: Lattice = version.document
        for o in lattice.offerings:
            yield ([
                organization.name, version.published_at.date().isoformat(),
                _text(o.name, language), _name(OFFERING_KIND_NAMES, o.kind),
                _text(o.eligibility, language),
                "" if o.cost is None else o.cost, _("yes") if o.paid_time else _("no"),
                ", ".join(_name(LANGUAGE_NAMES, code) for code in o.languages), sum(1 for m in lattice.moves if o.key in m.offerings)])


def lattice_export(kind: str, org_ids: list[int], language: str):
    return positions(org_ids, language) if kind == "lattice-positions" else offerings(
        org_ids, language)
