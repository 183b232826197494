"""Index posting_sources.archive_key: which source records came from a capture's bytes, in one index lookup.

A rerun skips the captures it has already published as they are (`glaneur.flows.incremental`) and only marks their
source records seen; finding those records by archive key must not scan the table (the rerun of 10k postings spent
30% of the first run doing so).

Revision ID: 0004_archive_key
Revises: 0003_dedup
Create Date: 2026-11-23
"""

from alembic import op

revision = '0004_archive_key'
down_revision = '0003_dedup'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_posting_sources_archive_key'), 'posting_sources', ['archive_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_posting_sources_archive_key'), table_name='posting_sources')
