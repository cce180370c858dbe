"""one-time tokens of forms that make something new

Revision ID: 51264a9fd58c
Revises: 95ec4c8f702d
Create Date: 2026-11-23 17:25:00.737159

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '51264a9fd58c'
down_revision = '95ec4c8f702d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_submission',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('then_url', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_form_submission'))
    )
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submission_made_at'), ['made_at'], unique=False)



def downgrade():
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submission_made_at'))

    op.drop_table('form_submission')
