"""The lattice's CSV rows for a coach's exports: positions and offerings of each
organization's published lattice."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..organizations.models import Organization
from .document import Lattice
from .forms import LANGUAGE_NAMES, OFFERING_KIND_NAMES, PAY_UNIT_NAMES, SCHEDULE_NAMES
from .operations import published_lattices

EXPORTS = ("lattice-positions", "lattice-offerings")


def _published(org_ids: list[int]) -> list[tuple[Organization, object]]:
    versions = published_lattices(org_ids)
    organizations = db.session.scalars(select(Organization).where(
        Organization.id.in_(list(versions))).order_by(Organization.name)).all()
    return [(o, versions[o.id]) for o in organizations]


def _name(names: dict, code: str | None) -> str:
    """A stored code (hour, part, mentoring, es) as the page names it, in the reader's language."""
    return str(names[code]) if code in names else (code or "")


def _text(text, language: str) -> str:
    return text.in_language(language) if text else ""


def positions(org_ids: list[int], language: str) -> tuple[list[str], list[list]]:
    header = [_("Organization"), _("HHS region"), _("Published"), _("Track"), _("Step"),
              _("Position"), _("Pay per"), _("Pay from"), _("Pay to"), _("Hours"),
              _("Education"), _("Certification"), _("Lived experience"),
              _("Months of experience"), _("Moves from it")]
    rows = []
    for organization, version in _published(org_ids):
        lattice: Lattice = version.document
        for track in lattice.tracks:
            for p in lattice.positions_in(track.key):
                rows.append([
                    organization.name, organization.hhs_region or "",
                    version.published_at.date().isoformat(), _text(track.name, language),
                    p.step, _text(p.title, language),
                    _name(PAY_UNIT_NAMES, p.pay.unit) if p.pay else "",
                    p.pay.low if p.pay else "", p.pay.high if p.pay else "",
                    _name(SCHEDULE_NAMES, p.schedule),
                    _text(p.education, language), _text(p.certification, language),
                    _("yes") if p.lived_experience else _("no"), p.months_experience or "",
                    len(lattice.moves_from(p.key))])
    return header, rows


def offerings(org_ids: list[int], language: str) -> tuple[list[str], list[list]]:
    header = [_("Organization"), _("Published"), _("Offering"), _("Kind"), _("Who can take part"),
              _("Cost to the worker"), _("Paid time"), _("Languages"), _("Moves it prepares for")]
    rows = []
    for organization, version in _published(org_ids):
        lattice: Lattice = version.document
        for o in lattice.offerings:
            rows.append([
                organization.name, version.published_at.date().isoformat(),
                _text(o.name, language), _name(OFFERING_KIND_NAMES, o.kind),
                _text(o.eligibility, language),
                "" if o.cost is None else o.cost, _("yes") if o.paid_time else _("no"),
                ", ".join(_name(LANGUAGE_NAMES, code) for code in o.languages), sum(1 for m in lattice.moves if o.key in m.offerings)])
    return header, rows


def lattice_export(kind: str, org_ids: list[int], language: str):
    return positions(org_ids, language) if kind == "lattice-positions" else offerings(
        org_ids, language)
