"""The coach's workspace: portfolio, cohort comparison and exports."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..access import role_required
from ..capability.rubric import rubric
from ..fields import whole_number
from ..i18n import current_language
from ..lattice.reports import EXPORTS as LATTICE_EXPORTS
from ..lattice.reports import lattice_export
from ..workforce import coach as workforce_coach
from . import listing, queries, reports
from .export import csv_chunks
from .portfolio import ATTENTION, SORT_KEYS

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


def _page_number() -> int | None:
    return whole_number(request.args.get("page"))


@bp.get("/")
def dashboard():
    current = rubric()
    org_ids = queries.organization_ids(current_user)
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORT_KEYS else "name"
    descending = request.args.get("dir") == "desc"
    need = request.args.get("need")
    need = need if need in ATTENTION else None
    level = whole_number(request.args.get("level"), maximum=4)  # "²" is a digit to isdigit()
    search = request.args.get("q", "").strip()
    rows, page = listing.portfolio_page(
        org_ids, queries.Facts(date.today(), len(current.practices), current_user.id),
        sort, descending, search, level, need, _page_number())
    # What every link of the page keeps: the sort and the filters as they were typed
    # (an empty filter is left out of the address).
    keep = {"sort": sort, "dir": "desc" if descending else "asc",
            **{name: request.args[name] for name in ("q", "level", "need")
               if request.args.get(name)}}
    return render_template(
        "coaching/dashboard.html", rows=rows, page=page, total=len(org_ids), sort=sort,
        descending=descending, rubric=current, language=current_language(),
        attention_labels={key: str(text) for key, text in ATTENTION_LABELS.items()},
        args=request.args, keep=keep,
        workforce=workforce_coach.cohort_data(org_ids))


@bp.get("/cohort")
def cohort():
    current = rubric()
    org_ids = queries.organization_ids(current_user)
    rows, page = listing.names_page(org_ids, _page_number())
    shown_ids = [row.organization_id for row in rows]
    latest, latest_ids = queries.practice_levels(shown_ids, newest_first=True)
    first, first_ids = queries.practice_levels(shown_ids, newest_first=False)
    changes = {
        org_id: {
            pid: (latest[org_id][pid] - first[org_id][pid])
            if latest[org_id].get(pid) is not None
            and first.get(org_id, {}).get(pid) is not None else None
            for pid in current.practice_ids}
        for org_id, cycle_id in latest_ids.items() if first_ids.get(org_id) != cycle_id}
    distribution, rated = queries.level_distribution(org_ids)
    return render_template(
        "coaching/cohort.html", rows=rows, page=page, keep={},
        latest=latest, changes=changes, rubric=current, language=current_language(),
        distribution=distribution, unassessed=len(org_ids) - rated,
        workforce=workforce_coach.cohort_data(org_ids))


def _export_rows(kind: str, org_ids: list[int], language: str, today: date):
    """The header and an iterator of the rows of one export."""
    if kind == "summary":
        current = rubric()
        return reports.summary(listing.every_row_by_name(
            org_ids, queries.Facts(today, len(current.practices))), current, language)
    if kind == "cycle-results":
        return reports.cycle_results(org_ids, language)
    if kind in LATTICE_EXPORTS:
        return lattice_export(kind, org_ids, language)
    if kind == "plan-items":
        return reports.plan_items(org_ids, language, today)
    if kind == "workforce":
        return workforce_coach.export(workforce_coach.portfolio_in_chunks(org_ids))
    return reports.survey_aggregates(org_ids, language, today)


@bp.get("/export/<kind>.csv")
def export(kind: str):
    """Sent as its rows are read (stream_with_context keeps the request's database session
    and language for the generator), so memory stays flat and the first bytes leave at once."""
    if kind not in EXPORTS:
        abort(404)
    org_ids = queries.organization_ids(current_user)
    today = date.today()

    def rows():
        header, body = _export_rows(kind, org_ids, current_language(), today)
        yield from csv_chunks(header, body)
    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{kind}-{today.isoformat()}.csv"'})
