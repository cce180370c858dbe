"""The implementation plan of a cycle: generate, read, edit, track, download."""
from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..access import organization_required, owned_or_404
from ..capability import operations as capability
from ..capability.views import cycle_or_404
from ..comments.operations import threads as comment_threads
from ..i18n import LANGUAGES, current_language
from ..organizations.models import Organization
from ..survey.operations import wave_for_cycle
from ..survey.report import staff_agreement
from . import operations
from .forms import PlanItemForm, StatusForm
from .labels import STATUS_LABELS, label_context
from .models import PlanItem
from .pdf import plan_pdf

bp = Blueprint("plan", __name__,
               url_prefix="/organizations/<int:org_id>/cycles/<int:cycle_id>/plan")


def _cycle_and_plan(organization: Organization, cycle_id: int):
    """The cycle (or 404) and its plan (None until generated)."""
    cycle = cycle_or_404(organization, cycle_id)
    return cycle, operations.plan_of(cycle)


def _item(plan, item_id: int) -> PlanItem:
    if plan is None:
        abort(404)
    return owned_or_404(PlanItem, item_id, plan_id=plan.id)


def _back(organization: Organization, cycle_id: int, anchor: str = ""):
    return redirect(url_for(".show", org_id=organization.id, cycle_id=cycle_id) + anchor)


@bp.get("")
@organization_required
def show(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    language = current_language()
    items = plan.items if plan else []
    return render_template(
        "planning/plan.html", organization=organization, cycle=cycle, plan=plan,
        rubric=capability.cycle_rubric(cycle), language=language,
        people={item.id: operations.people(item, language) for item in items},
        threads=comment_threads(cycle),
        progress=operations.progress(plan, date.today()) if plan else None,
        history=operations.history(plan, limit=15) if plan else [], **label_context())


@bp.post("/generate")
@organization_required
def generate(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is not None:
        flash(_("This cycle already has a plan. Edit its items below."), "info")
    else:
        wave = wave_for_cycle(cycle)
        plan = operations.create_plan(cycle, current_user,
                                      staff_agreement(wave) if wave else None)
        flash(_("Plan made with %(count)s items. Read why each item is where it is, then "
                "adjust it to your organization.", count=len(plan.items)), "success")
    return _back(organization, cycle_id)


@bp.post("/items/<int:item_id>/status")
@organization_required
def set_status(organization: Organization, cycle_id: int, item_id: int):
    plan = _cycle_and_plan(organization, cycle_id)[1]
    item = _item(plan, item_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the statuses shown."), "error")
    else:
        try:
            operations.update_item(item, form.version.data, {"status": form.status.data},
                                   current_user)
            flash(_("Status saved: %(status)s.", status=STATUS_LABELS[form.status.data]),
                  "success")
        except operations.StaleItem:
            flash(_("Someone else changed this item a moment ago. Check it and set the status "
                    "again."), "error")
    return _back(organization, cycle_id, f"#item-{item.id}")


def _form_values(form: PlanItemForm, language: str) -> dict:
    return {f"target_{language}": form.target.data,
            f"activities_{language}": form.activities.data,
            "lead": form.lead.data or None, "contributors": form.contributors.data or None,
            "stakeholders": form.stakeholders.data or None, "bucket": form.bucket.data,
            "due_on": form.due_on.data, "status": form.status.data}


def _fill(form: PlanItemForm, item: PlanItem, language: str, suggestions: dict) -> None:
    form.target.data = item.text("target", language)
    form.activities.data = item.text("activities", language)
    for kind in ("lead", "contributors", "stakeholders"):
        getattr(form, kind).data = getattr(item, kind) or suggestions.get(kind, "")
    form.bucket.data, form.due_on.data = item.bucket, item.due_on
    form.status.data, form.version.data = item.status, item.version


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@organization_required
def edit_item(organization: Organization, cycle_id: int, item_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    item = _item(plan, item_id)
    language = current_language()
    suggestions = operations.suggested_roles(item, language)
    form = PlanItemForm()
    newer, status = None, 200
    if request.method == "GET":
        _fill(form, item, language, suggestions)
    elif form.validate_on_submit():
        try:
            operations.update_item(item, form.version.data, _form_values(form, language),
                                   current_user)
            flash(_("Item saved."), "success")
            return _back(organization, cycle_id, f"#item-{item.id}")
        except operations.StaleItem as stale:
            newer, status = stale.current, 409
            form.version.data = stale.current.version
    else:
        status = 400
    return render_template(
        "planning/item_form.html", organization=organization, cycle=cycle, item=item,
        form=form, newer=newer, language=language, rubric=capability.cycle_rubric(cycle),
        history=operations.history(plan, item), **label_context()), status


@bp.route("/items/new", methods=["GET", "POST"])
@organization_required
def new_item(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is None:
        return _back(organization, cycle_id)
    form = PlanItemForm()
    if request.method == "GET":
        form.bucket.data, form.status.data = "3_months", "not_started"
    if form.validate_on_submit():
        values = _form_values(form, current_language())
        other = "es" if current_language() == "en" else "en"
        values[f"target_{other}"] = values[f"target_{current_language()}"]
        values[f"activities_{other}"] = values[f"activities_{current_language()}"]
        item = operations.add_item(plan, values, current_user)
        flash(_("Item added."), "success")
        return _back(organization, cycle_id, f"#item-{item.id}")
    return render_template(
        "planning/item_form.html", organization=organization, cycle=cycle, item=None, form=form,
        newer=None, language=current_language(), rubric=capability.cycle_rubric(cycle),
        history=[], **label_context()), 400 if form.errors else 200


@bp.post("/items/<int:item_id>/remove")
@organization_required
def remove_item(organization: Organization, cycle_id: int, item_id: int):
    plan = _cycle_and_plan(organization, cycle_id)[1]
    operations.remove_item(_item(plan, item_id), current_user)
    flash(_("Item removed. It stays in the history below."), "success")
    return _back(organization, cycle_id)


@bp.get("/pdf")
@organization_required
def pdf(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is None:
        return _back(organization, cycle_id)
    language = request.args.get("lang", current_language())
    if language not in LANGUAGES:
        language = current_language()
    wave = wave_for_cycle(cycle)
    staff = staff_agreement(wave) if wave else None
    with force_locale(LANGUAGES[language]):
        document = plan_pdf(organization, cycle, plan, language, date.today(),
                            wave.name if wave else None, staff)
    filename = f"plan-{cycle.id}-{language}.pdf"
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
