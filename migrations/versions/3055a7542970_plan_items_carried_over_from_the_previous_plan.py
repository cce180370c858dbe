"""plan items carried over from the previous plan

Revision ID: 3055a7542970
Revises: 42fdc6ac96c8
Create Date: 2026-11-23 18:08:09.211369

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '3055a7542970'
down_revision = '42fdc6ac96c8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_plan_item_carried_from', ['plan_id', 'carried_from_id'])
        batch_op.create_foreign_key(batch_op.f('fk_plan_item_carried_from_id_plan_item'), 'plan_item', ['carried_from_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_item_carried_from_id_plan_item'), type_='foreignkey')
        batch_op.drop_constraint('uq_plan_item_carried_from', type_='unique')
        batch_op.drop_column('carried_from_id')
