"""Response headers every page carries."""
from __future__ import annotations

from flask import Flask, Response, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    set_by_view = {name.lower() for name in headers.keys()}
    headers.extend([(name, value) for name, value in SECURITY_HEADERS
                    if name.lower() not in set_by_view])
    # Pages differ by the visitor's language as well as their session.
    response.vary.update(("Accept-Language", "Cookie"))
    if is_private(request.path) and request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response


# A rater's answers and evidence, a worker's survey answers: pages a shared phone or
# computer must not keep for the next person to find with Back or in its history.
PRIVATE_PREFIXES = ("/rate", "/survey", "/s/")


def is_private(path: str) -> bool:
    """A logged-in visitor's page (checked without a database query) or a rater's or
    survey worker's page."""
    return bool(session.get("_user_id")) or path.startswith(PRIVATE_PREFIXES)


def init_app(app: Flask) -> None:
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)
    if app.config["SESSION_COOKIE_SECURE"]:
        app.after_request(_strict_transport)
    app.after_request(add_security_headers)


def _strict_transport(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
