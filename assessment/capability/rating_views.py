"""The rater's pages, reached from a personal link: no account needed.

The link's token is exchanged for a session on first use and the address bar
cleaned, so the secret does not linger in history or get shared by accident.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, redirect, render_template, request, session, url_for

from ..form_tokens import keeps_input
from ..i18n import current_language
from . import operations
from .forms import NOT_SURE, chosen_level, rating_form
from .models import Rater
from .rating_markup import levels_markup

bp = Blueprint("rating", __name__, url_prefix="/rate")
bp.add_app_template_global(levels_markup, "rating_levels")
# The session keeps the link's token, not the rater's id, so a new link or a turned-off
# one also ends the rating sessions opened with the old link.
SESSION_KEY = "rater_token"


def _dead_link(no_session: bool = False):
    return render_template("rating/link_problem.html", no_session=no_session), 404


def _closed(rater: Rater, status: int = 200):
    """status 409: the answer on screen was refused, and the page says so."""
    return render_template("rating/closed.html", rater=rater, refused=status == 409), status


def rater_required(while_open: bool = True) -> Callable:
    """Pass the session's rater to the view; a dead link, or (while_open) a closed cycle,
    gets its own page instead. A POST to a closed cycle is refused with 409."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = session.get(SESSION_KEY)
            rater = operations.rater_by_token(token) if token else None
            if rater is None:
                return _dead_link(no_session=token is None)
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
    session[SESSION_KEY] = rater.token
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
@keeps_input
def practice(rater: Rater, number: int):
    """One practice's rating. Opened from the review (?from=review), saving returns there."""
    rubric = operations.cycle_rubric(rater.cycle)
    practice = rubric.practice_number(number)
    if practice is None:
        return render_template("rating/no_such_practice.html", count=len(rubric.practices)), 404

    language = current_language()
    from_review = request.args.get("from") == "review"
    if request.method == "GET":
        saved = operations.answers_of(rater).get(practice.id)
        if saved is None:
            return _practice_page(rubric, practice, language, from_review)
        level = NOT_SURE if saved.level is None else str(saved.level)
        return _practice_page(rubric, practice, language, from_review, level, saved.evidence)
    form = rating_form(practice, language)
    going_back = "back" in request.form
    if going_back and not form.level.data:  # nothing chosen on this page: nothing to save
        return redirect(url_for(".practice", number=number - 1))
    if form.validate_on_submit():
        operations.save_rating(rater, practice.id, chosen_level(form.level.data),
                               form.evidence.data or "")
        if going_back:
            return redirect(url_for(".practice", number=number - 1))
        if from_review:
            return redirect(url_for(".review"))
        if number < len(rubric.practices):
            return redirect(url_for(".practice", number=number + 1))
        return redirect(url_for(".review"))
    # A refused token alone (keeps_input says so) is not the rater's mistake.
    errors = {name: messages for name, messages in form.errors.items() if name != "csrf_token"}
    return _practice_page(rubric, practice, language, from_review, form.level.data,
                          form.evidence.data, errors, 400 if form.errors else 200)


def _practice_page(rubric, practice, language: str, from_review: bool,
                   level: str | None = None, evidence: str | None = "",
                   errors: dict | None = None, status: int = 200):
    """A practice's page with this level chosen, this evidence and these errors (field
    name -> messages). Written by the template, so a page shown afresh builds no form."""
    return render_template("rating/practice.html", rubric=rubric, practice=practice,
                           language=language, from_review=from_review, level=level,
                           evidence=evidence or "", errors=errors or {}), status


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
