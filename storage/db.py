"""Engines, sessions and schema migrations for SQLite and PostgreSQL through one code path."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every process that may migrate at the same time.
MIGRATION_LOCK_ID = 0x6C616E6575
PG_CONNECT_TIMEOUT_S = 10


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or opened; the message says which URL (without password)."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the API, exports) work while a run publishes; busy_timeout lets two runs queue, not fail.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # PostgreSQL's md5(text), so that one query can tell whether a stored record changed (publish's profile cache).
    dbapi_connection.create_function("md5", 1, md5_hex, deterministic=True)


def md5_hex(value: str | None) -> str | None:
    """md5 of a text's UTF-8 bytes, in hex: what PostgreSQL's md5(text) gives on a UTF-8 database."""
    return None if value is None else hashlib.md5(value.encode("utf-8")).hexdigest()


def _autocommit_driver(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:" and not read_only:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        if read_only:
            event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA query_only=ON"))
        # pysqlite begins transactions lazily, so two writers can deadlock on the read→write upgrade; taking the
        # write lock at BEGIN makes the second one wait for busy_timeout instead (SQLAlchemy's documented recipe).
        event.listen(engine, "connect", _autocommit_driver)
        begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
        return engine
    connect_args: dict[str, object] = {"options": "-c default_transaction_read_only=on"} if read_only else {}
    if "connect_timeout" not in make_url(url).query:
        # libpq waits for the OS's TCP timeout (minutes) on a host that drops packets; a run should fail fast
        # and retry instead. A `connect_timeout` in the URL wins.
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the schema to head; safe when several processes start at once."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head_revision()


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    except OperationalError as error:
        engine.dispose()
        safe = engine.url.render_as_string(hide_password=True)
        raise StoreUnavailable(f"cannot open database {safe}: {error.orig or error}") from error
    return engine


def open_store(url: str) -> Engine:
    """The engine for `url`, migrated to head on first use."""
    return _engine_for(url)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory.begin() as session:
        yield session
