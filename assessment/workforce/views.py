"""Workforce figures pages: the trend, a period's details, typing or uploading a period."""
from __future__ import annotations

from datetime import date

from flask import (Blueprint, Response, abort, current_app, flash, redirect,
                   render_template, request, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..access import (
    can_manage_organization,
    organization_required,
    owned_or_404,
    require_manager,
    role_required,
)
from ..capability.models import AssessmentCycle
from ..coaching.queries import organization_ids
from ..confirm import confirm_page
from ..i18n import current_language
from ..organizations.models import Organization
from ..peer_pay import peer_pay
from ..planning.models import PlanItem
from ..survey.privacy import MIN_GROUP
from . import aggregate, figures, messages, metrics, operations, targets
from . import coach as workforce_coach
from .chart import trend_chart
from .forms import EntryForm, UploadForm, best_practice, caseload_lines, target_form
from .models import WorkforcePeriod
from .report import period_name
from .roster import MAX_BYTES, RosterError, read_file, template_csv

bp = Blueprint("workforce", __name__)
ORG = "/organizations/<int:org_id>/workforce"
PREVIEW_ROWS = 200


period_label = period_name


def trend_view(periods: list[WorkforcePeriod]) -> dict:
    """The figures the organization page, this page and the coach share: periods of one
    length, each rate's values and change, and a chart per rate."""
    shown = figures.comparable(periods)
    labels = [period_label(p.period) for p in shown]
    rows = figures.trend(shown)
    charts = {}
    for row in rows:
        if len(shown) > 1 and any(v is not None for v in row.values):
            label = str(messages.METRIC_LABELS[row.metric])
            charts[row.metric] = Markup(trend_chart(
                labels, row.values, label,
                _("%(metric)s by period, in percent; the figures are in the table.",
                  metric=label), f"chart-{row.metric}"))
    return {"periods": shown, "labels": labels, "rows": rows, "charts": charts,
            "latest": shown[-1] if shown else None}


@bp.get(ORG)
@organization_required
def index(organization: Organization):
    periods = operations.periods_of(organization.id)
    return render_template(
        "workforce/index.html", organization=organization, trend=trend_view(periods),
        all_periods=list(reversed(periods)), region=peer_pay().for_region(organization.hhs_region),
        labels=messages.METRIC_LABELS, period_label=period_label, figures=figures,
        can_manage=can_manage_organization(current_user, organization))


@bp.get(ORG + "/<int:period_id>")
@organization_required
def period(organization: Organization, period_id: int):
    row = owned_or_404(WorkforcePeriod, period_id, organization_id=organization.id)
    return render_template(
        "workforce/period.html", organization=organization, row=row,
        rates=metrics.rates(row.counts), details=row.details or {},
        region=peer_pay().for_region(organization.hhs_region), m=messages, figures=figures,
        min_group=MIN_GROUP,
        period_label=period_label, can_manage=can_manage_organization(current_user, organization))


@bp.route(ORG + "/enter", methods=["GET", "POST"])
@organization_required
def enter(organization: Organization):
    require_manager(organization)
    form = EntryForm()
    if form.validate_on_submit():
        counts = form.counts()
        found = metrics.problems(counts)
        if not found:
            summary = {"counts": counts.__dict__.copy(),
                       "average_tenure": _text(form.average_tenure.data),
                       "caseload": caseload_lines(form.caseload.data or ""),
                       "pay": {"overall": {"female": _text(form.median_pay_female.data),
                                           "male": _text(form.median_pay_male.data)},
                               "roles": []},
                       "breakdowns": {}}
            draft = operations.make_draft(organization, form.period, "entered", counts, summary)
            return _save_or_ask(organization, draft, replace=False)
        form.form_errors.extend(str(messages.COUNT_PROBLEMS[code]) for code in found)
    return render_template("workforce/enter.html", organization=organization, form=form), (
        400 if form.errors or form.form_errors else 200)


@bp.route(ORG + "/upload", methods=["GET", "POST"])
@organization_required
def upload(organization: Organization):
    require_manager(organization)
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(organization, form)
    file = request.files.get(form.roster.name)
    if file is None or not file.filename:
        return _upload_page(organization, form, _("Choose the roster file to upload."))
    data = file.read(MAX_BYTES + 1)
    try:
        roster = read_file(file.filename, data)
    except RosterError as error:
        return _upload_page(organization, form,
                            messages.file_problem(error.problem, current_language()))
    period = form.period
    counts_problems = []
    summary = None
    if not roster.problems:
        summary = aggregate.summarize(roster.people, period, form.budgeted_positions.data,
                                      form.vacant_positions.data,
                                      best_practice(form.best_practice.data or ""))
        counts = metrics.Counts(**summary["counts"])
        counts_problems = [str(messages.COUNT_PROBLEMS[c]) for c in metrics.problems(counts)]
    draft_token = None
    if summary and not counts_problems:
        draft_token = operations.sign_draft(current_app.secret_key, operations.make_draft(
            organization, period, "roster", counts, summary))
    return render_template(
        "workforce/preview.html", organization=organization, period=period,
        period_label=period_label, roster=roster,
        columns=[messages.COLUMN_LABELS[key] for key in roster.columns],
        row_problems=[messages.row_problem(p) for p in roster.problems[:50]],
        more_problems=max(len(roster.problems) - 50, 0), counts_problems=counts_problems,
        outcomes=[(p, messages.OUTCOMES[aggregate.row_outcome(p, period)])
                  for p in roster.people[:PREVIEW_ROWS]],
        totals=aggregate.outcome_totals(roster.people, period), outcome_labels=messages.OUTCOMES,
        summary=summary, rates=metrics.rates(counts) if summary else {},
        labels=messages.METRIC_LABELS, draft=draft_token, figures=figures,
        existing=operations.find_period(organization, period), form=form), \
        200 if draft_token else 400


def _upload_page(organization: Organization, form: UploadForm, problem: str | None = None):
    if problem:
        form.roster.errors = [*form.roster.errors, problem]
    return render_template("workforce/upload.html", organization=organization, form=form,
                           expected=messages.expected_columns(current_language())), (
        400 if form.errors or problem else 200)


@bp.post(ORG + "/save")
@organization_required
def save(organization: Organization):
    require_manager(organization)
    draft = operations.read_draft(current_app.secret_key, request.form.get("draft", ""),
                                  organization)
    if draft is None:
        flash(_("This preview is too old or was changed. Upload the file again."), "error")
        return redirect(url_for(".upload", org_id=organization.id))
    return _save_or_ask(organization, draft, replace=request.form.get("replace") == "yes")


def _save_or_ask(organization: Organization, draft: dict, replace: bool):
    row = operations.save_draft(organization, draft, current_user.id, replace)
    period = operations.draft_period(draft)
    if row is None:
        label = period_label(period)
        return confirm_page(
            _("Replace the figures for %(period)s?", period=label),
            [_("Figures for %(period)s are already saved.", period=label),
             _("They will be replaced by the ones you just gave. This cannot be undone.")],
            _("Replace the figures"), url_for(".index", org_id=organization.id),
            action=url_for(".save", org_id=organization.id),
            hidden={"draft": operations.sign_draft(current_app.secret_key, draft),
                    "replace": "yes"})
    flash(_("Figures for %(period)s saved.", period=period_label(period)), "success")
    return redirect(url_for(".period", org_id=organization.id, period_id=row.id))


@bp.get(ORG + "/roster-template-<language>.csv")
@organization_required
def roster_template(organization: Organization, language: str):
    if language not in ("en", "es"):
        language = "en"
    name = "plantilla-personal.csv" if language == "es" else "staff-roster-template.csv"
    return Response(template_csv(language), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/how-workforce-figures-work")
def how_figures_work():
    # The page quotes the rules' own numbers, so it cannot drift from what the code does.
    return render_template("workforce/how.html", labels=messages.METRIC_LABELS,
                           formulas=messages.FORMULAS, min_group=MIN_GROUP)


def _text(value) -> str | None:
    return None if value is None else str(value)


@bp.get("/coach/workforce")
@role_required("coach", "admin")
def coach_overview():
    return render_template("workforce/coach.html", workforce=workforce_coach.page_data(
        organization_ids(current_user)))


# ---------------------------------------------------------------- targets on plan items

ITEM = "/organizations/<int:org_id>/cycles/<int:cycle_id>/plan/items/<int:item_id>/target"


def _plan_item(organization: Organization, cycle_id: int, item_id: int) -> PlanItem:
    cycle = owned_or_404(AssessmentCycle, cycle_id, organization_id=organization.id)
    item = owned_or_404(PlanItem, item_id)
    if item.plan.cycle_id != cycle.id or item.removed_at is not None:
        abort(404)
    return item


def _to_item(organization: Organization, cycle_id: int, item_id: int):
    return redirect(url_for("plan.show", org_id=organization.id, cycle_id=cycle_id)
                    + f"#item-{item_id}")


@bp.route(ITEM, methods=["GET", "POST"])
@organization_required
def target(organization: Organization, cycle_id: int, item_id: int):
    require_manager(organization)
    item = _plan_item(organization, cycle_id, item_id)
    current = targets.targets_of(organization.id).get(item.id)
    form = target_form(messages.METRIC_LABELS, targets.MONTHS, **(
        {"metric": current.target.metric, "value": current.target.value,
         "within_months": str(current.target.within_months)} if current and
        request.method == "GET" else {}))
    if form.validate_on_submit() and form.within_months.data.isdigit():
        targets.set_target(item, organization.id, form.metric.data, form.value.data,
                           int(form.within_months.data), date.today(), current_user.id)
        flash(_("Target saved."), "success")
        return _to_item(organization, cycle_id, item_id)
    return render_template("workforce/target.html", organization=organization, item=item,
                           cycle_id=cycle_id, form=form, current=current,
                           language=current_language()), 400 if form.errors else 200


@bp.post(ITEM + "/remove")
@organization_required
def remove_target(organization: Organization, cycle_id: int, item_id: int):
    require_manager(organization)
    targets.remove_target(_plan_item(organization, cycle_id, item_id))
    flash(_("Target removed."), "success")
    return _to_item(organization, cycle_id, item_id)


def _workforce_trend(organization_id: int) -> dict:
    return trend_view(operations.periods_of(organization_id))


# For the partials on the organization and plan pages, without touching their views.
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    workforce_trend=_workforce_trend, workforce_labels=messages.METRIC_LABELS,
    workforce_targets=targets.targets_of, workforce_period_name=period_name,
    workforce_can_manage=lambda organization: can_manage_organization(current_user,
                                                                      organization)))
