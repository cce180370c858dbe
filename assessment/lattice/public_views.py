"""What workers see, with no account: the published lattice at its short link, a page per
position, and "My career map". Nothing about the worker is stored: the map is computed for
each request and the worksheet is made from what the form sends."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ..i18n import current_language
from ..planning.labels import NOT_YET_TRANSLATED
from . import operations, rules
from .document import Lattice
from .drawing import lattice_svg
from .forms import LANGUAGE_NAMES, MOVE_KIND_NAMES, OFFERING_KIND_NAMES, SCHEDULE_NAMES
from .starters import library

if TYPE_CHECKING:
    from .printouts import Milestone

# Modules that make PDFs are imported by the views that send one, so reportlab (about
# 18 MB) loads in a worker only when someone asks for a PDF.
bp = Blueprint("lattice_public", __name__, url_prefix="/l")
MILESTONE_ROWS = 4


def _published(code: str):
    """(lattice row, latest version) or the page saying there is nothing to see (404)."""
    lattice = operations.by_code(code)
    if lattice is None or lattice.latest is None:
        return None, (render_template("lattice/no_lattice.html"), 404)
    return lattice, None


def _common(lattice) -> dict:
    version = lattice.latest
    return {"lattice": lattice, "version": version, "document": version.document,
            "organization": lattice.organization, "language": current_language(),
            "schedules": SCHEDULE_NAMES, "move_kinds": MOVE_KIND_NAMES,
            "offering_kinds": OFFERING_KIND_NAMES, "offering_languages": LANGUAGE_NAMES,
            "competencies": library().competencies}


@bp.get("/<code>")
def show(code: str):
    lattice, missing = _published(code)
    if missing:
        return missing
    context = _common(lattice)
    document: Lattice = context["document"]
    drawing = Markup(lattice_svg(
        document, context["language"],
        lambda key: url_for(".position", code=lattice.code, key=key),
        _("Career lattice of %(name)s", name=lattice.organization.name)))
    return render_template("lattice/public.html", drawing=drawing, **context)


@bp.get("/<code>/p/<key>")
def position(code: str, key: str):
    lattice, missing = _published(code)
    if missing:
        return missing
    context = _common(lattice)
    document: Lattice = context["document"]
    found = document.position(key[:20])
    if found is None:
        return render_template("lattice/no_position.html", **context), 404
    moves = document.moves_from(found.key)
    return render_template("lattice/position.html", position=found, moves=moves,
                           helps=rules.offerings_for(document, moves), **context)


def _chosen(document: Lattice, name: str):
    return document.position((request.values.get(name) or "")[:20])


@bp.get("/<code>/map")
def career_map(code: str):
    lattice, missing = _published(code)
    if missing:
        return missing
    context = _common(lattice)
    document: Lattice = context["document"]
    start, goal = _chosen(document, "start"), _chosen(document, "goal")
    problem, found = None, []
    if "goal" in request.args and (start is None or goal is None):
        problem = _("Choose where you are now and where you want to go.")
    elif start is not None and start == goal:
        problem = _("You chose the same job twice. Choose a different job to go to.")
    elif start is not None and goal is not None:
        found = rules.routes(document, start.key, goal.key)
        if not found:
            problem = _("No route yet: ask your supervisor. They can tell you what would "
                        "prepare you for this job.")
    return render_template("lattice/map.html", start=start, goal=goal, routes=found,
                           problem=problem, milestone_rows=range(MILESTONE_ROWS),
                           **context)


@bp.post("/<code>/worksheet.pdf")
def worksheet(code: str):
    lattice, missing = _published(code)
    if missing:
        return missing
    document = lattice.latest.document
    start, goal = _chosen(document, "start"), _chosen(document, "goal")
    if start is None or goal is None:
        return render_template("lattice/map.html", start=start, goal=goal, routes=[],
                               problem=_("Choose where you are now and where you want to go."),
                               milestone_rows=range(MILESTONE_ROWS), **_common(lattice)), 400
    found = rules.routes(document, start.key, goal.key, limit=1)
    from .printouts import worksheet_pdf
    pdf = worksheet_pdf(lattice.organization.name, document, start, goal,
                        found[0] if found else None, _milestones())
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": 'attachment; filename="career-map.pdf"'})


def _milestones() -> list[Milestone]:
    """The worker's own milestones as sent; a date that is not one is left out, not refused,
    so nothing they wrote is lost."""
    from .printouts import Milestone
    milestones = []
    for row in range(MILESTONE_ROWS):
        what = (request.form.get(f"milestone-{row}") or "").strip()[:200]
        when = None
        try:
            when = date.fromisoformat(request.form.get(f"milestone-{row}-date") or "")
        except ValueError:
            pass
        if what or when:
            milestones.append(Milestone(what, when))
    return milestones


@bp.context_processor
def _labels() -> dict:
    return {"not_yet_translated": NOT_YET_TRANSLATED}
