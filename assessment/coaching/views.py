"""The coach's workspace: portfolio, cohort comparison and exports."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..access import role_required
from ..capability.rubric import rubric
from ..fields import whole_number
from ..i18n import current_language
from ..lattice.reports import EXPORTS as LATTICE_EXPORTS
from ..lattice.reports import lattice_export
from ..workforce import coach as workforce_coach
from . import queries, reports
from .export import to_csv
from .portfolio import ATTENTION, SORT_KEYS, arrange

bp = Blueprint("coach", __name__, url_prefix="/coach")

ATTENTION_LABELS = {
    "reply": _l("New comment waiting for your reply"),
    "no_cycle": _l("No self-assessment yet"),
    "reassess_overdue": _l("Yearly assessment overdue"),
    "overdue": _l("Plan items overdue"),
    "blind_spot": _l("Blind spots"),
    "low_agreement": _l("Low agreement among raters"),
    "level_1": _l("Practices at level 1"),
    "went_down": _l("Lower than the first cycle"),
    "reassess_due": _l("Yearly assessment due soon"),
    "no_plan": _l("No plan yet"),
    "no_survey": _l("No staff survey responses"),
}
EXPORTS = ("summary", "cycle-results", "plan-items", "survey", *LATTICE_EXPORTS, "workforce")


@bp.before_request
@role_required("coach", "admin")
def only_coaches() -> None:
    """Coaches see their assigned organizations; administrators see all."""


@bp.get("/")
def dashboard():
    current = rubric()
    rows = queries.portfolio(queries.organization_ids(current_user), date.today(),
                             len(current.practices), viewer_id=current_user.id)
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORT_KEYS else "name"
    descending = request.args.get("dir") == "desc"
    need = request.args.get("need")
    level = whole_number(request.args.get("level"), maximum=4)  # "²" is a digit to isdigit()
    shown = arrange(rows, sort, descending, request.args.get("q", "").strip(), level,
                    need if need in ATTENTION else None)
    return render_template(
        "coaching/dashboard.html", rows=shown, total=len(rows), sort=sort,
        descending=descending, rubric=current, language=current_language(),
        attention_labels=ATTENTION_LABELS, args=request.args,
        workforce=workforce_coach.page_data(queries.organization_ids(current_user)))


@bp.get("/cohort")
def cohort():
    current = rubric()
    org_ids = queries.organization_ids(current_user)
    rows = queries.portfolio(org_ids, date.today(), len(current.practices))
    latest = queries.practice_levels(queries.latest_cycles(org_ids))
    first = queries.practice_levels(queries.first_cycles(org_ids))
    first_ids = queries.first_cycle_ids(org_ids)
    changes = {
        row.organization_id: {
            pid: (latest[row.organization_id][pid] - first[row.organization_id][pid])
            if latest.get(row.organization_id, {}).get(pid) is not None
            and first.get(row.organization_id, {}).get(pid) is not None else None
            for pid in current.practice_ids}
        for row in rows if row.cycle_id and first_ids.get(row.organization_id) != row.cycle_id}
    return render_template(
        "coaching/cohort.html", rows=sorted(rows, key=lambda r: r.name.lower()),
        latest=latest, changes=changes, rubric=current, language=current_language(),
        distribution=queries.level_distribution(org_ids),
        unassessed=sum(1 for row in rows if row.cycle_id is None),
        workforce=workforce_coach.page_data(org_ids))


@bp.get("/export/<kind>.csv")
def export(kind: str):
    if kind not in EXPORTS:
        abort(404)
    org_ids = queries.organization_ids(current_user)
    language, today = current_language(), date.today()
    if kind == "summary":
        current = rubric()
        header, rows = reports.summary(
            arrange(queries.portfolio(org_ids, today, len(current.practices))), current,
            language)
    elif kind == "cycle-results":
        header, rows = reports.cycle_results(org_ids, language)
    elif kind in LATTICE_EXPORTS:
        header, rows = lattice_export(kind, org_ids, language)
    elif kind == "plan-items":
        header, rows = reports.plan_items(org_ids, language, today)
    elif kind == "workforce":
        header, rows = workforce_coach.export(workforce_coach.portfolio(org_ids))
    else:
        header, rows = reports.survey_aggregates(org_ids, language, today)
    return Response(to_csv(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{kind}-{date.today().isoformat()}.csv"'})
