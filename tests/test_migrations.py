"""The migrations build exactly the models' schema, and run down and up with data in place."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from assessment import MIGRATIONS
from assessment.extensions import db
from assessment.organizations.models import Organization


def test_the_migrated_schema_equals_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_every_migration_runs_down_and_up_again(app, make_organization, make_user):
    make_user("lead", make_organization("Harbor"))
    with app.app_context():
        downgrade(directory=str(MIGRATIONS), revision="base")
        upgrade(directory=str(MIGRATIONS))
        assert db.session.scalar(select(func.count()).select_from(Organization)) == 0
        db.session.add(Organization(name="After the round trip"))
        db.session.commit()
