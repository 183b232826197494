"""Initial schema: postings, provenance, captures, runs, quarantine, history, dedup overrides, crawl state.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('captures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('archive_key', sa.Text(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=700), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('hints', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('run_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_captures')),
    sa.UniqueConstraint('source', 'locator', 'sha256', name=op.f('uq_captures_source_locator_sha256'))
    )
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_captures_fetched_at'), ['fetched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_captures_sha256'), ['sha256'], unique=False)

    op.create_table('crawl_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('lastmod', sa.String(length=40), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_state')),
    sa.UniqueConstraint('source', 'url', name=op.f('uq_crawl_state_source_url'))
    )
    op.create_table('dedup_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('external_id', sa.String(length=700), nullable=True),
    sa.Column('posting_id', sa.Integer(), nullable=True),
    sa.Column('other_posting_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dedup_overrides'))
    )
    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('organization', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('locations', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('countries', sa.String(length=200), nullable=False),
    sa.Column('contract_type', sa.String(length=20), nullable=True),
    sa.Column('employment_type', sa.String(length=20), nullable=True),
    sa.Column('duration_months', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.String(length=10), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('posted_date', sa.Date(), nullable=True),
    sa.Column('apply_emails', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('apply_url', sa.Text(), nullable=True),
    sa.Column('positions', sa.Integer(), nullable=True),
    sa.Column('education_level', sa.String(length=20), nullable=True),
    sa.Column('experience_years_min', sa.Integer(), nullable=True),
    sa.Column('languages_required', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('salary_min', sa.Float(), nullable=True),
    sa.Column('salary_max', sa.Float(), nullable=True),
    sa.Column('salary_currency', sa.String(length=3), nullable=True),
    sa.Column('salary_period', sa.String(length=10), nullable=True),
    sa.Column('reference', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('url_key', sa.Text(), nullable=True),
    sa.Column('block_key', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('repost_of', sa.Integer(), nullable=True),
    sa.Column('code_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['repost_of'], ['postings.id'], name=op.f('fk_postings_repost_of_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings'))
    )
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postings_block_key'), ['block_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index('ix_postings_countries', ['countries'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_url_key'), ['url_key'], unique=False)

    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('archive_key', sa.Text(), nullable=True),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('run_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retried_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine')),
    sa.UniqueConstraint('source', 'locator', 'sha256', name=op.f('uq_quarantine_source_locator_sha256'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarantine_reason_code'), ['reason_code'], unique=False)

    op.create_table('runs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('flow', sa.String(length=50), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('counts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('manifest_key', sa.Text(), nullable=True),
    sa.Column('code_version', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    op.create_table('source_state',
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('cursor', sa.Text(), nullable=True),
    sa.Column('consecutive_failures', sa.Integer(), nullable=False),
    sa.Column('last_status', sa.String(length=10), nullable=True),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_items', sa.Integer(), nullable=True),
    sa.Column('cooldown_reason', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('source', name=op.f('pk_source_state'))
    )
    op.create_table('posting_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('new_value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('run_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_history_posting_id_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_history'))
    )
    with op.batch_alter_table('posting_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_history_posting_id'), ['posting_id'], unique=False)

    op.create_table('posting_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('external_id', sa.String(length=700), nullable=False),
    sa.Column('locator', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('archive_key', sa.Text(), nullable=True),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('record', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('structured', sa.Boolean(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('missed_crawls', sa.Integer(), nullable=False),
    sa.Column('match_rule', sa.String(length=50), nullable=True),
    sa.Column('match_score', sa.Float(), nullable=True),
    sa.Column('match_evidence', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('decided_by', sa.String(length=10), nullable=False),
    sa.Column('code_version', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_sources_posting_id_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_sources')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_posting_sources_source_external_id'))
    )
    with op.batch_alter_table('posting_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_sources_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_sources_posting_id'), ['posting_id'], unique=False)

    op.create_table('run_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('counts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_run_sources_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_sources')),
    sa.UniqueConstraint('run_id', 'source', name=op.f('uq_run_sources_run_id_source'))
    )
    with op.batch_alter_table('run_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_sources_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_run_sources_source'), ['source'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('run_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_sources_source'))
        batch_op.drop_index(batch_op.f('ix_run_sources_run_id'))

    op.drop_table('run_sources')
    with op.batch_alter_table('posting_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_sources_posting_id'))
        batch_op.drop_index(batch_op.f('ix_posting_sources_content_hash'))

    op.drop_table('posting_sources')
    with op.batch_alter_table('posting_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_history_posting_id'))

    op.drop_table('posting_history')
    op.drop_table('source_state')
    op.drop_table('runs')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quarantine_reason_code'))

    op.drop_table('quarantine')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_postings_url_key'))
        batch_op.drop_index(batch_op.f('ix_postings_updated_at'))
        batch_op.drop_index(batch_op.f('ix_postings_status'))
        batch_op.drop_index(batch_op.f('ix_postings_deadline'))
        batch_op.drop_index('ix_postings_countries')
        batch_op.drop_index(batch_op.f('ix_postings_content_hash'))
        batch_op.drop_index(batch_op.f('ix_postings_block_key'))

    op.drop_table('postings')
    op.drop_table('dedup_overrides')
    op.drop_table('crawl_state')
    with op.batch_alter_table('captures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_captures_sha256'))
        batch_op.drop_index(batch_op.f('ix_captures_fetched_at'))

    op.drop_table('captures')
