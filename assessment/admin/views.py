from __future__ import annotations

import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from ..access import role_required
from ..auth import sessions
from ..auth.models import User
from ..auth.passwords import hash_password
from ..auth.roles import ROLE_LABELS
from ..auth.views import send_reset_link
from ..confirm import confirm_page
from ..extensions import db
from ..form_tokens import keeps_input
from ..mail import messages
from ..mail import outbox
from ..mail.outbox import mail_is_set_up
from ..organizations.models import Organization
from .forms import (
    AssignmentForm,
    OrganizationEditForm,
    OrganizationForm,
    StartingPasswordForm,
    UserEditForm,
    UserForm,
    region_choices,
)

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
                           role_labels=ROLE_LABELS, mail=outbox.status())


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
    form.organization_id.choices = _organization_choices()
    if form.validate_on_submit():
        user = User(
            name=form.name.data, email=form.email.data, role=form.role.data,
            organization_id=form.organization_id.data if form.role.data == "lead" else None,
            password_hash=hash_password(form.password.data,
                                        current_app.config["PASSWORD_HASH_METHOD"]),
            language=form.language.data, must_change_password=True,
        )
        if _added(user):
            log.info("account created user=%s role=%s", user.id, user.role)
            flash(_("Account for %(name)s created.", name=user.name), "success")
            return redirect(url_for("admin.index"))
        form.email.errors.append(_("An account with this email already exists."))
    return render_template("admin/user_form.html", form=form)


def _organization_choices() -> list[SelectChoice]:
    return [SelectChoice(0, _("None"))] + _choices(_organizations())


# organization_id, not org_id: org_id names the pages that organization access rules guard.
@bp.route("/organizations/<int:organization_id>", methods=["GET", "POST"])
@keeps_input
def edit_organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = OrganizationEditForm(obj=organization)
    form.hhs_region.choices = region_choices()
    if form.validate_on_submit():
        if db.session.scalar(select(Organization.id).where(
                func.lower(Organization.name) == form.name.data.lower(),
                Organization.id != organization.id)):
            form.name.errors.append(_("An organization with this name already exists."))
        else:
            organization.name = form.name.data
            organization.hhs_region = form.hhs_region.data or None
            if _committed():
                flash(_("Organization “%(name)s” saved.", name=organization.name), "success")
                return redirect(url_for("admin.index"), code=303)
            form.name.errors.append(_("An organization with this name already exists."))
    return render_template("admin/organization_edit.html", form=form,
                           organization=organization), 400 if form.errors else 200


def _account(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _to_account(user: User):
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@keeps_input
def edit_user(user_id: int):
    user = _account(user_id)
    form = UserEditForm(user.id, obj=user)
    form.organization_id.choices = _organization_choices()
    if request.method == "GET":
        form.organization_id.data = user.organization_id or 0
        form.language.data = messages.language_of(user)
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            form.role.errors.append(_("You cannot take the administrator role from your own "
                                      "account. Ask another administrator."))
        elif user.id == current_user.id and form.email.data != user.email:
            # the address one logs in with: a typo here would lock its owner out
            form.email.errors.append(_("To change the email of your own account, ask "
                                       "another administrator."))
        else:
            old_email = user.email
            _apply(user, form)
            if not _committed():
                form.email.errors.append(_("An account with this email already exists."))
            else:
                log.info("account edited user=%s role=%s", user.id, user.role)
                if user.email != old_email:
                    messages.email_changed(user, old_email)
                flash(_("Account for %(name)s saved.", name=user.name), "success")
                return redirect(url_for("admin.index"), code=303)
    return _account_page(user, form, StartingPasswordForm(formdata=None))


def _apply(user: User, form: UserEditForm) -> None:
    user.name, user.email, user.role = form.name.data, form.email.data, form.role.data
    user.language = form.language.data
    user.organization_id = form.organization_id.data if user.role == "lead" else None
    if user.role != "coach":
        user.coached_organizations.clear()


def _account_page(user: User, form: UserEditForm, password_form: StartingPasswordForm,
                  status: int | None = None):
    status = status or (400 if form.errors or password_form.errors else 200)
    return render_template("admin/user_edit.html", user=user, form=form,
                           password_form=password_form, role_labels=ROLE_LABELS,
                           mail_set_up=mail_is_set_up()), status


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@keeps_input
def set_starting_password(user_id: int):
    """A new starting password: every session of the account ends, and the person must
    choose their own password when they next log in."""
    user = _account(user_id)
    if user.id == current_user.id:
        flash(_("For your own account, use “Change password”."), "error")
        return redirect(url_for("auth.change_password"), code=303)
    password_form = StartingPasswordForm()
    if not password_form.validate_on_submit():
        form = UserEditForm(user.id, obj=user, formdata=None)
        form.organization_id.choices = _organization_choices()
        return _account_page(user, form, password_form)
    user.password_hash = hash_password(password_form.password.data,
                                       current_app.config["PASSWORD_HASH_METHOD"])
    user.must_change_password = True
    sessions.end_all(user)
    log.info("starting password set user=%s", user.id)
    flash(_("New starting password set for %(name)s. Give it to them in a safe way; they "
            "choose their own when they log in.", name=user.name), "success")
    return _to_account(user)


@bp.post("/users/<int:user_id>/reset-link")
def send_user_reset_link(user_id: int):
    user = _account(user_id)
    if not user.active:
        flash(_("This account is turned off. Turn it on first."), "error")
        return _to_account(user)
    send_reset_link(user)
    if mail_is_set_up():
        flash(_("A link to set a new password is on its way to %(email)s. It works once, "
                "for one hour.", email=user.email), "success")
    else:
        flash(_("This site does not send email yet: the message was saved in the server's "
                "instance/mail folder. Setting a starting password is easier."), "info")
    return _to_account(user)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate_user(user_id: int):
    user = _account(user_id)
    if user.id == current_user.id:
        flash(_("You cannot turn off your own account."), "error")
        return _to_account(user)
    if request.method == "GET":
        return confirm_page(_("Turn off the account of %(name)s?", name=user.name), [
            _("%(name)s is logged out at once and can no longer log in.", name=user.name),
            _("Their work stays: ratings, plans and comments keep their name."),
            _("You can turn the account on again later.")],
            _("Turn off the account"), url_for("admin.edit_user", user_id=user.id))
    user.active = False
    sessions.end_all(user)
    log.info("account deactivated user=%s", user.id)
    flash(_("The account of %(name)s is turned off.", name=user.name), "success")
    return _to_account(user)


@bp.post("/users/<int:user_id>/reactivate")
def reactivate_user(user_id: int):
    user = _account(user_id)
    user.active = True
    db.session.commit()
    log.info("account reactivated user=%s", user.id)
    flash(_("The account of %(name)s is turned on again.", name=user.name), "success")
    return _to_account(user)


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
