"""Posting a comment; threads are shown on the results and plan pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import submissions
from ..access import organization_required, owned_or_404
from ..capability.models import AssessmentCycle
from ..capability.operations import cycle_rubric
from ..capability.views import cycle_or_404
from ..fields import whole_number
from ..form_tokens import keeps_input
from ..i18n import current_language
from ..navigation import local_path
from ..organizations.models import Organization
from ..planning.models import Plan, PlanItem
from . import operations
from .forms import CommentForm

bp = Blueprint("comments", __name__,
               url_prefix="/organizations/<int:org_id>/cycles/<int:cycle_id>/comments")


def subject_label(cycle: AssessmentCycle, practice_id: str | None, item: PlanItem | None,
                  language: str) -> str:
    """What a comment is about, as its thread's box and button name it."""
    rubric = cycle_rubric(cycle)
    practice = rubric.practice(practice_id if item is None else item.practice_id or "")
    if item is not None and (practice is None or item.practice_id is None):
        target = item.text("target", language)
        return target if len(target) <= 80 else target[:79] + "…"
    return f"{practice.number}. {practice.title.in_language(language)}"


@bp.post("")
@organization_required
@keeps_input
def post(organization: Organization, cycle_id: int):
    """A comment on one practice of the cycle, or on one item of its plan."""
    cycle = cycle_or_404(organization, cycle_id)
    form = CommentForm()
    practice_id = form.practice_id.data or None
    if (practice_id is None) == (not form.plan_item_id.data):  # exactly one subject
        abort(400)
    if practice_id is not None and cycle_rubric(cycle).practice(practice_id) is None:
        abort(404)
    item = item_id = None
    if practice_id is None:
        item_id = whole_number(form.plan_item_id.data)
        if item_id is None:  # "²", "-1", a number past any id
            abort(404)
        item = owned_or_404(PlanItem, item_id)
        owned_or_404(Plan, item.plan_id, cycle_id=cycle.id)
    back = (local_path(form.next.data)
            or url_for("capability.profile", org_id=organization.id, cycle_id=cycle.id))
    if not form.validate_on_submit():  # too long, empty or an expired token: keep the text
        return render_template(
            "comments/retry.html", organization=organization, cycle=cycle, form=form,
            subject_field="practice_id" if item is None else "plan_item_id",
            subject_value=practice_id if item is None else item.id, back=back,
            subject_label=subject_label(cycle, practice_id, item, current_language())), 400
    thread = practice_id if item is None else f"item-{item_id}"
    where = f"{back.split('#', 1)[0]}#comments-{thread}"
    if not submissions.first_time(request.form.get(submissions.FIELD))[0]:
        return submissions.already_saved(where)
    operations.add(cycle, current_user, form.body.data, practice_id, item_id)
    flash(_("Comment posted."), "success")
    return redirect(where)
