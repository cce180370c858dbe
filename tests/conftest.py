"""Fixtures: an app on an isolated, migrated database (SQLite by default, PostgreSQL
when DATABASE_URL is set), a client that logs in, and factories for accounts."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from assessment import MIGRATIONS, create_app
from assessment.auth.models import User
from assessment.auth.passwords import hash_password
from assessment.config import normalise_database_url
from assessment.extensions import db
from assessment.organizations.models import Organization

SERVER_DATABASE_URL = os.environ.get("DATABASE_URL")
PASSWORD = "correct horse battery"
FAST_HASH = "pbkdf2:sha256:1000"  # the real default (scrypt) is deliberately slow

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "PASSWORD_HASH_METHOD": FAST_HASH,
    "AUTO_MIGRATE": False,
}


def make_app(database_url: str, instance_path: Path, **overrides):
    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides},
                      instance_path=str(instance_path))


@pytest.fixture(scope="session")
def shared_instance(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory, shared_instance):
    """Migrate once per run: a template SQLite file to copy, or the PostgreSQL database."""
    if SERVER_DATABASE_URL:
        url = normalise_database_url(SERVER_DATABASE_URL)
        app = make_app(url, shared_instance)
        with app.app_context():
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            upgrade(directory=str(MIGRATIONS))
            db.engine.dispose()
        return url
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    app = make_app(f"sqlite:///{template}", shared_instance)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        db.engine.dispose()
    return template


def database_url_for_test(migrated_database, tmp_path: Path) -> str:
    if SERVER_DATABASE_URL:
        return migrated_database
    path = tmp_path / "test.sqlite3"
    shutil.copy(migrated_database, path)
    return f"sqlite:///{path}"


def empty_server_database() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(migrated_database, shared_instance, tmp_path):
    """The app, with no context pushed: each request gets its own, as in production.
    Tests that read the database open `with app.app_context():` themselves."""
    app = make_app(database_url_for_test(migrated_database, tmp_path), shared_instance)
    yield app
    with app.app_context():
        if SERVER_DATABASE_URL:
            empty_server_database()
        db.engine.dispose()


def saved(*objects):
    """Commit objects and hand them back loaded, usable outside the app context."""
    db.session.add_all(objects)
    db.session.commit()
    for obj in objects:
        db.session.refresh(obj)
    db.session.expunge_all()
    return objects[0] if len(objects) == 1 else objects


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def post_form(client, path: str, data: dict | None = None, **kwargs):
    """Submit a form as a browser does: with the CSRF token the page carries."""
    return client.post(path, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


@pytest.fixture
def make_organization(app):
    def make(name: str = "Harbor Peer Collective") -> Organization:
        with app.app_context():
            return saved(Organization(name=name))
    return make


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role: str = "lead", organization: Organization | None = None,
             email: str | None = None, name: str | None = None,
             coaches: list[Organization] = ()) -> User:
        n = next(counter)
        with app.app_context():
            user = User(email=email or f"{role}{n}@example.org",
                        name=name or f"{role.title()} {n}", role=role,
                        organization_id=organization.id if organization else None,
                        password_hash=hash_password(PASSWORD, FAST_HASH))
            user.coached_organizations.extend(
                db.session.get(Organization, o.id) for o in coaches)
            return saved(user)
    return make


def log_in(client, user: User, password: str = PASSWORD):
    return post_form(client, "/login", {"email": user.email, "password": password})


@pytest.fixture
def logged_in(client):
    """logged_in(user) -> the client, now logged in as user."""
    def login(user: User):
        response = log_in(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return login
