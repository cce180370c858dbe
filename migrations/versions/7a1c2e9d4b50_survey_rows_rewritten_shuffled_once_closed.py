"""survey rows written again, shuffled, once a wave is closed

Revision ID: 7a1c2e9d4b50
Revises: 51264a9fd58c
Create Date: 2026-11-23 17:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7a1c2e9d4b50'
down_revision = '51264a9fd58c'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not a batch copy: on SQLite, copying survey_wave with foreign keys
    # on would delete its responses and tallies through their ON DELETE CASCADE.
    # Waves closed before this version get their rows rewritten the next time they are read.
    op.add_column('survey_wave', sa.Column('sealed', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade():
    op.drop_column('survey_wave', 'sealed')  # not a batch copy either (SQLite 3.35 and newer)
