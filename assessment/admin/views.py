from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from ..access import role_required
from ..auth.models import User
from ..auth.passwords import hash_password
from ..auth.roles import ROLE_LABELS
from ..extensions import db
from ..form_tokens import keeps_input
from ..organizations.models import Organization
from .forms import AssignmentForm, OrganizationForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger("assessment.security")


@bp.before_request
@role_required("admin")
def only_administrators() -> None:
    """Every page here is for administrators only."""


def _organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def _coaches() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == "coach").order_by(User.name)))


def _choices(rows) -> list[SelectChoice]:
    return [SelectChoice(row.id, row.name) for row in rows]


@bp.get("/")
def index():
    users = db.session.scalars(select(User).order_by(User.role, User.name))
    return render_template("admin/index.html", organizations=_organizations(), users=users,
                           role_labels=ROLE_LABELS)


def _added(row) -> bool:
    """Commit a new row; False when a unique column already holds its value."""
    db.session.add(row)
    return _committed()


def _committed() -> bool:
    """Commit; False when a unique constraint refused it, which a double tap or two
    administrators at once reach past the form's own check."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


@bp.route("/organizations/new", methods=["GET", "POST"])
@keeps_input
def new_organization():
    form = OrganizationForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Organization).where(
                func.lower(Organization.name) == form.name.data.lower())) or not _added(
                Organization(name=form.name.data)):
            form.name.errors.append(_("An organization with this name already exists."))
        else:
            flash(_("Organization “%(name)s” created.", name=form.name.data), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/organization_form.html", form=form)


@bp.route("/users/new", methods=["GET", "POST"])
@keeps_input
def new_user():
    form = UserForm()
    form.organization_id.choices = [SelectChoice(0, _("None"))] + _choices(_organizations())
    if form.validate_on_submit():
        user = User(
            name=form.name.data, email=form.email.data, role=form.role.data,
            organization_id=form.organization_id.data if form.role.data == "lead" else None,
            password_hash=hash_password(form.password.data,
                                        current_app.config["PASSWORD_HASH_METHOD"]),
        )
        if _added(user):
            log.info("account created user=%s role=%s", user.id, user.role)
            flash(_("Account for %(name)s created.", name=user.name), "success")
            return redirect(url_for("admin.index"))
        form.email.errors.append(_("An account with this email already exists."))
    return render_template("admin/user_form.html", form=form)


@bp.route("/assignments", methods=["GET", "POST"])
@keeps_input
def assignments():
    form = AssignmentForm()
    organizations = _organizations()
    form.coach_id.choices = [SelectChoice(c.id, f"{c.name} — {c.email}") for c in _coaches()]
    form.organization_id.choices = _choices(organizations)
    if form.validate_on_submit():
        coach = db.session.get(User, form.coach_id.data)
        organization = db.session.get(Organization, form.organization_id.data)
        if organization in coach.coached_organizations or not _assigned(coach, organization):
            flash(_("%(coach)s already coaches %(organization)s.", coach=coach.name,
                    organization=organization.name), "info")
        else:
            flash(_("%(coach)s now coaches %(organization)s.", coach=coach.name,
                    organization=organization.name), "success")
        return redirect(url_for("admin.assignments"))
    return render_template("admin/assignments.html", form=form, organizations=organizations)


def _assigned(coach: User, organization: Organization) -> bool:
    """Assign; False when the same assignment was made a moment ago (a double tap)."""
    coach.coached_organizations.append(organization)
    return _committed()


@bp.post("/assignments/<int:coach_id>/<int:organization_id>/remove")
def remove_assignment(coach_id: int, organization_id: int):
    coach = db.get_or_404(User, coach_id)
    organization = db.get_or_404(Organization, organization_id)
    if organization in coach.coached_organizations:
        coach.coached_organizations.remove(organization)
        db.session.commit()
        flash(_("%(coach)s no longer coaches %(organization)s.", coach=coach.name,
                organization=organization.name), "success")
    return redirect(url_for("admin.assignments"))
