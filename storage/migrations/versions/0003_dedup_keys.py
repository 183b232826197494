"""Dedup and lifecycle: candidate keys per source record, learnt boilerplate, crawl outcomes, override partners.

New tables only (postings and posting_sources are untouched, so the read views of 0002_read stay as they are):
dedup_keys (set-based candidate lookup instead of all pairs), dedup_boilerplate (sentences shared by different jobs
of an organisation or a board), source_crawls (which crawls the lifecycle counted); dedup_overrides gains the source
record on the other side of an operator's split or merge.

Revision ID: 0003_dedup
Revises: 0002_read
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_dedup'
down_revision = '0002_read'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'dedup_keys',
        sa.Column('key', sa.BigInteger(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['source_id'], ['posting_sources.id'],
                                name=op.f('fk_dedup_keys_source_id_posting_sources')),
        sa.PrimaryKeyConstraint('key', 'source_id', name=op.f('pk_dedup_keys')),
    )
    op.create_index(op.f('ix_dedup_keys_source_id'), 'dedup_keys', ['source_id'], unique=False)
    op.create_table(
        'dedup_boilerplate',
        sa.Column('scope', sa.String(length=120), nullable=False),
        sa.Column('sentence', sa.BigInteger(), nullable=False),
        sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'sentence', name=op.f('pk_dedup_boilerplate')),
    )
    op.create_table(
        'source_crawls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=100), nullable=False),
        sa.Column('run_id', sa.String(length=36), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('seen', sa.Integer(), nullable=False),
        sa.Column('missed', sa.Integer(), nullable=False),
        sa.Column('crawled_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source_crawls')),
        sa.UniqueConstraint('source', 'run_id', name=op.f('uq_source_crawls_source_run_id')),
    )
    op.create_index(op.f('ix_source_crawls_source'), 'source_crawls', ['source'], unique=False)
    with op.batch_alter_table('dedup_overrides', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_source', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('other_external_id', sa.String(length=700), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('dedup_overrides', schema=None) as batch_op:
        batch_op.drop_column('other_external_id')
        batch_op.drop_column('other_source')
    op.drop_index(op.f('ix_source_crawls_source'), table_name='source_crawls')
    op.drop_table('source_crawls')
    op.drop_table('dedup_boilerplate')
    op.drop_index(op.f('ix_dedup_keys_source_id'), table_name='dedup_keys')
    op.drop_table('dedup_keys')
