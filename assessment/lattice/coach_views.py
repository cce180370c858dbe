"""The coach's view of the lattices: each assigned organization's published lattice, and
comparable positions' pay against seed 003's peer pay by region and gender."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..access import role_required
from ..coaching.listing import names_page
from ..coaching.queries import organization_ids
from ..extensions import db
from ..fields import whole_number
from ..i18n import current_language
from ..organizations.models import Organization
from ..peer_pay import peer_pay
from .cohort import pay_groups
from .operations import published_lattices

bp = Blueprint("lattice_coach", __name__, url_prefix="/coach/lattices")


@bp.get("/")
@role_required("coach", "admin")
def index():
    """A page of organizations by name (50 a page, as the cohort), their published
    lattices, and the pay of their comparable positions side by side: the whole cohort's
    positions, thousands of rows, are in the positions export."""
    rows, page = names_page(organization_ids(current_user),
                            whole_number(request.args.get("page")))
    shown = [row.organization_id for row in rows]
    by_id = {organization.id: organization for organization in db.session.scalars(
        select(Organization).where(Organization.id.in_(shown)))}
    organizations = [by_id[org_id] for org_id in shown]
    versions = published_lattices(shown)
    language = current_language()
    groups = pay_groups([(o.name, o.hhs_region, versions[o.id].document)
                         for o in organizations if o.id in versions], peer_pay(), language)
    return render_template("lattice/coach.html", organizations=organizations, page=page,
                           versions=versions, groups=groups, language=language,
                           source=peer_pay().source)
