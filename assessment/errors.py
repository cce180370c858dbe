"""Friendly error pages in the visitor's language."""
from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in the request was not right"),
          _l("Go back, reload the page and try again.")),
    403: (_l("You do not have access to this page"),
          _l("If you think you should, ask the person who manages your account.")),
    404: (_l("We could not find this page"),
          _l("Check the address, or go back to the home page.")),
    405: (_l("This page cannot be used that way"),
          _l("Go back and use the page's buttons.")),
    413: (_l("What you sent is too large"),
          _l("Shorten it and try again.")),
    429: (_l("Too many attempts"),
          _l("Wait a few minutes, then try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Your last action may not have been saved. Try again in a few minutes.")),
}
CSRF_MESSAGE = (
    _l("This form has expired"),
    _l("For your safety, forms stop working after a while or when sent from another site. "
       "Go back, reload the page and send it again."),
)


def render_error(status: int, title, advice):
    return render_template("errors/error.html", status=status, title=title, advice=advice), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        log.info("form refused: %s", error.description)
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # An untrusted Host header leaves no way to build links: answer plainly.
        if error.code not in MESSAGES or isinstance(error, SecurityError):
            return error
        return render_error(error.code, *MESSAGES[error.code])

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()  # the page itself may need the database
        return render_error(500, *MESSAGES[500])
