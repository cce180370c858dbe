"""The implementation plan of a cycle: make, remake, read, edit, track, download."""
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
from flask_babel import ngettext
from flask_login import current_user

from .. import submissions
from ..access import organization_required, owned_or_404
from ..capability import operations as capability
from ..capability.views import cycle_or_404
from ..comments.operations import threads as comment_threads
from ..confirm import confirm_page
from ..fields import whole_number
from ..form_tokens import keeps_input
from ..i18n import LANGUAGES, current_language
from ..organizations.models import Organization
from ..questionnaires import Text
from ..survey import report as survey_report
from . import activities, carry, operations
from .forms import MOVE, PlanItemForm, StatusForm
from .generator import ASK, due_after_edit, due_date
from .labels import STATUS_LABELS, label_context, step_label
from .models import PlanItem
from .rows import practice_rows

# Modules that make PDFs are imported by the views that send one, so reportlab (about
# 18 MB) loads in a worker only when someone asks for a PDF.
bp = Blueprint("plan", __name__,
               url_prefix="/organizations/<int:org_id>/cycles/<int:cycle_id>/plan")


@bp.context_processor
def _plan_words() -> dict:
    """What every plan page needs to name codes and suggested roles in the reader's language."""
    return {**label_context(), "suggested_roles": operations.suggested_roles,
            "as_date": date.fromisoformat, "item_name": item_name}


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


def _released_staff_agreement(cycle, today: date):
    """Staff agreement per practice from the cycle's survey, once its figures are out."""
    wave = survey_report.survey_for_cycle(cycle, date.today())
    return survey_report.staff_agreement(wave, today) if wave else None


def _warnings(cycle) -> list[str]:
    """Why a plan made now may soon be out of date."""
    warnings = []
    if cycle.is_open:
        warnings.append(_("The cycle is still open: raters can still change their answers."))
    wave = survey_report.survey_for_cycle(cycle, date.today())
    if wave and survey_report.release_state(wave, date.today()) == survey_report.OPEN:
        warnings.append(_("The staff survey “%(name)s” is still open: its results come when it "
                          "closes, so blind spots cannot be seen yet.", name=wave.name))
    return warnings


@bp.get("")
@organization_required
def show(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    language, today = current_language(), date.today()
    rubric = capability.cycle_rubric(cycle)
    items = plan.items if plan else []
    return render_template(
        "planning/plan.html", organization=organization, cycle=cycle, plan=plan,
        rubric=rubric, language=language, warnings=_warnings(cycle),
        rows=practice_rows(items, rubric, capability.cycle_profile(cycle)),
        people={item.id: operations.people(item, language) for item in items},
        threads=comment_threads(cycle),
        to_carry=carry.offered(plan) if plan else carry.unfinished(carry.previous_plan(cycle)),
        previous=carry.previous_plan(cycle),
        progress=operations.progress(plan, today) if plan else None,
        history=operations.history(plan, limit=15) if plan else [])


@bp.route("/generate", methods=["GET", "POST"])
@organization_required
def generate(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is not None:
        flash(_("This cycle already has a plan. Edit its items below."), "info")
        return _back(organization, cycle_id)
    if request.method == "GET":
        return confirm_page(
            _("Make the plan now?"), _warnings(cycle) + [
                _("You can remake the plan later from the final results: items nobody edited "
                  "are made again, edited items are kept.")],
            _("Make the plan anyway"), url_for(".show", org_id=organization.id,
                                               cycle_id=cycle_id))
    today = date.today()
    plan, made = operations.create_plan(cycle, current_user,
                                        _released_staff_agreement(cycle, today), today)
    if made:
        flash(_("Plan made with %(count)s items. Read why each item is where it is, then "
                "adjust it to your organization.", count=len(plan.items)), "success")
    else:
        flash(_("This cycle already has a plan. Edit its items below."), "info")
    return _back(organization, cycle_id)


@bp.route("/remake", methods=["GET", "POST"])
@organization_required
def remake(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is None:
        return _back(organization, cycle_id)
    if request.method == "GET":
        return confirm_page(
            _("Remake the plan from the current results?"), _warnings(cycle) + [
                _("Items nobody has edited are made again from the current ratings and staff "
                  "survey results; their due dates count from today."),
                _("Items someone edited, added or removed stay as they are."),
                _("Every change is listed in the plan's history.")],
            _("Remake the plan"), url_for(".show", org_id=organization.id, cycle_id=cycle_id))
    today = date.today()
    remade = operations.remake_plan(plan, current_user, _released_staff_agreement(cycle, today),
                                    today)
    flash(_("Plan remade from the current results: %(added)s added, %(removed)s removed, "
            "%(changed)s changed. %(kept)s items you edited were kept as they are.",
            added=len(remade.added), removed=len(remade.removed),
            changed=len(remade.changed), kept=len(remade.kept)), "success")
    return _back(organization, cycle_id)


@bp.post("/carry")
@organization_required
def carry_items(organization: Organization, cycle_id: int):
    """Bring the ticked unfinished items of the previous plan into this one."""
    plan = _cycle_and_plan(organization, cycle_id)[1]
    if plan is None:
        return _back(organization, cycle_id)
    chosen = [whole_number(value) for value in request.form.getlist("items")]
    if not chosen:
        flash(_("Tick the items to bring into this plan first."), "error")
        return _back(organization, cycle_id, "#carry")
    try:
        if None in chosen:  # not a number: no item of the last plan
            raise carry.NotOffered()
        carried = carry.carry(plan, chosen, current_user)
    except carry.AlreadyCarried:
        flash(_("Some of these items are already in this plan: they were carried over "
                "before. Nothing was added."), "error")
        return _back(organization, cycle_id, "#carry")
    except carry.NotOffered:
        flash(_("Some of the items chosen are not unfinished items of your last plan. "
                "Tick only items from the list."), "error")
        return _back(organization, cycle_id, "#carry")
    flash(ngettext("%(num)s item carried over from the last plan. Its due date now counts "
                   "from the day this plan was made.",
                   "%(num)s items carried over from the last plan. Their due dates now count "
                   "from the day this plan was made.", len(carried)), "success")
    return _back(organization, cycle_id)


@bp.post("/items/<int:item_id>/status")
@organization_required
def set_status(organization: Organization, cycle_id: int, item_id: int):
    plan = _cycle_and_plan(organization, cycle_id)[1]
    item = _item(plan, item_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the statuses shown."), "error")
        return _back(organization, cycle_id, f"#item-{item.id}")
    try:
        operations.update_item(item, form.version.data, {"status": form.status.data},
                               current_user)
        flash(_("Status saved: %(status)s.", status=STATUS_LABELS[form.status.data]),
              "success")
    except operations.StaleItem:
        flash(_("Someone else changed this item a moment ago. Check it and set the status "
                "again."), "error")
    except operations.ItemRemoved:
        flash(_("This item was removed from the plan, so its status was not saved."), "error")
    return _back(organization, cycle_id, f"#item-{item.id}")


def _goal_from(form: PlanItemForm, old: Text | None) -> Text:
    """The goal as the form gave it; an empty language keeps its old text (or, on a new
    item, shows the other one, not yet translated)."""
    en, es = form.target_en.data, form.target_es.data
    if old is None:
        if en and es:
            return Text(en, es)
        return Text.written_in("en", en) if en else Text.written_in("es", es)
    return old.edited(en or old.en, es or old.es)


def _texts(form: PlanItemForm, item: PlanItem | None) -> dict:
    """Goal and key activities, both languages, as the item stores them."""
    target = _goal_from(form, item.target if item else None)
    en, es = form.activities_en.data, form.activities_es.data
    lines = activities.edited(item.activities, en, es) if item else activities.written(en, es)
    return {"target_en": target.en, "target_es": target.es,
            "target_untranslated": target.untranslated,
            "activity_lines": activities.to_data(lines)}


def _changes(form: PlanItemForm, item: PlanItem, plan) -> dict | str:
    """The item's new values from a valid form, or ASK (about a due date set by hand)."""
    due = due_after_edit(plan.made_on, item.bucket, item.due_on, item.due_set_by_hand,
                         form.bucket.data, form.due_on.data,
                         None if not form.move_due.data else form.move_due.data == MOVE)
    if due == ASK:
        return ASK
    return {
        **_texts(form, item),
        **{kind: operations.person_value(item, kind, getattr(form, kind).data)
           for kind in operations.PEOPLE},
        "bucket": form.bucket.data, "due_on": due[0], "due_set_by_hand": due[1],
        "status": form.status.data}


def _fill(form: PlanItemForm, item: PlanItem, language: str) -> None:
    form.target_en.data, form.target_es.data = item.target.en, item.target.es
    form.activities_en.data = item.text("activities", "en")
    form.activities_es.data = item.text("activities", "es")
    for kind, value in operations.people(item, language).items():
        getattr(form, kind).data = value
    form.bucket.data, form.due_on.data = item.bucket, item.due_on
    form.status.data, form.version.data = item.status, item.version


def _item_form_page(organization, cycle, item, form, status: int = 200, newer=None,
                    ask_due=None):
    plan = item.plan if item else None
    return render_template(
        "planning/item_form.html", organization=organization, cycle=cycle, item=item,
        form=form, newer=newer, ask_due=ask_due, language=current_language(),
        rubric=capability.cycle_rubric(cycle),
        history=operations.history(plan, item) if item else []), status


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@organization_required
@keeps_input
def edit_item(organization: Organization, cycle_id: int, item_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    item = _item(plan, item_id)
    if item.removed_at is not None:
        return _removed_page(organization, cycle_id, item)
    form = PlanItemForm()
    if request.method == "GET":
        _fill(form, item, current_language())
        return _item_form_page(organization, cycle, item, form)
    if not form.validate_on_submit():
        return _item_form_page(organization, cycle, item, form, 400)
    changes = _changes(form, item, plan)
    if changes == ASK:
        return _item_form_page(organization, cycle, item, form, ask_due={
            "kept": item.due_on, "moved": due_date(plan.made_on, form.bucket.data)})
    try:
        operations.update_item(item, form.version.data, changes, current_user)
    except operations.StaleItem as stale:
        form.version.data = stale.current.version
        return _item_form_page(organization, cycle, stale.current, form, 409,
                               newer=stale.current)
    except operations.ItemRemoved:
        return _removed_page(organization, cycle_id, item)
    flash(_("Item saved."), "success")
    return _back(organization, cycle_id, f"#item-{item.id}")


def item_name(item: PlanItem, language: str) -> str:
    """How people name a step: "05 Budget for education…, Level 1 → 2", or the goal of
    the organization's own item."""
    practice = capability.cycle_rubric(item.plan.cycle).practice(item.practice_id or "")
    if practice is None:
        return item.text("target", language)
    return (f"{practice.number:02d} {practice.title.in_language(language)}, "
            f"{step_label(item.from_level)}")


def _removed_page(organization, cycle_id: int, item: PlanItem):
    flash(_("This item was removed from the plan, so it was not saved. You can restore it "
            "below, under “Removed items”."), "error")
    return _back(organization, cycle_id, "#removed")


@bp.route("/items/new", methods=["GET", "POST"])
@organization_required
@keeps_input
def new_item(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is None:
        return _back(organization, cycle_id)
    form = PlanItemForm()
    if request.method == "GET":
        form.bucket.data, form.status.data = "3_months", "not_started"
        return _item_form_page(organization, cycle, None, form)
    if not form.validate_on_submit():
        return _item_form_page(organization, cycle, None, form, 400)
    if not submissions.first_time(request.form.get(submissions.FIELD))[0]:
        return submissions.already_saved(url_for(".show", org_id=organization.id,
                                                 cycle_id=cycle_id))
    due = form.due_on.data
    item = operations.add_item(plan, {
        **_texts(form, None),
        **{kind: getattr(form, kind).data or None for kind in operations.PEOPLE},
        "bucket": form.bucket.data, "status": form.status.data,
        "due_on": due or due_date(plan.made_on, form.bucket.data),
        "due_set_by_hand": due is not None}, current_user)
    flash(_("Item added."), "success")
    return _back(organization, cycle_id, f"#item-{item.id}")


@bp.route("/items/<int:item_id>/remove", methods=["GET", "POST"])
@organization_required
def remove_item(organization: Organization, cycle_id: int, item_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    item = _item(plan, item_id)
    if request.method == "GET":
        return confirm_page(
            _("Remove “%(item)s” from the plan?", item=item_name(item, current_language())),
            [_("It leaves the plan, the PDF and the progress counts."),
             _("You can restore it from the plan page, under “Removed items”.")],
            _("Remove the item"), url_for(".edit_item", org_id=organization.id,
                                          cycle_id=cycle_id, item_id=item.id))
    if operations.remove_item(item, current_user):
        flash(_("Item removed. You can restore it under “Removed items”."), "success")
    else:
        flash(_("This item was already removed."), "info")
    return _back(organization, cycle_id, "#removed")


@bp.post("/items/<int:item_id>/restore")
@organization_required
def restore_item(organization: Organization, cycle_id: int, item_id: int):
    plan = _cycle_and_plan(organization, cycle_id)[1]
    item = _item(plan, item_id)
    operations.restore_item(item, current_user)
    flash(_("Item restored to the plan."), "success")
    return _back(organization, cycle_id, f"#item-{item.id}")


@bp.get("/pdf")
@organization_required
def pdf(organization: Organization, cycle_id: int):
    cycle, plan = _cycle_and_plan(organization, cycle_id)
    if plan is None:
        return _back(organization, cycle_id)
    language = request.args.get("lang", current_language())
    if language not in LANGUAGES:
        language = current_language()
    today = date.today()
    wave = survey_report.survey_for_cycle(cycle, date.today())
    with force_locale(LANGUAGES[language]):
        from .pdf import plan_pdf
        document = plan_pdf(organization, cycle, plan, language, today,
                            survey_report.wave_report(wave, today) if wave else None,
                            wave.name if wave else None)
    filename = f"plan-{cycle.id}-{language}.pdf"
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
