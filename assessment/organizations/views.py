from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..access import can_manage_organization, organization_required
from ..capability.operations import cycle_rubric, cycles_of
from ..capability.yearly import next_reassessment
from ..coaching.queries import latest_cycle_ids, survey_choices
from ..extensions import db
from ..i18n import current_language
from ..planning.views import item_name
from .models import Organization
from .overview import closed_day, latest_plan, waiting_threads

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
    today, language = date.today(), current_language()
    cycles = cycles_of(organization)
    survey = survey_choices([organization.id], latest_cycle_ids([organization.id]),
                            today).get(organization.id)
    waiting = waiting_threads(organization.id, current_user.id)
    return render_template(
        "organizations/show.html", organization=organization,
        cycles=list(reversed(cycles)),
        reassessment=next_reassessment([closed_day(cycle) for cycle in cycles], today),
        plan=latest_plan(organization.id), survey=survey[0] if survey else None,
        survey_name=survey[1] if survey else None,
        waiting=[(thread, _subject(thread, language), _anchor(organization, thread))
                 for thread in waiting],
        can_manage=can_manage_organization(current_user, organization))


def _subject(waiting, language: str) -> str:
    """What the thread is about: "3. Embedded in…" or "05 Budget…, Level 1 → 2"."""
    if waiting.item is not None:
        return item_name(waiting.item, language)
    practice = cycle_rubric(waiting.cycle).practice(waiting.practice_id)
    return f"{practice.number}. {practice.title.in_language(language)}" if practice else ""


def _anchor(organization: Organization, waiting) -> str:
    """The thread's page, scrolled to the heading that names what it is about."""
    if waiting.item is not None:
        return url_for("plan.show", org_id=organization.id,
                       cycle_id=waiting.cycle.id) + f"#item-{waiting.item.id}-title"
    return url_for("capability.profile", org_id=organization.id,
                   cycle_id=waiting.cycle.id) + f"#comments-title-{waiting.practice_id}"
