"""The lead sends a rater's link by email, and reminds raters who have not finished."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..access import organization_required
from ..confirm import confirm_page
from ..organizations.models import Organization
from . import invitations
from .forms import InviteForm
from .views import _cycle_to_change, _rater

bp = Blueprint("invitations", __name__, url_prefix="/organizations/<int:org_id>/cycles")


def _to_cycle(organization: Organization, cycle_id: int):
    return redirect(url_for("capability.show", org_id=organization.id, cycle_id=cycle_id))


@bp.post("/<int:cycle_id>/raters/<int:rater_id>/email")
@organization_required
def email_link(organization: Organization, cycle_id: int, rater_id: int):
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    rater = _rater(cycle, rater_id)
    form = InviteForm(prefix=f"r{rater.id}")
    if rater.revoked_at or not form.validate_on_submit():
        return render_template("capability/invite.html", organization=organization,
                               cycle=cycle, rater=rater, form=form), 400
    invitations.invite(rater, form.email.data, form.language.data, current_user.name)
    flash(_("The link is on its way to %(name)s at %(email)s.", name=rater.name,
            email=rater.email), "success")
    return _to_cycle(organization, cycle_id)


@bp.route("/<int:cycle_id>/remind", methods=["GET", "POST"])
@organization_required
def remind(organization: Organization, cycle_id: int):
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    waiting = invitations.waiting_raters(cycle)
    if not waiting:
        flash(_("No one to remind: every rater with an email address has finished."), "info")
        return _to_cycle(organization, cycle_id)
    if request.method == "GET":
        return confirm_page(
            ngettext("Send a reminder to %(num)d rater?", "Send a reminder to %(num)d raters?",
                     len(waiting)),
            [_("To: %(names)s.", names=", ".join(rater.name for rater in waiting)),
             _("Each gets an email with their own link; their answers so far are kept."),
             _("Raters without an email address get nothing: copy their link instead.")],
            _("Send the reminder"), url_for("capability.show", org_id=organization.id,
                                            cycle_id=cycle.id))
    sent = invitations.remind(cycle, current_user.name)
    flash(ngettext("Reminder sent to %(num)d rater.", "Reminder sent to %(num)d raters.", sent),
          "success")
    return _to_cycle(organization, cycle_id)
