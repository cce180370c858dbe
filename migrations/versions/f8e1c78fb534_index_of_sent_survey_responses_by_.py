"""index of sent survey responses by survey, for the coach's counts

Revision ID: f8e1c78fb534
Revises: 3798923af086
Create Date: 2026-11-23 21:33:04.554018

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f8e1c78fb534'
down_revision = '3798923af086'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX, not a batch: SQLite's table is WITHOUT ROWID, which a batch copy
    # would have to carry over; an index needs no copy.
    op.create_index('ix_survey_response_wave_sent', 'survey_response',
                    ['wave_id', 'submitted_on'], unique=False)


def downgrade():
    op.drop_index('ix_survey_response_wave_sent', table_name='survey_response')
