"""Forms whose text must survive an expired token.

Every form carries a CSRF token that stops working after a while (WTF_CSRF_TIME_LIMIT).
Normally the app-wide check refuses such a post before the view runs, with an error page,
and what the person typed is lost. A view decorated with @keeps_input is left out of
that app-wide check; its FlaskForm checks the same token itself in validate_on_submit()
(Flask-WTF does so whenever the app-wide check did not run), so nothing is saved, and the
view shows the form again as on any other error: filled in with what was sent and a fresh
token, under a note that says why.

Use it on views whose every state-changing path goes through form.validate_on_submit():

    @bp.route("/items/<int:item_id>", methods=["GET", "POST"])
    @organization_required
    @keeps_input
    def edit_item(...):
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import current_app, flash, g, make_response, request
from flask_babel import gettext as _
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from .extensions import csrf


def token_refused() -> bool:
    """True when this request posted a form whose token was refused (set by keeps_input)."""
    return bool(g.get("form_token_refused"))


def _token_is_valid() -> bool:
    try:
        validate_csrf(request.form.get(current_app.config["WTF_CSRF_FIELD_NAME"]))
    except ValidationError:
        return False
    return True


def keeps_input(view: Callable) -> Callable:
    """Show the form again, filled in, when its token has expired (see the module doc)."""
    csrf.exempt(view)  # exempted by module and name, which the outer decorators keep

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "POST" or _token_is_valid():
            return view(*args, **kwargs)
        g.form_token_refused = True
        flash(_("This page was open for a long time, so for your safety it was not saved "
                "yet. What you typed is still here: check it and send it again."), "info")
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200:  # the form shown again: nothing was done
            response.status_code = 400
        return response
    return wrapped
