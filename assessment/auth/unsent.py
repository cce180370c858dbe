"""What someone typed into a form when their login had ended: kept through the login, so
they can send it right after instead of typing it again.

Nothing is stored: the posted fields travel, signed, in the login form itself, and come
back once the person has logged in. Passwords and the form's token are never kept.
"""
from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict

from ..navigation import local_path

SALT = "unsent-form"
LIFETIME_SECONDS = 24 * 3600
LEFT_OUT = ("csrf_token",)
# Fields that hold numbers the page needs but a person did not type.
NOT_SHOWN = ("version", "next", "response_id")


def keep(secret_key: str, path: str, form: MultiDict) -> str | None:
    """A signed copy of the posted form, or None when nothing was typed in it."""
    fields = [[name, value] for name, value in form.items(multi=True)
              if name not in LEFT_OUT and "password" not in name]
    if not any(value.strip() for name, value in fields if name not in NOT_SHOWN):
        return None
    return _serializer(secret_key).dumps({"path": path, "fields": fields})


def read(secret_key: str, token: str | None) -> tuple[str, list[list[str]]] | None:
    """(the page's address, its fields) from a token made by keep, if it is sound, recent
    and for a page of this site."""
    if not token:
        return None
    try:
        data = _serializer(secret_key).loads(token, max_age=LIFETIME_SECONDS)
    except BadSignature:
        return None
    path = local_path(data.get("path"))
    return (path, data.get("fields", [])) if path else None


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)
