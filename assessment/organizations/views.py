from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..access import can_manage_organization, organization_required
from ..capability.operations import cycles_of
from ..comments.operations import latest_in as latest_comment
from ..extensions import db
from .models import Organization

bp = Blueprint("organizations", __name__, url_prefix="/organizations")


@bp.get("/")
@login_required
def index():
    if current_user.role == "lead":
        return redirect(url_for("organizations.show", org_id=current_user.organization_id))
    if current_user.role == "admin":
        organizations = db.session.scalars(select(Organization).order_by(Organization.name))
    else:
        organizations = current_user.coached_organizations
    return render_template("organizations/index.html", organizations=list(organizations))


@bp.get("/<int:org_id>")
@organization_required
def show(organization: Organization):
    latest = latest_comment(organization.id)
    return render_template(
        "organizations/show.html", organization=organization,
        new_comment=latest if latest and latest.author_id != current_user.id else None,
        cycles=list(reversed(cycles_of(organization))),
        can_manage=can_manage_organization(current_user, organization))
