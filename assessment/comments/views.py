"""Posting a comment; threads are shown on the results and plan pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import organization_required, owned_or_404
from ..capability.operations import cycle_rubric
from ..capability.views import cycle_or_404
from ..navigation import local_path
from ..organizations.models import Organization
from ..planning.models import Plan, PlanItem
from . import operations
from .forms import CommentForm

bp = Blueprint("comments", __name__,
               url_prefix="/organizations/<int:org_id>/cycles/<int:cycle_id>/comments")


@bp.post("")
@organization_required
def post(organization: Organization, cycle_id: int):
    """A comment on one practice of the cycle, or on one item of its plan."""
    cycle = cycle_or_404(organization, cycle_id)
    form = CommentForm()
    practice_id = form.practice_id.data or None
    item_id = int(form.plan_item_id.data) if (form.plan_item_id.data or "").isdigit() else None
    if (practice_id is None) == (item_id is None):
        abort(400)
    if practice_id is not None and cycle_rubric(cycle).practice(practice_id) is None:
        abort(404)
    if item_id is not None:
        owned_or_404(Plan, owned_or_404(PlanItem, item_id).plan_id, cycle_id=cycle.id)
    if form.validate_on_submit():
        operations.add(cycle, current_user, form.body.data, practice_id, item_id)
        flash(_("Comment posted."), "success")
    else:
        flash(" ".join(str(error) for error in form.body.errors), "error")
    back = (local_path(form.next.data)
            or url_for("capability.profile", org_id=organization.id, cycle_id=cycle.id))
    thread = practice_id if practice_id is not None else f"item-{item_id}"
    return redirect(f"{back.split('#', 1)[0]}#comments-{thread}")
