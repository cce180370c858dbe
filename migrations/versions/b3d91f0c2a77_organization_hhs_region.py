"""An organization's HHS region, for seed 003's regional peer pay

Revision ID: b3d91f0c2a77
Revises: 7a1c2e9d4b50
Create Date: 2026-11-23 18:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "b3d91f0c2a77"
down_revision = "7a1c2e9d4b50"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("organization", sa.Column("hhs_region", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("organization", "hhs_region")
