"""The lead sends a rater's link by email, and reminds raters who have not finished."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..access import organization_required
from ..confirm import confirm_page
from ..mail.outbox import mail_is_set_up
from ..organizations.models import Organization
from . import invitations
from .forms import InviteForm
from .views import _cycle_to_change, _rater

bp = Blueprint("invitations", __name__, url_prefix="/organizations/<int:org_id>/cycles")


def _to_cycle(organization: Organization, cycle_id: int):
    return redirect(url_for("capability.show", org_id=organization.id, cycle_id=cycle_id))


# Without a mail server, messages are only written to files under instance/mail/.
NO_MAIL = _l("This site does not send email yet, so nothing went out: copy the rater's link "
             "and send it to them yourself.")


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
    if mail_is_set_up():
        flash(_("The link is on its way to %(name)s at %(email)s.", name=rater.name,
                email=rater.email), "success")
    else:
        flash(NO_MAIL, "info")
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
    if mail_is_set_up():
        flash(ngettext("A reminder goes to %(num)d rater within a few minutes.",
                       "A reminder goes to %(num)d raters within a few minutes.", sent),
              "success")
    else:
        flash(NO_MAIL, "info")
    return _to_cycle(organization, cycle_id)
