"""Friendly error pages in the visitor's language."""
from __future__ import annotations

import logging
import traceback

from flask import Flask, has_request_context, render_template, request
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


# Requests of the staff survey: their errors are logged without any message or value.
SURVEY_PATHS = ("/survey", "/s/")


def scrubbed_traceback(error: BaseException) -> str:
    """Where an error happened (each exception's type and the files, lines and functions
    it passed, causes included), never what it said nor the source lines: a message may
    quote a worker's answer or a response's key."""
    lines, seen = [], set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        lines[:0] = ["Traceback (most recent call last):\n",
                     *(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                       for frame in traceback.extract_tb(error.__traceback__)),
                     f"{type(error).__module__}.{type(error).__qualname__} (message withheld)\n"]
        error = error.__cause__ or error.__context__
    return "".join(lines).rstrip("\n")


class SurveyErrorScrubber(logging.Filter):
    """Rewrites the log record of an error during a staff-survey request: the page's
    name instead of its address, and a traceback with no message in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (record.levelno >= logging.ERROR and has_request_context()
                and request.path.startswith(SURVEY_PATHS)):
            record.msg, record.args = "Exception on a staff-survey page (%s)", (
                request.endpoint or "unknown",)
            if record.exc_info and record.exc_info[1] is not None:
                record.exc_text = scrubbed_traceback(record.exc_info[1])
            record.exc_info = None
        return True


def init_app(app: Flask) -> None:
    app.logger.addFilter(SurveyErrorScrubber())

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
