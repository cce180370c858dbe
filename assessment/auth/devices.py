"""Known devices: a browser remembers, in a signed cookie of its own, which accounts
logged in from it, so guessing spread over many addresses cannot lock the owner out of
their own computer or phone (see throttle.py). The cookie holds keyed digests of those
accounts, never an email, and survives logging out."""
from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "cpa_device"
LIFETIME = timedelta(days=180)
MOST_ACCOUNTS = 5  # a shared office computer: the few people who use it


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def known_accounts() -> list[str]:
    value = request.cookies.get(COOKIE)
    if not value:
        return []
    try:
        accounts = _serializer().loads(value, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return []
    return [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []


def is_known(account_key: str) -> bool:
    return account_key in known_accounts()


def remember(response: Response, account_key: str) -> Response:
    accounts = [account_key] + [a for a in known_accounts() if a != account_key]
    config = current_app.config
    response.set_cookie(
        COOKIE, _serializer().dumps(accounts[:MOST_ACCOUNTS]),
        max_age=int(LIFETIME.total_seconds()), httponly=True,
        secure=config["SESSION_COOKIE_SECURE"], samesite=config["SESSION_COOKIE_SAMESITE"])
    return response
