"""Read contract: stable views for downstream readers, and full-text search over postings.

PostgreSQL: schema `read` with the views postings_all, postings_open and posting_sources (the contract's names);
a generated tsvector column `search_vector` (French and English stemming over accent-folded text) with a GIN index.
SQLite: the views postings_all, postings_open and posting_sources_view (no schemas there, and posting_sources is
already the provenance table); an FTS5 external-content table `postings_fts` kept in step by triggers.

A later migration that alters postings or posting_sources must drop these views first and create them again at its
end (SQLite cannot even rebuild a table a view depends on; PostgreSQL refuses to drop a column a view uses), and on
SQLite recreate the postings_fts triggers after a batch rebuild of postings. docs/read.md says how.

Revision ID: 0002_read
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op

revision = '0002_read'
down_revision = '0001'
branch_labels = None
depends_on = None

# Accent folding both databases agree on (SQLite's FTS5 tokenizer does it with remove_diacritics 2).
FOLD_FROM = 'àáâãäåāăąçćčďèéêëēėęěìíîïīįľłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿźżž'
FOLD_TO = 'aaaaaaaaacccdeeeeeeeeiiiiiillnnnoooooooorrssstuuuuuuuuyyzzz'
SEARCHED_TEXT = "coalesce(title, '') || ' ' || coalesce(organization, '') || ' ' || coalesce(description, '')"


def postings_all_sql(trim: str) -> str:
    return f"""
        SELECT p.id, p.title, p.organization, p.language, p.locations, {trim}(p.countries) AS countries,
               p.contract_type, p.employment_type, p.duration_months, p.start_date, p.deadline, p.posted_date,
               p.apply_emails, p.apply_url, p.positions, p.education_level, p.experience_years_min,
               p.languages_required, p.salary_min, p.salary_max, p.salary_currency, p.salary_period, p.reference,
               p.description, p.source, p.url, p.content_hash, p.status, p.first_seen, p.last_seen, p.updated_at,
               p.repost_of,
               (SELECT count(*) FROM posting_sources s WHERE s.posting_id = p.id) AS source_count
        FROM postings p"""


POSTING_SOURCES_SQL = """
    SELECT s.posting_id, s.source, s.external_id, s.url, s.locator, s.archive_key, s.media_type, s.content_hash,
           s.record, s.first_seen, s.last_seen, s.missed_crawls, s.match_rule, s.match_score, s.decided_by
    FROM posting_sources s"""


def create_views(names: dict[str, str], trim: str) -> None:
    op.execute(f"CREATE VIEW {names['postings_all']} AS {postings_all_sql(trim)}")
    op.execute(f"CREATE VIEW {names['postings_open']} AS SELECT * FROM {names['postings_all']} WHERE status = 'open'")
    op.execute(f"CREATE VIEW {names['posting_sources']} AS {POSTING_SOURCES_SQL}")


def drop_views(names: dict[str, str]) -> None:
    for contract_name in ("postings_open", "postings_all", "posting_sources"):
        op.execute(f"DROP VIEW IF EXISTS {names[contract_name]}")


POSTGRESQL_VIEWS = {name: f"read.{name}" for name in ("postings_all", "postings_open", "posting_sources")}
SQLITE_VIEWS = {"postings_all": "postings_all", "postings_open": "postings_open",
                "posting_sources": "posting_sources_view"}
FTS_COLUMNS = "title, organization, description"
SQLITE_FTS_TRIGGERS = {
    "postings_fts_insert": f"""AFTER INSERT ON postings BEGIN
        INSERT INTO postings_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, new.title, new.organization, new.description);
    END""",
    "postings_fts_delete": f"""AFTER DELETE ON postings BEGIN
        INSERT INTO postings_fts(postings_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.organization, old.description);
    END""",
    # Only when a searched column is set: the per-run last_seen update does not touch the index.
    "postings_fts_update": f"""AFTER UPDATE OF {FTS_COLUMNS} ON postings BEGIN
        INSERT INTO postings_fts(postings_fts, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.id, old.title, old.organization, old.description);
        INSERT INTO postings_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, new.title, new.organization, new.description);
    END""",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION glaneur_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT translate(replace(replace(lower($1), 'œ', 'oe'), 'æ', 'ae'), '{FOLD_FROM}', '{FOLD_TO}') $$""")
        op.execute(f"""
            ALTER TABLE postings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                to_tsvector('french'::regconfig, glaneur_fold({SEARCHED_TEXT}))
                || to_tsvector('english'::regconfig, glaneur_fold({SEARCHED_TEXT}))
            ) STORED""")
        op.execute("CREATE INDEX ix_postings_search_vector ON postings USING gin (search_vector)")
        op.execute("CREATE SCHEMA read")
        create_views(POSTGRESQL_VIEWS, "btrim")
    else:
        op.execute(f"""
            CREATE VIRTUAL TABLE postings_fts USING fts5({FTS_COLUMNS}, content='postings', content_rowid='id',
                                                         tokenize='porter unicode61 remove_diacritics 2')""")
        for name, body in SQLITE_FTS_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute("INSERT INTO postings_fts(postings_fts) VALUES ('rebuild')")
        create_views(SQLITE_VIEWS, "trim")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        drop_views(POSTGRESQL_VIEWS)
        op.execute("DROP SCHEMA read")
        op.execute("DROP INDEX ix_postings_search_vector")
        op.execute("ALTER TABLE postings DROP COLUMN search_vector")
        op.execute("DROP FUNCTION glaneur_fold(text)")
    else:
        drop_views(SQLITE_VIEWS)
        for name in SQLITE_FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE postings_fts")
