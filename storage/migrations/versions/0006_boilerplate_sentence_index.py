"""Index dedup_boilerplate by sentence, so that a batch reads only the boilerplate sentences it contains.

Before, each batch read every sentence of the scopes involved: an organisation's boilerplate grows with each of its
postings, and the read grew with the store.

Revision ID: 0006_boilerplate_sentence
Revises: 0005_run_owner
Create Date: 2026-11-24
"""

from alembic import op

revision = '0006_boilerplate_sentence'
down_revision = '0005_run_owner'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dedup_boilerplate') as batch:
        batch.create_index(batch.f('ix_dedup_boilerplate_sentence'), ['sentence'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dedup_boilerplate') as batch:
        batch.drop_index(batch.f('ix_dedup_boilerplate_sentence'))
