"""Record which process runs a flow run (host and pid), so that a run whose process died is marked `abandoned`.

A run killed with -9 never reaches `finish_run`: its row would say `running` forever and an operator could not tell
it from a run in progress.

Revision ID: 0005_run_owner
Revises: 0004_archive_key
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_run_owner'
down_revision = '0004_archive_key'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('runs') as batch:
        batch.add_column(sa.Column('host', sa.String(length=255), nullable=True))
        batch.add_column(sa.Column('pid', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('runs') as batch:
        batch.drop_column('pid')
        batch.drop_column('host')
