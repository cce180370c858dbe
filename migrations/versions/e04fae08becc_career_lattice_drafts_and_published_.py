"""Career lattice: one draft per organization and its dated published versions.

Revision ID: e04fae08becc
Revises: 9ccf011a895a
Create Date: 2026-11-23 18:06:01.623115

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e04fae08becc'
down_revision = '9ccf011a895a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('career_lattice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_career_lattice_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_career_lattice')),
    sa.UniqueConstraint('code', name=op.f('uq_career_lattice_code')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_career_lattice_organization_id'))
    )
    op.create_table('lattice_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lattice_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['lattice_id'], ['career_lattice.id'], name=op.f('fk_lattice_version_lattice_id_career_lattice'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by'], ['user.id'], name=op.f('fk_lattice_version_published_by_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lattice_version')),
    sa.UniqueConstraint('lattice_id', 'number', name='uq_lattice_version_number')
    )
    with op.batch_alter_table('lattice_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lattice_version_lattice_id'), ['lattice_id'], unique=False)



def downgrade():
    with op.batch_alter_table('lattice_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lattice_version_lattice_id'))

    op.drop_table('lattice_version')
    op.drop_table('career_lattice')
