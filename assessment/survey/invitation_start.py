"""Starting a response with a card's code, for respond_views: wrong codes are counted per
client like wrong resume codes, so guessing codes is slowed without locking anyone out."""
from __future__ import annotations

from datetime import date

from flask import current_app, request
from flask_babel import gettext as _

from ..auth import throttle
from ..clock import utcnow
from ..i18n import current_language
from . import invitations
from .models import SurveyResponse, SurveyWave

INVITATION_KEY = "survey_invitation"    # a card's code from its QR code, until spent


def _message(refusal: str) -> str:
    if refusal == invitations.USED:
        return _("This code was already used: each card lets one person answer once. If "
                 "you have not answered yet, ask for a new card.")
    return _("We do not know this code. Check the 10 letters and numbers on your card and "
             "try again.")


def start_with_code(wave: SurveyWave, typed: str | None,
                    public_id: str) -> tuple[SurveyResponse | None, str | None, str, int]:
    """(response, its resume code when new, "", 302) once the card's code is spent (or
    this browser's double tap started already); (None, None, what to tell the worker,
    HTTP status) when the code lets nobody in."""
    config, now = current_app.config, utcnow()
    client = request.remote_addr or ""
    keys = throttle.Keys.of(config["SECRET_KEY"], client, f"invitation:{client}")
    if throttle.is_refused(keys, now, config["LOGIN_FAILURE_LIMIT_CLIENT"],
                           config["LOGIN_FAILURE_LIMIT_CLIENT"], config["LOGIN_FAILURE_WINDOW"]):
        return None, None, _("Too many tries. Wait 15 minutes, then try again."), 429
    response, code, state = invitations.start_with_code(
        wave, typed or "", public_id, current_language(), date.today(), config["SECRET_KEY"])
    if response is None:
        throttle.record_failure(keys, now, config["LOGIN_FAILURE_WINDOW"])
        return None, None, _message(state), 400
    return response, code, "", 302
