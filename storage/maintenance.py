"""VACUUM where autovacuum does not run: publishing leaves dead row versions and fresh pages by the hundred thousand.

Without VACUUM, PostgreSQL never marks pages all-visible, so the candidate-key lookups (`dedup_keys` by key, newest
first) visit the table for every index entry instead of reading the index alone; the row versions that updates of
postings leave behind are never reclaimed, and every index grows with them. A server normally runs autovacuum for
this. Where it is off (as on the machine the benchmarks run on), each flow run ends by doing the same
(`glaneur.flows.nightly.finish`): tables past autovacuum's own default thresholds get `VACUUM (ANALYZE)`. On a 90k
store that had never been vacuumed, publishing a batch took 4.2 s before one VACUUM and 3.2 s after.

Only tables the connected role owns can be vacuumed (a least-privilege writer owns none: its server must run
autovacuum); SQLite needs none of this.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# autovacuum's defaults: dead rows past 50 + 20 % of the table, or rows inserted since the last VACUUM past
# 1,000 + 20 % (PostgreSQL 13+).
DEAD_BASE, INSERTED_BASE, SCALE = 50, 1000, 0.2

_DUE = text("""
    SELECT s.relname FROM pg_stat_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
    WHERE (NOT current_setting('autovacuum')::boolean OR c.reloptions @> ARRAY['autovacuum_enabled=false'])
      AND s.schemaname = current_schema() AND pg_has_role(c.relowner, 'USAGE')
      AND (s.n_dead_tup > :dead_base + :scale * greatest(c.reltuples, 0)
           OR s.n_ins_since_vacuum > :inserted_base + :scale * greatest(c.reltuples, 0))
    ORDER BY s.relname""")


def vacuum_due(engine: Engine) -> list[str]:
    """VACUUM (ANALYZE) the store's tables that autovacuum would have vacuumed by now, if it is off (for the
    server or the table); returns them."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as connection:
        due = list(connection.execute(_DUE, {"dead_base": DEAD_BASE, "inserted_base": INSERTED_BASE,
                                             "scale": SCALE}).scalars())
    if due:
        # VACUUM cannot run in a transaction; SKIP_LOCKED leaves a table another run is vacuuming to that run.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in due:
                connection.execute(text(f'VACUUM (ANALYZE, SKIP_LOCKED) "{table}"'))
    return due
