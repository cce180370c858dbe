"""survey invitation codes (digests only) and the batches of cards printed

Revision ID: 42fdc6ac96c8
Revises: b3d91f0c2a77
Create Date: 2026-11-23 18:06:08.734271

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '42fdc6ac96c8'
down_revision = 'b3d91f0c2a77'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'survey_card_batch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('made_on', sa.Date(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['survey_wave.id'],
                                name=op.f('fk_survey_card_batch_wave_id_survey_wave'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_card_batch')))
    op.create_index(op.f('ix_survey_card_batch_wave_id'), 'survey_card_batch', ['wave_id'],
                    unique=False)
    # Keyed by the code's digest, stored in key order on SQLite: no row id, no time.
    op.create_table(
        'survey_invitation',
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('wave_id', sa.Integer(), nullable=False),
        sa.Column('used', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['wave_id'], ['survey_wave.id'],
                                name=op.f('fk_survey_invitation_wave_id_survey_wave'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('digest', name=op.f('pk_survey_invitation')),
        sqlite_with_rowid=False)
    op.create_index(op.f('ix_survey_invitation_wave_id'), 'survey_invitation', ['wave_id'],
                    unique=False)
    # A plain ADD COLUMN, not a batch copy: on SQLite, copying survey_wave with foreign keys
    # on would delete its responses and tallies through their ON DELETE CASCADE.
    op.add_column('survey_wave', sa.Column('invitation_codes', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade():
    op.drop_column('survey_wave', 'invitation_codes')  # not a batch copy either
    op.drop_index(op.f('ix_survey_invitation_wave_id'), table_name='survey_invitation')
    op.drop_table('survey_invitation')
    op.drop_index(op.f('ix_survey_card_batch_wave_id'), table_name='survey_card_batch')
    op.drop_table('survey_card_batch')
