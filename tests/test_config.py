"""Configuration: the secret key kept in instance/, DATABASE_URL, and refusing unsafe settings."""
import pytest

from assessment import create_app
from assessment.config import ConfigError, normalise_database_url


def start(tmp_path, **config):
    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3",
                "AUTO_MIGRATE": False, **config}
    return create_app(settings, instance_path=str(tmp_path / "instance"))


def test_a_secret_key_is_generated_into_instance_once_and_reused(tmp_path):
    first = start(tmp_path)
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert len(first.config["SECRET_KEY"]) >= 64
    assert start(tmp_path).config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_a_short_secret_key_is_refused_by_name(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        start(tmp_path, SECRET_KEY="short")


def test_links_need_trusted_hosts_or_a_server_name(tmp_path):
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS"):
        start(tmp_path, TRUSTED_HOSTS=None)


def test_environment_variables_choose_the_database_and_cookie_security(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/from-env.sqlite3")
    monkeypatch.setenv("ASSESSMENT_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("ASSESSMENT_TRUSTED_HOSTS", '["assess.example.org"]')
    monkeypatch.setenv("ASSESSMENT_AUTO_MIGRATE", "false")
    app = create_app(instance_path=str(tmp_path / "instance"))
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("from-env.sqlite3")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["TRUSTED_HOSTS"] == ["assess.example.org"]


def test_the_embedded_database_is_created_and_migrated_on_first_start(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/fresh.sqlite3"},
                     instance_path=str(tmp_path / "instance"))
    response = app.test_client().get("/login")
    assert response.status_code == 200
    assert app.test_client().get("/healthz").status_code == 200
    from sqlalchemy import inspect

    from assessment.extensions import db
    with app.app_context():
        assert "user" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_postgres_urls_use_the_psycopg_3_driver():
    assert normalise_database_url("postgres://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert normalise_database_url("postgresql://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_migrating_the_embedded_database_at_start_leaves_logging_as_the_server_set_it(
        tmp_path):
    """Under gunicorn the app's log lines go to the server's error log. The migration run
    at start must not install logging of its own: a handler on the root logger would take
    the app's lines (with their full messages) away from that log."""
    import logging

    root = logging.getLogger()
    before = list(root.handlers), root.level
    start(tmp_path, AUTO_MIGRATE=True)
    assert (list(root.handlers), root.level) == before
