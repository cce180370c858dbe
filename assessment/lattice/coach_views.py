"""The coach's view of the lattices: each assigned organization's published lattice, and
comparable positions' pay against seed 003's peer pay by region and gender."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from ..access import role_required
from ..coaching.queries import organization_ids
from ..extensions import db
from ..i18n import current_language
from ..organizations.models import Organization
from ..peer_pay import peer_pay
from .cohort import pay_groups
from .operations import published_lattices

bp = Blueprint("lattice_coach", __name__, url_prefix="/coach/lattices")


@bp.get("/")
@role_required("coach", "admin")
def index():
    ids = organization_ids(current_user)
    organizations = db.session.scalars(select(Organization).where(
        Organization.id.in_(ids)).order_by(Organization.name)).all()
    versions = published_lattices(ids)
    language = current_language()
    groups = pay_groups([(o.name, o.hhs_region, versions[o.id].document)
                         for o in organizations if o.id in versions], peer_pay(), language)
    return render_template("lattice/coach.html", organizations=organizations,
                           versions=versions, groups=groups, language=language,
                           source=peer_pay().source)
