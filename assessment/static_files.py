"""Static files are addressed with a digest of their content (app.css?v=3f2a...), so a
phone keeps the stylesheet for a year and still fetches a changed one at once."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

A_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    app.url_defaults(_digest_in_static_urls)
    app.after_request(_cached_when_digested)


def digest_of(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None for a file that is not there."""
    path = safe_join(current_app.static_folder, filename)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    return _digest(path, stat.st_mtime_ns, stat.st_size) if stat else None


@lru_cache(maxsize=64)
def _digest(path: str, mtime_ns: int, size: int) -> str:  # mtime and size: a changed file misses
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]


def _digest_in_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and (digest := digest_of(values["filename"])):
        values["v"] = digest


def _cached_when_digested(response: Response) -> Response:
    """Only the address naming the current content is kept long: an old digest, or none,
    gets the usual revalidation.

    Registered after Flask-Compress, so it runs before it (Flask runs after-request hooks
    last-registered first): the file is read into the response here, which closes it and
    lets the compressor gzip a plain body instead of re-streaming an open file."""
    if request.endpoint != "static":
        return response
    if response.is_streamed:
        file = response.response
        response.set_data(b"".join(file))
        file.close()
    if (response.status_code == 200
            and request.args.get("v") == digest_of(request.view_args["filename"])):
        response.cache_control.public = True
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
    return response
