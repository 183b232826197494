"""The store vacuums itself where autovacuum does not run (`glaneur.storage.maintenance`)."""

import time

from sqlalchemy import text

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.maintenance import INSERTED_BASE, vacuum_due
from glaneur.storage.models import DedupKey, Posting, PostingSource
from glaneur.storage.publish import bulk_insert


def _inserted_since_vacuum(engine, table: str) -> int:
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        return connection.scalar(text("SELECT n_ins_since_vacuum FROM pg_stat_user_tables WHERE relname = :t"),
                                 {"t": table}) or 0


def test_a_table_past_autovacuums_threshold_is_vacuumed_once_where_autovacuum_is_off(pg_url):
    engine = open_store(pg_url)
    with engine.begin() as connection:  # off for this table, whatever the server says
        connection.execute(text("ALTER TABLE dedup_keys SET (autovacuum_enabled = false)"))
    vacuum_due(engine)  # what an earlier test left due
    with session_scope(engine) as session:
        posting = bulk_insert(session, Posting, [{"status": "open", "first_seen": "2024-03-01T00:00:00Z",
                                                  "last_seen": "2024-03-01T00:00:00Z",
                                                  "updated_at": "2024-03-01T00:00:00Z"}], returning_ids=True)[0]
        [source] = bulk_insert(session, PostingSource, [
            {"posting_id": posting, "source": "inbox", "external_id": "maintenance", "locator": "m.txt",
             "first_seen": "2024-03-01T00:00:00Z", "last_seen": "2024-03-01T00:00:00Z"}], returning_ids=True)
        bulk_insert(session, DedupKey, [{"key": key, "source_id": source} for key in range(3 * INSERTED_BASE)])
    deadline = time.monotonic() + 15  # the server publishes table counters within about a second
    while _inserted_since_vacuum(engine, "dedup_keys") < 3 * INSERTED_BASE and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "dedup_keys" in vacuum_due(engine)
    with engine.connect() as connection:
        vacuumed = connection.scalar(text("SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL "
                                          "FROM pg_stat_user_tables WHERE relname = 'dedup_keys'"))
    assert vacuumed
    assert "dedup_keys" not in vacuum_due(engine), "vacuumed once, not after every batch"
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE dedup_keys RESET (autovacuum_enabled)"))


def test_sqlite_needs_no_vacuum(sqlite_url):
    assert vacuum_due(open_store(sqlite_url)) == []
