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


def test_the_stored_scores_migration_scores_cycles_rated_before_it(app, make_organization):
    from datetime import date

    from assessment.capability import operations
    from assessment.capability.models import PracticeScore

    organization = make_organization("Harbor")
    with app.app_context():
        cycle = operations.start_cycle(db.session.get(Organization, organization.id), "2026",
                                       date(2026, 1, 1))
        for levels in ([1, 2, 3, 4, 3, 2, 1], [3, 2, 3, 4, 3, 2, None]):
            rater = operations.add_rater(cycle, "R")
            for practice_id, level in zip(operations.cycle_rubric(cycle).practice_ids, levels):
                operations.save_rating(rater, practice_id, level, "")
        expected = {(s.practice_id, s.level, s.lowest, s.highest)
                    for s in db.session.scalars(select(PracticeScore))}
        db.session.commit()  # end the read, or PostgreSQL makes the migration wait for it
        downgrade(directory=str(MIGRATIONS), revision="d20283eecdbd")  # before the scores
        upgrade(directory=str(MIGRATIONS))
        stored = {(s.practice_id, s.level, s.lowest, s.highest)
                  for s in db.session.scalars(select(PracticeScore))}
    assert stored == expected and len(stored) == 7
    assert ("accountability", 1, 1, 3) in stored
