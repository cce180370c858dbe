"""Pages of the capability self-assessment for an organization's lead and coach."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from .. import submissions
from ..access import (
    can_manage_organization,
    organization_required,
    owned_or_404,
    require_manager,
)
from ..comments.operations import threads as comment_threads
from ..confirm import confirm_page
from ..form_tokens import keeps_input
from ..i18n import current_language
from ..mail.outbox import mail_is_set_up
from ..organizations.models import Organization
from ..sharing import share_message
from ..survey.report import survey_for_cycle, wave_report
from . import invitations, operations, yearly
from .chart import profile_chart
from .forms import NOT_ON_TEAM, CycleForm, RaterForm
from .models import AssessmentCycle, Rater
from .scoring import change_since

bp = Blueprint("capability", __name__, url_prefix="/organizations/<int:org_id>/cycles")


# templates/_share_link.html, used by rater and survey links, needs the message.
bp.add_app_template_global(share_message, "share_message")


def cycle_or_404(organization: Organization, cycle_id: int) -> AssessmentCycle:
    return owned_or_404(AssessmentCycle, cycle_id, organization_id=organization.id)


def _rater(cycle: AssessmentCycle, rater_id: int) -> Rater:
    return owned_or_404(Rater, rater_id, cycle_id=cycle.id)


@bp.route("/new", methods=["GET", "POST"])
@organization_required
@keeps_input
def new(organization: Organization):
    require_manager(organization)
    still_open = operations.open_cycle_of(organization)
    team = operations.last_team(organization)
    form = CycleForm()
    form.raters.choices = [(str(rater.id), rater.name) for rater in team]
    if request.method == "GET":
        form.raters.data = [str(rater.id) for rater in team]  # bring everyone unless unticked
    if form.validate_on_submit():
        return _start(organization, form)
    if request.method == "POST":  # and the form had errors: read again, as a double tap's
        # first tap may have started the cycle (and changed the last team) meanwhile
        if (now_open := operations.open_cycle_of(organization)) is not None:
            return _still_open(organization, now_open)
    return render_template("capability/new_cycle.html", organization=organization,
                           form=form, still_open=still_open,
                           last_cycle=team[0].cycle if team else None), \
        400 if form.errors else 200


def _start(organization: Organization, form: CycleForm):
    first, then = submissions.first_time(request.form.get(submissions.FIELD))
    if not first:
        return submissions.already_saved(then or url_for("organizations.show",
                                                         org_id=organization.id))
    try:
        cycle = operations.begin_cycle(organization, form.name.data, form.starts_on.data,
                                       form.chosen_raters())
    except operations.CycleStillOpen as refused:
        return _still_open(organization, refused.cycle)
    except operations.NotOffered:  # the team changed since the form was checked
        flash(str(NOT_ON_TEAM), "error")
        return redirect(url_for(".new", org_id=organization.id))
    brought = len(cycle.raters)
    for rater in cycle.raters:  # a brought rater with an address gets the new link by email
        if rater.email:
            invitations.invite(rater, rater.email, rater.language or "en", current_user.name)
    flash(ngettext("Cycle “%(name)s” started with %(num)s rater from the last cycle, "
                   "each with a new link. Send them their links.",
                   "Cycle “%(name)s” started with %(num)s raters from the last cycle, "
                   "each with a new link. Send them their links.", brought,
                   name=cycle.name) if brought else
          _("Cycle “%(name)s” started. Now invite your assessment team.", name=cycle.name),
          "success")
    where = url_for(".show", org_id=organization.id, cycle_id=cycle.id)
    submissions.went_to(request.form.get(submissions.FIELD), where)
    return redirect(where)


def _still_open(organization: Organization, cycle: AssessmentCycle):
    flash(_("“%(name)s” is still open. Close it before you start a new cycle.",
            name=cycle.name), "error")
    return redirect(url_for(".show", org_id=organization.id, cycle_id=cycle.id))


def _cycle_page(organization: Organization, cycle: AssessmentCycle, form: RaterForm,
                status: int = 200):
    return render_template(
        "capability/cycle.html", organization=organization, cycle=cycle, form=form,
        answered={rater.id: len(rater.ratings) for rater in cycle.raters},
        practice_count=len(operations.cycle_rubric(cycle).practices),
        reassess_on=yearly.reassess_on(cycle.closed_at.date()) if cycle.closed_at else None,
        can_manage=can_manage_organization(current_user, organization)), status


def _cycle_to_change(organization: Organization, cycle_id: int) -> AssessmentCycle | None:
    """The cycle its lead is about to change; None (with a message) once it is closed."""
    require_manager(organization)
    cycle = cycle_or_404(organization, cycle_id)
    if cycle.is_open:
        return cycle
    flash(_("This cycle is closed, so its team and answers can no longer change. Reopen it "
            "below if someone still needs to rate, or start a new cycle."), "error")
    return None


def _to_cycle(organization: Organization, cycle_id: int):
    return redirect(url_for(".show", org_id=organization.id, cycle_id=cycle_id))


@bp.get("/<int:cycle_id>")
@organization_required
def show(organization: Organization, cycle_id: int):
    return _cycle_page(organization, cycle_or_404(organization, cycle_id), RaterForm())


@bp.post("/<int:cycle_id>")
@organization_required
@keeps_input
def add_rater(organization: Organization, cycle_id: int):
    """Posted to the cycle's own address, so a page with errors can be reloaded."""
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    form = RaterForm()
    if not form.validate_on_submit():
        return _cycle_page(organization, cycle, form, 400)
    if not submissions.first_time(request.form.get(submissions.FIELD))[0]:
        return submissions.already_saved(url_for(".show", org_id=organization.id, cycle_id=cycle_id))
    rater = operations.add_rater(cycle, form.name.data)
    if form.email.data:
        invitations.invite(rater, form.email.data, form.language.data or "en",
                           current_user.name)
        flash(_("Link made for %(name)s. An email with it goes to %(email)s within a few "
                "minutes.", name=rater.name, email=rater.email) if mail_is_set_up() else
              _("Link made for %(name)s. This site does not send email yet: copy the link "
                "and send it to them yourself.", name=rater.name),
              "success" if mail_is_set_up() else "info")
    else:
        flash(_("Link made for %(name)s. Copy it and send it to them.", name=rater.name),
              "success")
    return _to_cycle(organization, cycle_id)


@bp.route("/<int:cycle_id>/raters/<int:rater_id>/revoke", methods=["GET", "POST"])
@organization_required
def revoke_rater(organization: Organization, cycle_id: int, rater_id: int):
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    rater = _rater(cycle, rater_id)
    if request.method == "GET":
        return _confirm(organization, cycle, _("Turn off the link for %(name)s?",
                                               name=rater.name), [
            _("The link you sent %(name)s stops working at once.", name=rater.name),
            _("Their answers are left out of the results."),
            _("You can turn them on again later with a new link; their answers then count "
              "again.")], _("Turn off the link"))
    operations.revoke(rater)
    flash(_("The link for %(name)s no longer works. Their answers are not counted.",
            name=rater.name), "success")
    return _to_cycle(organization, cycle_id)


@bp.route("/<int:cycle_id>/raters/<int:rater_id>/reissue", methods=["GET", "POST"])
@organization_required
def reissue_rater(organization: Organization, cycle_id: int, rater_id: int):
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    rater = _rater(cycle, rater_id)
    was_off = rater.revoked_at is not None
    if request.method == "GET" and not was_off:
        return _confirm(organization, cycle, _("Make a new link for %(name)s?",
                                               name=rater.name), [
            _("The link you sent %(name)s stops working at once.", name=rater.name),
            _("Their answers so far are kept. Send them the new link to go on.")],
            _("Make a new link"))
    if request.method == "POST":
        operations.reissue(rater)
        if was_off:
            flash(_("New link made for %(name)s. Their earlier answers count again.",
                    name=rater.name), "success")
        else:
            flash(_("New link made for %(name)s. The old link no longer works.",
                    name=rater.name), "success")
    return _to_cycle(organization, cycle_id)


@bp.post("/<int:cycle_id>/rate-myself")
@organization_required
def rate_myself(organization: Organization, cycle_id: int):
    cycle = _cycle_to_change(organization, cycle_id)
    if cycle is None:
        return _to_cycle(organization, cycle_id)
    rater = operations.rater_for_user(cycle, current_user)
    return redirect(url_for("rating.open_link", token=rater.token))


@bp.route("/<int:cycle_id>/close", methods=["GET", "POST"])
@organization_required
def close(organization: Organization, cycle_id: int):
    cycle = _cycle_to_manage(organization, cycle_id)
    if request.method == "GET":
        return _confirm(organization, cycle, _("Close the cycle “%(name)s”?", name=cycle.name), [
            _("Raters can no longer change their answers; the results are kept as they are."),
            _("You can reopen the cycle later if someone still needs to rate.")],
            _("Close the cycle"))
    operations.close_cycle(cycle, current_user)
    flash(_("The cycle is closed. Ratings can no longer change."), "success")
    return redirect(url_for(".profile", org_id=organization.id, cycle_id=cycle.id))


@bp.route("/<int:cycle_id>/reopen", methods=["GET", "POST"])
@organization_required
def reopen(organization: Organization, cycle_id: int):
    cycle = _cycle_to_manage(organization, cycle_id)
    if request.method == "GET":
        return _confirm(organization, cycle, _("Reopen the cycle “%(name)s”?", name=cycle.name), [
            _("Raters whose links still work can change their answers again."),
            _("The reopening is recorded in the cycle's history.")], _("Reopen the cycle"))
    operations.reopen_cycle(cycle, current_user)
    flash(_("The cycle is open again. Close it when your team has finished."), "success")
    return _to_cycle(organization, cycle_id)


def _cycle_to_manage(organization: Organization, cycle_id: int) -> AssessmentCycle:
    require_manager(organization)
    return cycle_or_404(organization, cycle_id)


def _confirm(organization: Organization, cycle: AssessmentCycle, question: str,
             consequences: list[str], button: str):
    return confirm_page(question, consequences, button,
                        url_for(".show", org_id=organization.id, cycle_id=cycle.id))


@bp.get("/<int:cycle_id>/profile")
@organization_required
def profile(organization: Organization, cycle_id: int):
    cycle = cycle_or_404(organization, cycle_id)
    rubric = operations.cycle_rubric(cycle)
    cycles = {c.id: c for c in operations.cycles_of(organization)}
    earlier = yearly.earlier_cycles(list(cycles), cycle.id)
    baseline = cycles[earlier.baseline] if earlier.baseline else None
    previous = cycles[earlier.previous] if earlier.previous else None
    # Read once, for the three cycles: the profiles, and this cycle's notes.
    ratings = operations.counted_ratings_of(
        [c.id for c in (cycle, baseline, previous) if c is not None])
    result = operations.cycle_profile(cycle, ratings[cycle.id])
    changes = (change_since(operations.cycle_profile(baseline, ratings[baseline.id]), result)
               if baseline else {})
    since_previous = (change_since(operations.cycle_profile(previous, ratings[previous.id]),
                                   result) if previous else {})
    language = current_language()
    chart = Markup(profile_chart(
        result, rubric, language, _("Capability profile"),
        _("Level 1 to 4 per practice; the thin line shows the lowest to highest rating."),
        _("Line under a bar: lowest to highest answer.")))
    rater_count, finished_count = operations.rater_counts(cycle)
    today = date.today()
    wave = survey_for_cycle(cycle, today)
    # The wave is linked to this cycle, so its blind spots read this profile.
    survey = wave_report(wave, today, result) if wave else None
    return render_template(
        "capability/profile.html", organization=organization, cycle=cycle, rubric=rubric,
        profile=result, baseline=baseline, changes=changes, chart=chart, language=language,
        previous=previous, since_previous=since_previous,
        notes=operations.evidence_notes(cycle, ratings[cycle.id]), rater_count=rater_count,
        finished_count=finished_count, wave=wave,
        survey=survey, staff={row.practice_id: row for row in survey.practices} if survey else {},
        threads=comment_threads(cycle))
