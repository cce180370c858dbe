"""Career Pathways Assessment: the application factory."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = PROJECT_ROOT / "migrations"

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from . import (  # noqa: F401
        cli, config, errors, i18n, models, request_checks, security, static_files,
    )
    from .extensions import babel, compress, csrf, db, login_manager, migrate

    config.load(app, test_config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are checked on the server instead
    i18n.init_app(app, babel)
    security.init_app(app)
    compress.init_app(app)
    static_files.init_app(app)  # after compress: its hook runs first, see there
    errors.init_app(app)
    request_checks.init_app(app)
    request_checks.register_converters(app)
    cli.init_app(app)

    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .capability.invitation_views import bp as invitations_bp
    from .capability.rating_views import bp as rating_bp
    from .capability.views import bp as capability_bp
    from .coaching.views import bp as coach_bp
    from .lattice.coach_views import bp as lattice_coach_bp
    from .lattice.public_views import bp as lattice_public_bp
    from .lattice.views import bp as lattice_bp
    from .comments.views import bp as comments_bp
    from .main.views import bp as main_bp
    from .organizations.views import bp as organizations_bp
    from .planning.views import bp as plan_bp
    from .survey.card_views import bp as survey_cards_bp
    from .survey.guide_views import bp as survey_guides_bp
    from .survey.respond_views import bp as respond_bp
    from .survey.views import bp as survey_bp
    from .workforce.views import bp as workforce_bp

    for blueprint in (main_bp, auth_bp, admin_bp, organizations_bp, capability_bp, rating_bp,
                      plan_bp, respond_bp, survey_bp, survey_cards_bp, survey_guides_bp,
                      coach_bp, comments_bp, invitations_bp):
        app.register_blueprint(blueprint)
    for blueprint in (lattice_bp, lattice_public_bp, lattice_coach_bp):  # the career lattice
        app.register_blueprint(blueprint)
    csrf.exempt(lattice_public_bp)  # workers' pages change nothing and keep nothing
    app.register_blueprint(workforce_bp)
    csrf.exempt(respond_bp)  # its forms check their own token and keep the answers

    from .submissions import once_field
    app.jinja_env.globals["once_field"] = once_field

    logging.getLogger("werkzeug").addFilter(_survey_requests_unlogged)

    if app.config["AUTO_MIGRATE"]:
        _upgrade_embedded_database(app)
    return app


def _survey_requests_unlogged(record: logging.LogRecord) -> bool:
    """The development server logs each request with the client's address and the time;
    staff-survey requests are left out so no log line can be matched to a response."""
    message = record.getMessage()
    return " /survey" not in message and " /s/" not in message


def _upgrade_embedded_database(app: Flask) -> None:
    """Create or migrate the embedded SQLite database, so one command starts the app."""
    from flask_migrate import upgrade

    app.config["MIGRATING_AT_START"] = True
    try:
        with app.app_context():
            upgrade(directory=str(MIGRATIONS))
    finally:
        app.config["MIGRATING_AT_START"] = False
    log.info("database %s is at the newest schema", app.config["SQLALCHEMY_DATABASE_URI"])
