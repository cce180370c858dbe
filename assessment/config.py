"""Configuration: defaults, then instance/config.py, then environment variables.

Every setting the app cannot run safely without is checked here, at start,
with a message that names it.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "assessment.sqlite3"


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message names it."""


def default_settings(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance_path, SQLITE_FILE),
        # hide_parameters: a database error's log line never quotes the values sent
        # (staff-survey answers among them), only the statement.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        # The embedded SQLite database is created and migrated on first start;
        # a server database is migrated by the deploy step (`flask db upgrade`).
        "AUTO_MIGRATE": None,
        "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
        "PREFERRED_URL_SCHEME": "http",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "cpa_session",
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),
        "SESSION_ABSOLUTE_LIFETIME": timedelta(hours=12),
        # Failed password checks within the window (see auth/throttle.py): one account
        # from one client; one client, all accounts (an office shares one address); one
        # account from all clients, except from a browser it logged in from before.
        "LOGIN_FAILURE_LIMIT_ACCOUNT": 5,
        "LOGIN_FAILURE_LIMIT_CLIENT": 20,
        "LOGIN_FAILURE_LIMIT_ACCOUNT_ALL_CLIENTS": 50,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        "PASSWORD_HASH_METHOD": "scrypt",
        "WTF_CSRF_TIME_LIMIT": 3600 * 12,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Number of proxies in front of the app that set X-Forwarded-For;
        # 0 means requests come straight from the client.
        "PROXY_COUNT": 0,
        # Mail (see mail/outbox.py). Without MAIL_SERVER, messages are written as files
        # under instance/mail/ and "Forgot your password?" says to ask the administrator.
        "MAIL_SERVER": None,
        "MAIL_PORT": 587,
        "MAIL_SECURITY": "starttls",  # "starttls", "ssl" or "none"
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_FROM": "Career Pathways Assessment <no-reply@localhost>",
        "MAIL_TIMEOUT": 20,
        # The address people reach the app at, for links in messages sent by a command
        # (digests), e.g. "https://assess.example.org".
        "PUBLIC_URL": None,
        "PASSWORD_RESET_MINUTES": 60,
    }


def load(app: Flask, test_config: dict | None) -> None:
    """Fill app.config in order of precedence and check it."""
    app.config.from_mapping(default_settings(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        _from_environment(app)
    else:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["AUTO_MIGRATE"] is None:
        app.config["AUTO_MIGRATE"] = _is_embedded_sqlite(app)
    if _is_embedded_sqlite(app):  # a file cannot drop a connection: no ping per request
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    check(app.config)


def _from_environment(app: Flask) -> None:
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    # ASSESSMENT_SESSION_COOKIE_SECURE=true, ASSESSMENT_TRUSTED_HOSTS='["a.org"]', ...
    app.config.from_prefixed_env("ASSESSMENT")


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver whatever PostgreSQL spelling was given."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _is_embedded_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:")


def _instance_secret_key(instance: Path) -> str:
    """Read the key kept in instance/, or make one there on first start."""
    path = instance / SECRET_KEY_FILE
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Several workers may start at once: write aside, then link into place,
        # which fails for all but the first, so every worker reads the same key.
        draft = instance / f".{SECRET_KEY_FILE}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def check(config: dict) -> None:
    if len(config["SECRET_KEY"]) < 32:
        raise ConfigError("SECRET_KEY is shorter than 32 characters; set a long random value.")
    if not config.get("TRUSTED_HOSTS") and not config.get("SERVER_NAME"):
        raise ConfigError(
            "Set TRUSTED_HOSTS (ASSESSMENT_TRUSTED_HOSTS) or SERVER_NAME: links must "
            "never be built from an unchecked Host header."
        )
    if config["MAIL_SECURITY"] not in ("starttls", "ssl", "none"):
        raise ConfigError("MAIL_SECURITY must be starttls, ssl or none.")
    if config["SESSION_COOKIE_SAMESITE"] not in ("Lax", "Strict"):
        raise ConfigError("SESSION_COOKIE_SAMESITE must be Lax or Strict.")
