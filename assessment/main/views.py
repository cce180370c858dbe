from __future__ import annotations

import logging

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    session,
    url_for,
)
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..capability import scoring
from ..capability.rubric import rubric
from ..extensions import db
from ..i18n import LANGUAGES
from ..navigation import local_path
from ..planning import generator
from ..survey import privacy
from .forms import LanguageForm

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)


@bp.get("/")
def home():
    return render_template("main/home.html")


@bp.get("/how-scores-work")
def how_scores_work():
    # The page quotes the rules' own numbers, so it cannot drift from what the code does.
    return render_template(
        "main/how_scores_work.html", rubric=rubric(), gap=scoring.LOW_AGREEMENT_GAP,
        blind_spot_share=scoring.BLIND_SPOT_SHARE, min_group=privacy.MIN_GROUP,
        min_open_answers=privacy.MIN_FOR_OPEN_ANSWERS,
        max_starting_first=generator.MAX_STARTING_FIRST)


@bp.post("/language")
def choose_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in LANGUAGES:
        session["lang"] = form.lang.data
    return redirect(_page_to_show_again(form.next.data) or url_for("main.home"), code=303)


def _page_to_show_again(target: str | None) -> str | None:
    """target when it is a page of this site that a GET can show (not a form's POST address)."""
    path = local_path(target)
    if path is None:
        return None
    try:
        current_app.url_map.bind("localhost").match(path.split("?", 1)[0], method="GET")
    except HTTPException:
        return None
    return path


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database did not answer")
        db.session.rollback()
        return jsonify(status="unavailable", database="error"), 503
    return jsonify(status="ok", database="ok")
