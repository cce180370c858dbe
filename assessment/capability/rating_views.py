"""The rater's pages, reached from a personal link: no account needed.

The link's token is exchanged for a session on first use and the address bar
cleaned, so the secret does not linger in history or get shared by accident.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import current_language
from . import operations
from .forms import NOT_SURE, chosen_level, rating_form
from .models import Rater

bp = Blueprint("rating", __name__, url_prefix="/rate")
SESSION_KEY = "rater_id"


def _current_rater() -> Rater | None:
    rater_id = session.get(SESSION_KEY)
    rater = db.session.get(Rater, rater_id) if rater_id else None
    if rater is None or rater.revoked_at:
        return None
    return rater


def _dead_link():
    return render_template("rating/link_problem.html"), 404


def _closed(rater: Rater, status: int = 200):
    return render_template("rating/closed.html", rater=rater), status


def rater_required(while_open: bool = True) -> Callable:
    """Pass the session's rater to the view; a dead link, or (while_open) a closed cycle,
    gets its own page instead. A POST to a closed cycle is refused with 409."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            rater = _current_rater()
            if rater is None:
                return _dead_link()
            if while_open and not rater.cycle.is_open:
                return _closed(rater, 409 if request.method == "POST" else 200)
            try:
                return view(rater, *args, **kwargs)
            except operations.CycleClosed:  # closed while the rater was on the page
                return _closed(rater, 409)
        return wrapped
    return decorator


@bp.get("/<token>")
def open_link(token: str):
    rater = operations.rater_by_token(token)
    if rater is None:
        session.pop(SESSION_KEY, None)
        return _dead_link()
    session[SESSION_KEY] = rater.id
    return redirect(url_for(".start"))


@bp.get("/")
@rater_required()
def start(rater: Rater):
    rubric = operations.cycle_rubric(rater.cycle)
    answers = operations.answers_of(rater)
    next_practice = next((p for p in rubric.practices if p.id not in answers), None)
    return render_template("rating/start.html", rater=rater, rubric=rubric,
                           answered=len(answers), next_practice=next_practice)


@bp.route("/practices/<int:number>", methods=["GET", "POST"])
@rater_required()
def practice(rater: Rater, number: int):
    rubric = operations.cycle_rubric(rater.cycle)
    practice = rubric.practice_number(number)
    if practice is None:
        return render_template("rating/no_such_practice.html", count=len(rubric.practices)), 404

    language = current_language()
    saved = operations.answers_of(rater).get(practice.id)
    form = rating_form(practice, language)
    if request.method == "GET" and saved is not None:
        form.level.data = NOT_SURE if saved.level is None else str(saved.level)
        form.evidence.data = saved.evidence
    if form.validate_on_submit():
        operations.save_rating(rater, practice.id, chosen_level(form.level.data),
                               form.evidence.data or "")
        if number < len(rubric.practices):
            return redirect(url_for(".practice", number=number + 1))
        return redirect(url_for(".review"))
    status = 400 if form.errors else 200
    return render_template("rating/practice.html", rater=rater, rubric=rubric, practice=practice,
                           form=form, language=language), status


@bp.get("/review")
@rater_required()
def review(rater: Rater):
    rubric = operations.cycle_rubric(rater.cycle)
    return render_template("rating/review.html", rater=rater, rubric=rubric,
                           answers=operations.answers_of(rater), language=current_language())


@bp.post("/finish")
@rater_required()
def finish(rater: Rater):
    rubric = operations.cycle_rubric(rater.cycle)
    missing = [p for p in rubric.practices if p.id not in operations.answers_of(rater)]
    if missing:
        return redirect(url_for(".practice", number=missing[0].number))
    operations.finish(rater)
    return redirect(url_for(".thanks"))


@bp.get("/thanks")
@rater_required(while_open=False)
def thanks(rater: Rater):
    return render_template("rating/thanks.html", rater=rater)
