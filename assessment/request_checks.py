"""Checks every request passes before any view sees it, so no form or route has to.

- Ids in addresses (every `<int:...>` route) are ASCII digits within the database's
  integer range; anything else is "not found", never an overflow in the database.
- Invisible control characters (a NUL byte, an escape, ...) in the address, the query or a
  form value get a clear 400 page: PostgreSQL cannot store NUL, and nobody types them. So
  does a form field sent as a file upload, which no form here takes.
- A value the database still refuses (a number out of its range in a form field, say) gets
  the same kind of page instead of a server error.
"""
from __future__ import annotations

import logging
import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter

from .errors import MESSAGES, render_error
from .extensions import db
from .fields import ID_MAX

log = logging.getLogger("assessment.security")

# Unicode's control characters (category Cc) and lone surrogates (Cs), as a pattern: a
# post's every character is checked, which a pattern does without a Python loop.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Line breaks and tabs are ordinary in a text box; in an address or query they are not.
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

UNREADABLE = (
    _l("Some characters cannot be used"),
    _l("What you sent contains invisible control characters, for example from copied "
       "text. Go back, delete them or type the text again, then send it again."),
)
OUT_OF_RANGE = (
    _l("Something in the request was not right"),
    _l("A number or a value in what you sent is outside what we can store. Go back, check "
       "what you entered and try again."),
)


class IdConverter(IntegerConverter):
    """`<int:...>` for ids and page numbers: 1 to 10 ASCII digits, at most ID_MAX.
    Werkzeug's own accepts any Unicode digit and any size."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = ID_MAX, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, ID_MAX if max is None else max, signed)


def _request_has_control_characters() -> bool:
    if CONTROL.search(request.path):
        return True
    if any(CONTROL.search(key) or CONTROL.search(value)
           for key, value in request.args.items(multi=True)):
        return True
    return request.method in ("POST", "PUT", "PATCH", "DELETE") and any(
        CONTROL.search(key) or CONTROL_IN_TEXT.search(value)
        for key, value in request.form.items(multi=True))


# Endpoints that take a file, and the largest request each accepts. A file a little over
# its own limit still reaches the view, which says what the limit is.
UPLOADS = {"workforce.upload": 11 * 1024 * 1024}


def refuse_control_characters():
    upload_limit = UPLOADS.get(request.endpoint or "")
    if upload_limit:
        request.max_content_length = upload_limit
    if request.method == "POST" and request.files and not upload_limit:
        # No form here takes a file; a field sent as one would reach the filters as a file.
        log.info("request refused: a file part")
        return render_error(400, *MESSAGES[400])
    if _request_has_control_characters():
        log.info("request refused: control characters")
        return render_error(400, *UNREADABLE)
    return None


def value_out_of_range(error: Exception):
    """The database refused a value (a number beyond its range, say). Named by type only:
    the message would hold the request's values, and survey answers stay out of logs."""
    db.session.rollback()
    log.error("value refused by the database: %s on %s", type(error).__name__,
              request.endpoint)
    return render_error(400, *OUT_OF_RANGE)


def register_converters(app: Flask) -> None:
    """Before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = IdConverter


def init_app(app: Flask) -> None:
    # First of all before-request functions, so the token check and the views never
    # see such a request.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_control_characters)
    app.register_error_handler(DataError, value_out_of_range)
    app.register_error_handler(OverflowError, value_out_of_range)
